package org.cmmalab.guestmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cmmalab.pagestates.FrameState;
import org.cmmalab.pagestates.HostMode;
import org.cmmalab.pagestates.Orc;
import org.cmmalab.pagestates.UsageState;
import org.junit.jupiter.api.Test;

class BuddyAllocatorTest {
    private static final Watermarks NONE = new Watermarks(0, 0, 0);

    @Test
    void bootFreesLargestAlignedBlocksAndMakesThemUnused() {
        SimulatedMemory mem = new SimulatedMemory(1000);
        GuestKernel k = new GuestKernel(mem, KernelConfig.of(0, GuestHinting.V7));
        // 1000 = 512 + 256 + 128 + 64 + 32 + 8
        assertEquals(1, k.freeBlocks(9));
        assertEquals(1, k.freeBlocks(8));
        assertEquals(1, k.freeBlocks(3));
        assertEquals(0, k.freeBlocks(0));
        assertEquals(1000, k.freeFrames());
        assertEquals(1000, k.counters().essa(Orc.SET_UNUSED));
        for (int f = 0; f < 1000; f++) {
            assertEquals(UsageState.UNUSED, FrameState.usage(mem.state(f)));
        }
    }

    @Test
    void allocationSplitsAndFreeCoalesces() {
        SimulatedMemory mem = new SimulatedMemory(512);
        GuestKernel k = new GuestKernel(mem, KernelConfig.of(0, GuestHinting.V7).withWatermarks(NONE));
        int a = k.allocPages(0);
        assertEquals(0, a, "lowest block, split down from order 9");
        for (int order = 0; order < 9; order++) {
            assertEquals(1, k.freeBlocks(order), "one buddy left at order " + order);
        }
        assertEquals(UsageState.STABLE, FrameState.usage(mem.state(a)));
        assertEquals(1, k.counters().essa(Orc.SET_STABLE));
        int b = k.allocPages(2);
        assertEquals(4, b);
        assertEquals(5, k.counters().essa(Orc.SET_STABLE), "one SET_STABLE per 4 KiB frame");
        k.freePages(a, 0);
        k.freePages(b, 2);
        assertEquals(1, k.freeBlocks(9), "everything coalesced back");
        assertEquals(UsageState.UNUSED, FrameState.usage(mem.state(b + 3)));
    }

    @Test
    void recentlyFreedBlocksAreReusedFirst() {
        GuestKernel k = new GuestKernel(new SimulatedMemory(512), KernelConfig.of(0, GuestHinting.NONE).withWatermarks(NONE));
        int a = k.allocPages(0);
        int b = k.allocPages(0);
        int c = k.allocPages(0);
        k.freePages(c, 0);
        assertEquals(c, k.allocPages(0));
        assertTrue(a != b);
    }

    @Test
    void failureIsAValue() {
        GuestKernel k = new GuestKernel(new SimulatedMemory(512), KernelConfig.of(0, GuestHinting.NONE).withWatermarks(NONE));
        assertEquals(0, k.allocPages(9));
        assertEquals(GuestKernel.NO_PAGE, k.allocPages(0));
        assertEquals(1, k.counters().allocationFailures());
    }

    @Test
    void largeFramesTakeOneHintPer2MiB() {
        SimulatedMemory mem = new SimulatedMemory(1024, HostMode.ZVM, true);
        GuestKernel k = new GuestKernel(mem, KernelConfig.of(0, GuestHinting.V7).withLargeFrames(true).withWatermarks(NONE));
        assertEquals(2, k.counters().essaLarge(), "boot: one 4 MiB block, two 2 MiB frames made unused");
        int whole = k.allocPages(9);
        assertEquals(3, k.counters().essaLarge(), "half of the 4 MiB block taken: one 2 MiB frame stable");
        int small = k.allocPages(0);
        int other = k.allocPages(3);
        assertEquals(4, k.counters().essaLarge(), "the second 2 MiB frame is stable once, for both small blocks");
        assertEquals(k.counters().essaLarge(), k.counters().essaTotal(), "no 4 KiB ESSA at all");
        assertEquals(UsageState.STABLE, FrameState.usage(mem.table.stateLarge(small >>> 9)));
        k.freePages(small, 0);
        assertEquals(4, k.counters().essaLarge(), "still in use in part");
        k.freePages(other, 3);
        assertEquals(5, k.counters().essaLarge(), "coalesced to 2 MiB: unused");
        assertEquals(UsageState.UNUSED, FrameState.usage(mem.table.stateLarge(small >>> 9)));
        k.freePages(whole, 9);
        assertEquals(6, k.counters().essaLarge(), "the other 2 MiB frame unused again, and not the first twice");
        assertEquals(0, k.freeBlocks(9));
        assertEquals(1, k.freeBlocks(10), "the two coalesce into one 4 MiB block");
    }

