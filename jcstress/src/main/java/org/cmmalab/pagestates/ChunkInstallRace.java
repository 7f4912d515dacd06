package org.cmmalab.pagestates;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LL_Result;

/**
 * Two threads each change a frame of the same absent chunk in the real {@link FrameTable}: both
 * find the slot empty and build a chunk, and the CAS lets one array in. The loser must drop its
 * own array, never written to, and make its transition in the winner's; a transition made in an
 * array the directory does not hold is lost. Both frames must end {@code Uz}.
 */
@JCStressTest
@Description("FrameTable: two installers of one chunk, neither transition lost")
@Outcome(id = "Uz, Uz", expect = ACCEPTABLE, desc = "both transitions, in one chunk")
@Outcome(expect = FORBIDDEN, desc = "a transition lost: it went into a chunk that the directory does not hold")
@State
public class ChunkInstallRace {
    private static final int LAST = FrameTable.FRAMES_PER_CHUNK - 1;

    private final FrameTable table = new FrameTable(FrameTable.FRAMES_PER_CHUNK, HostMode.ZVM);

    @Actor
    public void first() {
        table.essa(0, Orc.SET_UNUSED);
    }

    @Actor
    public void last() {
        table.essa(LAST, Orc.SET_UNUSED);
    }

    @Arbiter
    public void after(LL_Result r) {
        r.r1 = FrameState.name(table.state(0));
        r.r2 = FrameState.name(table.state(LAST));
    }
}
