package org.cmmalab.guestmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cmmalab.pagestates.FrameState;
import org.cmmalab.pagestates.Orc;
import org.cmmalab.pagestates.ReclaimOutcome;
import org.eclipse.collections.impl.map.mutable.primitive.IntIntHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The v7 series' volatile swap cache (patch 2/6): a page swapped in by a load stays in the swap
 * cache, clean, and is made volatile; the host may discard it, and the guest reloads it from the
 * slot it kept.
 */
class VolatileSwapCacheTest {
    private static final int FRAMES = 256;
    private SimulatedMemory mem;
    private GuestKernel k;
    private int pid;
    private int heap;
    private final long[] written = new long[400];

    /** 400 pages written into 256 frames: many are swapped out; then all are read back. */
    @BeforeEach
    void swapSome() {
        mem = new SimulatedMemory(FRAMES);
        k = new GuestKernel(mem, KernelConfig.of(3, GuestHinting.V7).withSwapPages(1024));
        pid = k.createProcess();
        heap = k.malloc(pid, 400);
        for (int p = 0; p < 400; p++) {
            written[p] = k.touchAnon(pid, heap + p, true);
        }
        assertTrue(k.counters().swapOuts() > 0);
    }

    /** A resident page of the heap that is in the swap cache, after reading it once. */
    private int swapCachedPage() {
        for (int p = 0; p < 400; p++) {
            assertEquals(written[p], k.touchAnon(pid, heap + p, false));
            int frame = frameOf(p);
            if (frame >= 0 && KernelParts.memMap(k).test(frame, PageFlags.SWAPCACHE)) {
                return p;
            }
        }
        throw new AssertionError("no page was swapped in");
    }

    private int frameOf(int page) {
        return KernelParts.anonFrame(k, pid, heap + page);
    }

    @Test
    void aPageSwappedInByALoadIsVolatile() {
        long volatileHints = k.counters().essa(Orc.SET_VOLATILE);
        int p = swapCachedPage();
        assertEquals("Vr", FrameState.name(mem.state(frameOf(p))));
        assertTrue(k.counters().essa(Orc.SET_VOLATILE) > volatileHints);
        long essa = k.counters().essaTotal();
        assertEquals(written[p], k.touchAnon(pid, heap + p, false));
        assertEquals(essa, k.counters().essaTotal(), "a mapped load of a volatile page issues no ESSA");
    }

    @Test
    void aDiscardedSwapCachePageIsSwappedInAgain() {
        int p = swapCachedPage();
        int frame = frameOf(p);
        assertEquals(ReclaimOutcome.DISCARDED, mem.hostReclaim(frame));
        long swapIns = k.counters().swapIns();
        assertEquals(written[p], k.touchAnon(pid, heap + p, false));
        assertEquals(1, k.counters().discardFaults());
        assertEquals(swapIns + 1, k.counters().swapIns(), "reloaded from the slot it kept");
        assertEquals(0, k.counters().lostPages());
        KernelChecks.check(k, mem, new IntIntHashMap());
    }

    @Test
    void aStoreMakesTheSwapCachePageStableFirst() {
        int p = swapCachedPage();
        long ifResident = k.counters().essa(Orc.SET_STABLE_IF_RESIDENT);
        long token = k.touchAnon(pid, heap + p, true);
        assertEquals(ifResident + 1, k.counters().essa(Orc.SET_STABLE_IF_RESIDENT));
        int frame = frameOf(p);
        assertEquals("Sr", FrameState.name(mem.state(frame)));
        assertFalse(KernelParts.memMap(k).test(frame, PageFlags.SWAPCACHE), "a store takes it out of the swap cache");
        assertEquals(token, k.touchAnon(pid, heap + p, false));
    }

    @Test
    void aStoreToADiscardedSwapCachePageReloadsItFirst() {
        int p = swapCachedPage();
        mem.hostReclaim(frameOf(p));
        long swapIns = k.counters().swapIns();
        long token = k.touchAnon(pid, heap + p, true);
        assertEquals(1, k.counters().discardsObserved(), "SET_STABLE_IF_RESIDENT saw Vz");
        assertEquals(swapIns + 1, k.counters().swapIns());
        assertEquals(token, k.touchAnon(pid, heap + p, false));
        assertEquals(0, k.counters().lostPages());
        KernelChecks.check(k, mem, new IntIntHashMap());
    }
}
