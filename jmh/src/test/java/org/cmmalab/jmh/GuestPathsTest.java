package org.cmmalab.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.cmmalab.guestmm.GuestCounters;
import org.cmmalab.guestmm.GuestKernel;
import org.cmmalab.hostpager.HostCounters;
import org.cmmalab.pagestates.ContentState;
import org.cmmalab.pagestates.FrameState;
import org.cmmalab.pagestates.FrameTable;
import org.cmmalab.pagestates.Orc;
import org.cmmalab.pagestates.UsageState;
import org.junit.jupiter.api.Test;

/**
 * The guest hint-path benchmarks run guest-mm's real paths and issue exactly the ESSA they are
 * held against, with hints on, and none with hints off; the host never reclaims.
 */
class GuestPathsTest {
    private static final int WALK = 64;
    private static final int SR = FrameState.of(UsageState.STABLE, ContentState.RESIDENT);
    private static final int UR = FrameState.of(UsageState.UNUSED, ContentState.RESIDENT);
    private static final int VR = FrameState.of(UsageState.VOLATILE, ContentState.RESIDENT);

    private final StateChangeBenchmark bench = new StateChangeBenchmark();

    @Test
    void allocFreeIssuesSetStableThenSetUnusedOnFramesTheHostHolds() {
        GuestPaths.FreeFrames s = new GuestPaths.FreeFrames();
        s.setUp(true, WALK);
        GuestCounters c = s.kernel.counters();
        FrameTable table = s.guest.space().table();
        HostCounters host = s.host.counters();
        long hostFaults = host.faults();
        for (int lap = 0; lap < 4; lap++) {
            boolean allocating = lap % 2 == 0;
            for (int step = 0; step < WALK; step++) {
                long stable = c.essa(Orc.SET_STABLE);
                long unused = c.essa(Orc.SET_UNUSED);
                bench.guestAllocFree(s);
                int frame = s.frames[step];
                assertEquals(stable + (allocating ? 1 : 0), c.essa(Orc.SET_STABLE), "lap " + lap + " step " + step);
                assertEquals(unused + (allocating ? 0 : 1), c.essa(Orc.SET_UNUSED), "lap " + lap + " step " + step);
                assertEquals(allocating ? SR : UR, table.state(frame) & (FrameState.USAGE_MASK | FrameState.CONTENT_MASK));
            }
            assertEquals(allocating ? 0 : WALK, s.kernel.freeBlocks(0), "no split, no merge: only the walk's frames move");
        }
        assertEquals(hostFaults, host.faults(), "the host holds every frame: no fault");
        assertEquals(0, host.discards() + host.pageOuts() + host.reclaimScans(), "nothing reclaimed");
    }

    @Test
    void allocFreeWithHintsOffIssuesNoEssa() {
        GuestPaths.FreeFrames s = new GuestPaths.FreeFrames();
        s.setUp(false, WALK);
        for (int i = 0; i < 4 * WALK; i++) {
            bench.guestAllocFree(s);
        }
        assertEquals(0, s.kernel.counters().essaTotal());
        assertEquals(WALK, s.kernel.freeBlocks(0));
    }

    @Test
    void readMakesAVolatilePageStableAndVolatileAgain() {
        GuestPaths.CachedPages s = new GuestPaths.CachedPages();
        s.setUp(true, WALK);
        GuestCounters c = s.kernel.counters();
        long diskReads = c.diskReads();
        for (int i = 0; i < 3 * WALK; i++) {
            long ifResident = c.essa(Orc.SET_STABLE_IF_RESIDENT);
            long volatileHints = c.essa(Orc.SET_VOLATILE);
            long essa = c.essaTotal();
            assertNotEquals(GuestKernel.NO_MEMORY, bench.guestRead(s));
            assertEquals(ifResident + 1, c.essa(Orc.SET_STABLE_IF_RESIDENT), "read " + i);
            assertEquals(volatileHints + 1, c.essa(Orc.SET_VOLATILE), "read " + i);
            assertEquals(essa + 2, c.essaTotal(), "read " + i + ": those two and nothing else");
        }
        assertEquals(diskReads, c.diskReads(), "every read hit the page cache");
        assertEquals(0, c.lostPages());
        FrameTable table = s.guest.space().table();
        int volatileFrames = 0;
        for (int f = 0; f < table.frames(); f++) {
            volatileFrames += (table.state(f) & (FrameState.USAGE_MASK | FrameState.CONTENT_MASK)) == VR ? 1 : 0;
        }
        assertEquals(WALK, volatileFrames, "every cached page is volatile again after its read");
        assertEquals(0, s.host.counters().discards() + s.host.counters().reclaimScans());
    }

    @Test
    void readWithHintsOffIssuesNoEssa() {
        GuestPaths.CachedPages s = new GuestPaths.CachedPages();
        s.setUp(false, WALK);
        long diskReads = s.kernel.counters().diskReads();
        for (int i = 0; i < 3 * WALK; i++) {
            bench.guestRead(s);
        }
        assertEquals(0, s.kernel.counters().essaTotal());
        assertEquals(diskReads, s.kernel.counters().diskReads());
    }
}
