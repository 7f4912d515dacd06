package org.cmmalab.guestmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.collections.impl.map.mutable.primitive.IntIntHashMap;
import org.junit.jupiter.api.Test;

/** Anonymous memory, swap, the swap cache, watermarks and reclaim. */
class AnonAndReclaimTest {
    private static final int FRAMES = 256;

    private static GuestKernel kernel(SimulatedMemory mem, boolean hints, int swap) {
        return new GuestKernel(mem, KernelConfig.of(3, hints ? GuestHinting.V7 : GuestHinting.NONE).withSwapPages(swap));
    }

    @Test
    void heapsGrowShrinkAndReadBackWhatWasWritten() {
        SimulatedMemory mem = new SimulatedMemory(FRAMES);
        GuestKernel k = kernel(mem, true, 0);
        int pid = k.createProcess();
        int a = k.malloc(pid, 10);
        int b = k.malloc(pid, 5);
        assertEquals(10, b - a);
        assertEquals(ContentToken.ZERO, k.touchAnon(pid, a + 3, false), "a fresh page reads as zeros");
        long t = k.touchAnon(pid, b + 1, true);
        assertEquals(t, k.touchAnon(pid, b + 1, false));
        assertEquals(2, k.counters().anonPages());
        k.free(pid, a);
        assertEquals(1, k.counters().anonPages());
        assertThrows(IllegalArgumentException.class, () -> k.touchAnon(pid, a, false));
        assertEquals(a, k.malloc(pid, 4), "first fit reuses the freed range");
        k.exit(pid);
        assertEquals(FRAMES, k.freeFrames());
        KernelChecks.checkAllFreeAndCoalesced(k);
    }

    @Test
    void pressureSwapsAnonymousPagesOutAndTouchesSwapThemIn() {
        SimulatedMemory mem = new SimulatedMemory(FRAMES);
        GuestKernel k = kernel(mem, true, 1024);
        int pid = k.createProcess();
        int heap = k.malloc(pid, 400);
        long[] written = new long[400];
        for (int p = 0; p < 400; p++) {
            written[p] = k.touchAnon(pid, heap + p, true);
            assertTrue(written[p] > 0, "page " + p + " served");
        }
        assertTrue(k.counters().swapOuts() > 0);
        assertTrue(k.freeFrames() >= k.watermarks().min());
        for (int p = 0; p < 400; p++) {
            assertEquals(written[p], k.touchAnon(pid, heap + p, false));
        }
        assertTrue(k.counters().swapIns() > 0);
        assertEquals(0, k.counters().lostPages());
        KernelChecks.check(k, mem, new IntIntHashMap());
    }

    @Test
    void anUnchangedSwappedInPageIsDroppedAgainWithoutAWrite() {
        SimulatedMemory mem = new SimulatedMemory(FRAMES);
        GuestKernel k = kernel(mem, false, 1024);
        int pid = k.createProcess();
        int heap = k.malloc(pid, 300);
        for (int p = 0; p < 300; p++) {
            k.touchAnon(pid, heap + p, true);
        }
        for (int p = 0; p < 300; p++) {
            k.touchAnon(pid, heap + p, false);
        }
        long outs = k.counters().swapOuts();
        long ins = k.counters().swapIns();
        for (int round = 0; round < 2; round++) {
            for (int p = 0; p < 300; p++) {
                k.touchAnon(pid, heap + p, false);
            }
        }
        assertEquals(outs, k.counters().swapOuts(), "read-only pages went back through the swap cache, unwritten");
        assertTrue(k.counters().swapIns() > ins);
        assertEquals(0, k.counters().lostPages());
    }

    @Test
    void withoutSwapAnAllocationFailsAsAValue() {
        GuestKernel k = kernel(new SimulatedMemory(FRAMES), true, 0);
        int pid = k.createProcess();
        int heap = k.malloc(pid, FRAMES);
        int served = 0;
        for (int p = 0; p < FRAMES; p++) {
            if (k.touchAnon(pid, heap + p, true) != GuestKernel.NO_MEMORY) {
                served++;
            }
        }
        assertEquals(FRAMES - k.watermarks().min(), served);
        assertTrue(k.counters().allocationFailures() > 0);
    }

    @Test
    void pageCacheFillsFreeMemoryAndCleanPagesGoFirst() {
        SimulatedMemory mem = new SimulatedMemory(FRAMES);
        GuestKernel k = kernel(mem, true, 1024);
        int dirtyFile = k.createFile(20);
        for (int p = 0; p < 20; p++) {
            k.write(dirtyFile, p, 0);
        }
        int big = k.createFile(1000);
        for (int p = 0; p < 300; p++) {
            k.read(big, p);
        }
        long cache = k.counters().pageCachePages();
        assertTrue(cache >= FRAMES - k.watermarks().high() - 1, "page cache fills memory: " + cache);
        assertEquals(20, k.counters().dirtyPages(), "clean page cache was reclaimed first");
        assertEquals(0, k.counters().diskWrites());
        assertTrue(k.counters().reclaimedPages() > 0 && k.counters().kswapdRuns() > 0);
        KernelChecks.check(k, mem, new IntIntHashMap());
    }

    @Test
    void onlyDirtyPagesLeftAreWrittenBackUnderPressure() {
        SimulatedMemory mem = new SimulatedMemory(FRAMES);
        GuestKernel k = kernel(mem, true, 0);
        int f = k.createFile(600);
        for (int p = 0; p < 600; p++) {
            assertTrue(k.write(f, p, 0) > 0);
        }
        assertTrue(k.counters().reclaimWritebacks() > 0);
        for (int p = 0; p < 600; p++) {
            assertEquals(ContentToken.file(3, f, p, 1), k.read(f, p));
        }
        assertEquals(0, k.counters().lostPages());
        KernelChecks.check(k, mem, new IntIntHashMap());
    }
}
