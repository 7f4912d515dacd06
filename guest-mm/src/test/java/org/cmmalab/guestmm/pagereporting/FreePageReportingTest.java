package org.cmmalab.guestmm.pagereporting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cmmalab.guestmm.Arch;
import org.cmmalab.guestmm.ContentToken;
import org.cmmalab.guestmm.DriverApi;
import org.cmmalab.guestmm.GuestHinting;
import org.cmmalab.guestmm.GuestKernel;
import org.cmmalab.guestmm.KernelConfig;
import org.cmmalab.guestmm.SimulatedMemory;
import org.cmmalab.pagestates.FrameState;
import org.cmmalab.pagestates.HostMode;
import org.junit.jupiter.api.Test;

/** mm/page_reporting.c's mechanism: delay, batches, budget, the reported mark, reuse. */
class FreePageReportingTest {
    private final int[] scheduled = {0};

    /** Reporting from x86's 2 MiB pageblocks, the unit these tests count in. */
    private FreePageReporting reporting(GuestKernel k) {
        return reporting(k, Arch.X86);
    }

    private FreePageReporting reporting(GuestKernel k, Arch arch) {
        return new FreePageReporting(k, FreePageReporting.defaultOrder(arch), FreePageReporting.DEFAULT_CAPACITY,
                () -> scheduled[0]++);
    }

    /**
     * page_reporting_order is pageblock_order: 8 on s390 (1 MiB, HPAGE_SHIFT 20), 9 on x86
     * (2 MiB). A freed 1 MiB block whose buddy is in use asks an s390 guest for a pass, not an
     * x86 guest.
     */
    @Test
    void aFreed1MiBBlockIsReportedOnS390AndNotOnX86() {
        assertEquals(8, FreePageReporting.defaultOrder(Arch.S390));
        assertEquals(9, FreePageReporting.defaultOrder(Arch.X86));
        for (Arch arch : Arch.values()) {
            GuestKernel k = new GuestKernel(new SimulatedMemory(32_768), KernelConfig.of(1, GuestHinting.NONE));
            FreePageReporting r = reporting(k, arch);
            r.process();
            int first = k.allocPages(8);
            int second = k.allocPages(8);
            assertEquals(first ^ 256, second, "two halves of one 2 MiB block");
            int before = scheduled[0];
            k.freePages(first, 8);
            assertEquals(arch == Arch.S390 ? before + 1 : before, scheduled[0], arch.id());
            assertEquals(arch == Arch.S390, r.pending(), arch.id());
            if (r.pending()) {
                r.process();
                assertTrue(k.driverApi().isReported(first), "the 1 MiB block went to the host");
            }
        }
    }

    @Test
    void freedMemoryGoesToTheHostInBatchesOf32BlocksAndStaysOnTheFreeLists() {
        SimulatedMemory mem = new SimulatedMemory(32_768);
        GuestKernel k = new GuestKernel(mem, KernelConfig.of(1, GuestHinting.NONE));
        FreePageReporting r = reporting(k);
        assertEquals(1, scheduled[0], "registering requests the initial flush");
        assertEquals(1, r.process(), "32 free 4 MiB blocks: one full report");
        assertFalse(r.pending());

        int pid = k.createProcess();
        int region = k.malloc(pid, 8192);
        for (int p = 0; p < 8192; p++) {
            k.touchAnon(pid, region + p, true);
        }
        assertEquals(8192, mem.residentFrames());
        k.free(pid, region);
        assertEquals(2, scheduled[0], "the first free of a 2 MiB block from idle schedules a pass");
        assertTrue(r.pending());
        assertEquals(8192, mem.residentFrames(), "nothing goes before the pass");
        r.process();
        assertEquals(0, mem.residentFrames(), "the host discarded every reported frame");
        assertEquals(32_768, k.freeFrames(), "reported blocks stay free in the guest");
        assertEquals(1 + 1, r.reports(), "8 blocks of 4 MiB freed, one report");
        assertEquals(32 + 8, r.blocksReported());

        long zeroFills = mem.zeroFills;
        int again = k.malloc(pid, 100);
        for (int p = 0; p < 100; p++) {
            assertEquals(ContentToken.ZERO, k.touchAnon(pid, again + p, false), "reuse reads as zeros");
        }
        assertEquals(zeroFills + 100, mem.zeroFills, "each reused frame is a host zero fill");
        assertEquals(0, k.counters().lostPages());
    }

    @Test
    void aPassReportsASixteenthOfALongFreeListPlusOneReportAndAsksForAnother() {
        SimulatedMemory mem = new SimulatedMemory(524_288);
        GuestKernel k = new GuestKernel(mem, KernelConfig.of(1, GuestHinting.V7));
        FreePageReporting r = reporting(k);
        assertEquals(512, k.freeBlocks(10));
        assertEquals(2, r.process(), "budget ceil(512 / 512) = 1, plus one");
        assertEquals(64, r.blocksReported());
        assertTrue(r.pending(), "the budget ran out: another pass is wanted");
        assertEquals(2, scheduled[0], "and scheduled after the delay");
        int passes = 1;
        while (r.pending()) {
            r.process();
            passes++;
        }
        assertEquals(8, passes, "512 blocks at 64 a pass");
        assertEquals(512, r.blocksReported());
        assertEquals(scheduled[0], passes);
        for (int b = k.driverApi().firstFreeBlock(10); b != DriverApi.NO_BLOCK; b = k.driverApi().nextFreeBlock(b)) {
            assertTrue(k.driverApi().isReported(b));
        }
        assertEquals("Uz", FrameState.name(mem.state(12_345)), "hints on: a free frame is unused, and now gone");
    }

    @Test
    void allocationTakesUnreportedBlocksFirstAndClearsTheMark() {
        SimulatedMemory mem = new SimulatedMemory(524_288);
        GuestKernel k = new GuestKernel(mem, KernelConfig.of(1, GuestHinting.NONE));
        FreePageReporting r = reporting(k);
        r.process();
        int block = k.allocPages(9);
        assertFalse(k.driverApi().isReported(block), "the head of the list is an unreported block");
        while (r.pending()) {
            r.process();
        }
        int requests = scheduled[0];
        k.freePages(block, 9);
        assertEquals(requests + 1, scheduled[0], "freeing a 2 MiB block asks for a pass");
        assertTrue(r.pending());
        r.process();
        int reported = k.allocPages(9);
        assertFalse(k.driverApi().isReported(reported), "allocated: no longer a reported free block");
        assertEquals(0, k.counters().lostPages());
    }

    @Test
    void aZoneWithoutLowWatermarkPlus32BlocksFreeIsSkipped() {
        SimulatedMemory mem = new SimulatedMemory(16_384);
        GuestKernel k = new GuestKernel(mem, KernelConfig.of(1, GuestHinting.NONE));
        FreePageReporting r = reporting(k);
        assertEquals(0, r.process(), "16384 free frames, low watermark + 32 x 512 needed");
        assertEquals(1, r.zoneSkips());
        assertFalse(r.pending());
    }

    @Test
    void aGuestBackedByLargeFramesIsRefused() {
        GuestKernel k = new GuestKernel(new SimulatedMemory(1024, HostMode.ZVM, true), KernelConfig.of(1, GuestHinting.V7).withLargeFrames(true));
        assertThrows(IllegalArgumentException.class, () -> reporting(k));
    }
}
