package org.cmmalab.guestmm.compressedswap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cmmalab.guestmm.GuestCounters;
import org.cmmalab.guestmm.GuestHinting;
import org.cmmalab.guestmm.GuestKernel;
import org.cmmalab.guestmm.KernelConfig;
import org.cmmalab.guestmm.SimulatedMemory;
import org.cmmalab.pagestates.FrameState;
import org.junit.jupiter.api.Test;

/**
 * Compressed swap in the guest: zram keeps every swapped page in guest memory at its compressed
 * size, so the host holds its ratio of a frame for it, and writes nothing to disk; zswap does the
 * same until its pool reaches its share of the guest, then writes its oldest pages back to the swap
 * device; both read back what was swapped, and a page of zeros costs nothing.
 */
class CompressedSwapTest {
    private static final double THIRD = 1.0 / 3;
    private static final int FRAMES = 8192; // 32 MiB
    private static final int HEAP = 12_000; // more than the guest: a third goes to swap

    private final SimulatedMemory memory = new SimulatedMemory(FRAMES);
    private final GuestKernel k = new GuestKernel(memory, KernelConfig.of(1, GuestHinting.NONE).withSwapPages(16_384));

    @Test
    void zramKeepsSwappedPagesInGuestMemoryAtTheirCompressedSize() {
        Zram zram = new Zram(k, THIRD);
        k.setFrontswap(zram);
        int pid = k.createProcess();
        int heap = k.malloc(pid, HEAP);
        for (int p = 0; p < HEAP; p++) {
            k.touchAnon(pid, heap + p, true);
        }
        GuestCounters c = k.counters();
        long stored = c.frontswapStores(); // every store is still held: nothing was read or freed yet
        assertTrue(stored > 3000, "swapped out into zram: " + stored);
        assertEquals(0, c.swapOuts(), "nothing written to a disk");
        assertEquals((stored * 1365 + 4095) / 4096, zram.poolFrames(), "a third of a frame each, in guest frames");
        int resident = 0;
        for (int f = 0; f < FRAMES; f++) {
            resident += FrameState.isResident(memory.table.state(f)) ? 1 : 0;
        }
        assertTrue(resident <= FRAMES && resident >= zram.poolFrames(),
                "the host backs the pool's frames as any guest memory: " + resident);
        for (int p = 0; p < HEAP; p++) {
            k.touchAnon(pid, heap + p, false);
        }
        assertTrue(c.frontswapLoads() > 0);
        assertEquals(0, c.swapIns(), "read back from memory, not a disk");
        assertEquals(0, c.lostPages());
        k.exit(pid);
        assertEquals(0, zram.poolFrames(), "freed slots give the pool's frames back");
    }

    @Test
    void zswapWritesItsOldestBackOnceItsPoolIsFull() {
        Zswap zswap = new Zswap(k, THIRD, ZswapLimit.MAX_POOL_PERCENT, ZswapLimit.ACCEPT_THRESHOLD_PERCENT);
        k.setFrontswap(zswap);
        int pid = k.createProcess();
        int heap = k.malloc(pid, HEAP);
        for (int p = 0; p < HEAP; p++) {
            assertTrue(k.touchAnon(pid, heap + p, true) != GuestKernel.NO_MEMORY, "write " + p);
        }
        for (int p = 0; p < HEAP; p++) {
            assertTrue(k.touchAnon(pid, heap + p, false) != GuestKernel.NO_MEMORY, "read " + p);
        }
        GuestCounters c = k.counters();
        assertTrue(c.frontswapStores() > 0);
        assertTrue(zswap.writebacks() > 0, "the pool filled and wrote back");
        assertTrue(zswap.rejects() > 0, "a full pool refuses");
        assertEquals(zswap.writebacks() + zswap.rejects(), c.swapOuts(),
                "every disk swap-out is a writeback or a refused store");
        assertTrue(zswap.poolFrames() <= FRAMES * 20 / 100 + 1, "at most a fifth of the guest (and the page that found it full)");
        assertTrue(c.swapIns() > 0 && c.frontswapLoads() > 0, "read back from both tiers");
        assertEquals(0, c.lostPages());
    }

    @Test
    void aPageOfZerosCostsNoPoolMemory() {
        Zram zram = new Zram(k, THIRD);
        k.setFrontswap(zram);
        int pid = k.createProcess();
        int heap = k.malloc(pid, HEAP);
        for (int p = 0; p < HEAP; p++) {
            k.touchAnon(pid, heap + p, false); // read faults: pages of zeros
        }
        assertTrue(k.counters().frontswapStores() > 3000, "swapped out: " + k.counters().frontswapStores());
        assertEquals(0, zram.poolFrames(), "zeros are a flag only");
        assertEquals(0, k.counters().lostPages());
    }

    @Test
    void aGuestWithoutSwapOrABadRatioIsRefused() {
        GuestKernel noSwap = new GuestKernel(new SimulatedMemory(FRAMES), KernelConfig.of(2, GuestHinting.NONE));
        assertThrows(IllegalArgumentException.class, () -> new Zram(noSwap, THIRD));
        assertThrows(IllegalArgumentException.class, () -> new Zswap(noSwap, THIRD, 20, 90));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Zram(k, 1.5));
        assertTrue(e.getMessage().contains("1.5"), e.getMessage());
    }
}