    /** A 4 MiB block is two 2 MiB frames: allocated, both stable; freed, both unused. */
    @Test
    void aMaxOrderBlockHintsBothOfItsLargeFrames() {
        SimulatedMemory mem = new SimulatedMemory(2048, HostMode.ZVM, true);
        GuestKernel k = new GuestKernel(mem, KernelConfig.of(0, GuestHinting.V7).withLargeFrames(true).withWatermarks(NONE));
        assertEquals(4, k.counters().essaLarge(), "boot: four 2 MiB frames made unused");
        int block = k.allocPages(10);
        assertEquals(6, k.counters().essaLarge());
        for (int large = block >>> 9; large < (block >>> 9) + 2; large++) {
            assertEquals(UsageState.STABLE, FrameState.usage(mem.table.stateLarge(large)), "2 MiB frame " + large);
        }
        k.freePages(block, 10);
        assertEquals(8, k.counters().essaLarge());
        for (int large = block >>> 9; large < (block >>> 9) + 2; large++) {
            assertEquals(UsageState.UNUSED, FrameState.usage(mem.table.stateLarge(large)), "2 MiB frame " + large);
        }
    }

    @Test
    void freeBlocksCanBeWalkedByOrder() {
        GuestKernel k = new GuestKernel(new SimulatedMemory(2048), KernelConfig.of(0, GuestHinting.NONE).withWatermarks(NONE));
        int n = 0;
        for (int b = k.driverApi().firstFreeBlock(10); b != DriverApi.NO_BLOCK; b = k.driverApi().nextFreeBlock(b)) {
            assertEquals(0, b % 1024);
            n++;
        }
        assertEquals(2, n, "8 MiB boots as two 4 MiB blocks");
        assertEquals(DriverApi.NO_BLOCK, k.driverApi().firstFreeBlock(9));
    }

    @Test
    void doubleFreeIsRefused() {
        GuestKernel k = new GuestKernel(new SimulatedMemory(512), KernelConfig.of(0, GuestHinting.NONE).withWatermarks(NONE));
        int a = k.allocPages(1);
        k.freePages(a, 1);
        assertThrows(IllegalStateException.class, () -> k.freePages(k.driverApi().firstFreeBlock(9), 9));
    }

    @Test
    void watermarksFollowLinux() {
        Watermarks w = Watermarks.forFrames(1 << 20);
        assertEquals(new Watermarks(2048, 3096, 4144), w);
        assertEquals(new Watermarks(32, 40, 48), Watermarks.forFrames(256));
    }

    @Test
    void freeingARunInBlocksLeavesTheListsAsFreeingItPageByPage() {
        int[][] runs = {{1500, 3}, {3, 1500}, {1023, 512}, {700, 700}, {2047, 0}};
        for (int[] run : runs) {
            GuestKernel byPage = fullyAllocated();
            GuestKernel byBlock = fullyAllocated();
            int step = run[1] >= run[0] ? 1 : -1;
            for (int f = run[0]; ; f += step) {
                byPage.driverApi().freePages(f, 0);
                if (f == run[1]) {
                    break;
                }
            }
            byBlock.driverApi().freePageRun(run[0], run[1]);
            String what = "run " + run[0] + ".." + run[1];
            assertEquals(freeLists(byPage), freeLists(byBlock), what);
            assertEquals(byPage.counters().essa(Orc.SET_UNUSED), byBlock.counters().essa(Orc.SET_UNUSED), what);
        }
    }

