package org.cmmalab.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.cmmalab.pagestates.ContentState;
import org.cmmalab.pagestates.FrameOp;
import org.cmmalab.pagestates.FrameState;
import org.cmmalab.pagestates.UsageState;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.Blackhole;

/** Each side of the race, one call at a time, makes the transitions its benchmark says it does. */
class ContendedStateBenchmarkTest {
    private static final int VR = FrameState.of(UsageState.VOLATILE, ContentState.RESIDENT);

    private final ContendedStateBenchmark bench = new ContendedStateBenchmark();
    private final Blackhole bh = new Blackhole(
            "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");

    @Test
    void guestKeepsAVolatileFrameAndReleasesIt() {
        ContendedStateBenchmark.SharedFrames s = shared(4);
        ContendedStateBenchmark.GuestOutcomes o = new ContendedStateBenchmark.GuestOutcomes();
        ContendedStateBenchmark.Walk guest = new ContendedStateBenchmark.Walk();
        for (int i = 0; i < 8; i++) {
            bench.guestMakeStable(s, guest, o, bh);
        }
        assertEquals(8, o.kept);
        assertEquals(0, o.discarded + o.neither);
        assertEquals(VR, s.table.state(0));
    }

    @Test
    void guestSeesTheHostsDiscardAndTheHostReArms() {
        ContendedStateBenchmark.SharedFrames s = shared(1);
        ContendedStateBenchmark.GuestOutcomes o = new ContendedStateBenchmark.GuestOutcomes();
        ContendedStateBenchmark.Walk guest = new ContendedStateBenchmark.Walk();
        ContendedStateBenchmark.Walk host = new ContendedStateBenchmark.Walk();

        s.table.apply(0, FrameOp.RECLAIM); // the host's discard, caught half way
        bench.guestMakeStable(s, guest, o, bh);
        assertEquals(1, o.discarded);

        bench.hostDiscard(s, host, bh);
        assertEquals(VR, s.table.state(0));
        bench.guestMakeStable(s, guest, o, bh);
        assertEquals(1, o.kept);

        o.clear();
        assertEquals(0, o.kept + o.discarded + o.neither);
    }

    private static ContendedStateBenchmark.SharedFrames shared(int frames) {
        ContendedStateBenchmark.SharedFrames s = new ContendedStateBenchmark.SharedFrames();
        s.frames = frames;
        s.setUp();
        for (int f = 0; f < frames; f++) {
            assertEquals(VR, s.table.state(f));
        }
        return s;
    }
}
