package org.cmmalab.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.cmmalab.guestmm.GuestCounters;
import org.cmmalab.hostpager.HostCounters;
import org.junit.jupiter.api.Test;

/**
 * Every touch of {@code roundTrip} is one whole discard-fault round trip, with no reclaim inside
 * the call; every touch of {@code residentTouch} hits.
 */
class DiscardFaultBenchmarkTest {
    private static final int PAGES = 64;
    private static final int BATCH = 16;

    private final DiscardFaultBenchmark bench = new DiscardFaultBenchmark();

    @Test
    void eachTouchOfARoundTripIsOneDiscardFaultAndOneReRead() {
        DiscardFaultBenchmark.DiscardedPages s = new DiscardFaultBenchmark.DiscardedPages();
        s.setUp(PAGES, BATCH);
        GuestCounters g = s.kernel.counters();
        HostCounters h = s.host.counters();
        for (int round = 0; round < 3 * PAGES / BATCH; round++) {
            long discards = h.discards();
            s.discard(); // the untimed setup: the host discards the batch the call will touch
            assertEquals(discards + BATCH, h.discards(), "round " + round);
            assertEquals(BATCH, s.host.freeFrames());

            long delivered = s.guest.delivery().delivered();
            long faults = g.discardFaults();
            long reads = g.diskReads();
            long scans = h.reclaimScans();
            bench.roundTrip(s);
            assertEquals(delivered + BATCH, s.guest.delivery().delivered(), "round " + round + ": one fault per touch");
            assertEquals(faults + BATCH, g.discardFaults(), "round " + round);
            assertEquals(reads + BATCH, g.diskReads(), "round " + round + ": one re-read per touch");
            assertEquals(scans, h.reclaimScans(), "round " + round + ": no reclaim inside the call");
            assertEquals(0, s.host.freeFrames(), "the re-reads took the frames the discards freed");
        }
        assertEquals(0, g.lostPages());
        assertEquals(0, g.leaks());
    }

    @Test
    void residentTouchesHit() {
        DiscardFaultBenchmark.ResidentPages s = new DiscardFaultBenchmark.ResidentPages();
        s.setUp(PAGES);
        long faults = s.host.counters().faults();
        long reads = s.kernel.counters().diskReads();
        for (int i = 0; i < 3 * PAGES; i++) {
            bench.residentTouch(s);
        }
        assertEquals(faults, s.host.counters().faults());
        assertEquals(reads, s.kernel.counters().diskReads());
        assertEquals(0, s.guest.delivery().delivered());
        assertEquals(3L * PAGES, s.kernel.counters().mappedAccesses() - PAGES, "the setup's touches, then the walk's");
    }
}