    @Test
    void allocatingARunTakesTheFramesAndLeavesTheListsOfSinglePageAllocations() {
        // watermarks: none, and a low mark the run crosses (the tail must go page by page, waking kswapd)
        Watermarks[] marks = {NONE, new Watermarks(100, 900, 1000)};
        for (Watermarks w : marks) {
            for (int count = 1; count <= 2048; count += count / 16 + 1) { // ends inside blocks of every size
                GuestKernel byPage = fragmented(w);
                GuestKernel byRun = fragmented(w);
                StringBuilder pageFrames = new StringBuilder();
                int got = 0;
                for (int i = 0; i < count; i++) {
                    int f = KernelParts.allocator(byPage).allocPages(0);
                    if (f == BuddyAllocator.NO_PAGE) {
                        break;
                    }
                    pageFrames.append(f).append(' ');
                    got++;
                }
                StringBuilder runFrames = new StringBuilder();
                int runGot = KernelParts.allocator(byRun).allocPages(count, (first, n) -> {
                    for (int f = first; f < first + n; f++) {
                        runFrames.append(f).append(' ');
                    }
                });
                String what = count + " pages, " + w;
                assertEquals(got, runGot, what);
                assertEquals(pageFrames.toString(), runFrames.toString(), what);
                assertEquals(freeLists(byPage), freeLists(byRun), what);
                assertEquals(byPage.freeFrames(), byRun.freeFrames(), what);
                assertEquals(byPage.counters().essa(Orc.SET_STABLE), byRun.counters().essa(Orc.SET_STABLE), what);
                assertEquals(KernelParts.allocator(byPage).kswapdWanted(), KernelParts.allocator(byRun).kswapdWanted(), what);
                assertEquals(byPage.counters().allocationFailures(), byRun.counters().allocationFailures(), what);
            }
        }
    }

    @Test
    void takingAFastRunLeavesWhatSinglePageAllocationsLeave() {
        // watermarks: none, and a low mark that cuts the run short (fastRun stops where the fast path would)
        Watermarks[] marks = {NONE, new Watermarks(100, 900, 1000)};
        for (Watermarks w : marks) {
            for (int count = 1; count <= 2048; count += count / 16 + 1) {
                GuestKernel byPage = fragmented(w);
                GuestKernel byRun = fragmented(w);
                PageAllocator runs = KernelParts.allocator(byRun);
                int taken = runs.fastRun(count);
                StringBuilder runFrames = new StringBuilder();
                if (taken > 0) {
                    int first = runs.takeRun(taken);
                    for (int f = first; f < first + taken; f++) {
                        runs.runFrameAllocated(f);
                        runFrames.append(f).append(' ');
                    }
                }
                StringBuilder pageFrames = new StringBuilder();
                for (int i = 0; i < taken; i++) {
                    pageFrames.append(KernelParts.allocator(byPage).allocPages(0)).append(' ');
                }
                String what = count + " pages, " + w;
                assertTrue(taken > 0 || w != NONE, what + ": nothing taken");
                assertEquals(pageFrames.toString(), runFrames.toString(), what);
                assertEquals(freeLists(byPage), freeLists(byRun), what);
                assertEquals(byPage.freeFrames(), byRun.freeFrames(), what);
                assertEquals(byPage.counters().essa(Orc.SET_STABLE), byRun.counters().essa(Orc.SET_STABLE), what);
                assertEquals(false, KernelParts.allocator(byPage).kswapdWanted(), what + ": the fast path woke kswapd");
                MemMap a = KernelParts.memMap(byPage);
                MemMap b = KernelParts.memMap(byRun);
                for (int f = 0; f < 2048; f++) {
                    assertEquals(a.flags(f), b.flags(f), what + ": frame " + f + "'s flags");
                }
            }
        }
    }

    /** 2048 frames, hints on: order-0 holes, free blocks of most orders around frame 700, two of order 9. */
    private static GuestKernel fragmented(Watermarks w) {
        GuestKernel k = new GuestKernel(new SimulatedMemory(2048), KernelConfig.of(0, GuestHinting.V7).withWatermarks(w));
        int[] taken = new int[1024];
        for (int i = 0; i < taken.length; i++) {
            taken[i] = k.allocPages(0);
        }
        for (int i = 0; i < taken.length; i++) {
            if (i % 3 == 0 && i < 512 || i >= 512 && taken[i] != 700) {
                k.freePages(taken[i], 0);
            }
        }
        return k;
    }

    private static GuestKernel fullyAllocated() {
        GuestKernel k = new GuestKernel(new SimulatedMemory(2048), KernelConfig.of(0, GuestHinting.V7).withWatermarks(NONE));
        while (k.allocPages(0) != BuddyAllocator.NO_PAGE) {
            // take every frame, in the allocator's own order
        }
        return k;
    }

    /** Every free list, head to tail. */
    private static String freeLists(GuestKernel k) {
        StringBuilder lists = new StringBuilder();
        for (int order = 0; order <= BuddyAllocator.MAX_ORDER; order++) {
            lists.append(order).append(':');
            for (int f = k.driverApi().firstFreeBlock(order); f != DriverApi.NO_BLOCK; f = k.driverApi().nextFreeBlock(f)) {
                lists.append(' ').append(f);
            }
            lists.append('\n');
        }
        return lists.toString();
    }
}
