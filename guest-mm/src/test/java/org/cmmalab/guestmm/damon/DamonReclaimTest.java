package org.cmmalab.guestmm.damon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.cmmalab.guestmm.Arch;
import org.cmmalab.guestmm.GuestHinting;
import org.cmmalab.guestmm.GuestKernel;
import org.cmmalab.guestmm.KernelChecks;
import org.cmmalab.guestmm.KernelConfig;
import org.cmmalab.guestmm.KernelParts;
import org.cmmalab.guestmm.SimulatedMemory;
import org.cmmalab.guestmm.pagereporting.FreePageReporting;
import org.junit.jupiter.api.Test;

/**
 * DAMON_RECLAIM: page cache read once and never again is found cold and paged out once it is
 * {@code min_age} old, not before, until half the guest is free (its high watermark); pages the
 * guest keeps using stay; the freed memory coalesces into blocks that free page reporting hands to
 * the host; the watermarks keep it off while the guest has more than half its memory free; free
 * blocks met by address are no pages.
 */
class DamonReclaimTest {
    private static final long MS = 1_000_000L;
    /** 256 MiB: free page reporting leaves alone a zone with less than 64 MiB above its low watermark. */
    private static final int FRAMES = 65_536;
    private static final long MIN_AGE = DamonReclaim.DEFAULTS.minAgeNanos();
    /** Pages of the file in use: each read every 25 ms or so, which DAMON's 5 ms samples see. */
    private static final int HOT = 200;
    private static final int COLD = 42_000;
    private static final long END = MIN_AGE + 20_000 * MS;

    @Test
    void coldPageCacheIsPagedOutAfterItsMinimumAgeAndReported() {
        SimulatedMemory memory = new SimulatedMemory(FRAMES);
        GuestKernel k = new GuestKernel(memory, KernelConfig.of(1, GuestHinting.NONE));
        int cold = k.createFile(COLD); // read once: about two thirds of the guest
        int hot = k.createFile(HOT); // read again and again
        for (int p = 0; p < COLD; p++) {
            k.read(cold, p);
        }
        for (int p = 0; p < HOT; p++) {
            k.read(hot, p);
        }
        int[] passes = {0};
        FreePageReporting reporting = new FreePageReporting(k, FreePageReporting.defaultOrder(Arch.X86),
                FreePageReporting.DEFAULT_CAPACITY, () -> passes[0]++);
        reporting.process();
        long reportedAtStart = reporting.framesReported();
        assertTrue(k.freeFrames() * 1000 / FRAMES < 400, "below wmarks_mid: it will run");

        DamonReclaim damon = new DamonReclaim(k, DamonReclaim.DEFAULTS, new SplittableRandom(7));
        SplittableRandom touches = new SplittableRandom(8);
        long firstPageout = -1;
        long reads = k.counters().diskReads();
        for (long t = 0; t <= END; t += 5 * MS) {
            for (int i = 0; i < 40; i++) {
                k.read(hot, touches.nextInt(HOT));
            }
            long charged = damon.sample(t);
            if (charged > 0) {
                damon.charged(charged / 4096 * 1000); // a microsecond a page, as a measured time
                if (firstPageout < 0) {
                    firstPageout = t;
                }
            }
        }
        assertTrue(firstPageout >= MIN_AGE, "nothing was paged out before it was min_age old: " + firstPageout);
        assertTrue(damon.pagedOut() > 10_000, "the cold file went: " + damon.pagedOut());
        assertTrue(k.freeFrames() * 1000 / FRAMES > 500, "until more than half the guest was free");
        assertFalse(damon.active(), "then it stopped (wmarks_high)");
        int hotResident = 0;
        int coldResident = 0;
        for (int p = 0; p < HOT; p++) {
            hotResident += KernelParts.fileFrame(k, hot, p) >= 0 ? 1 : 0;
        }
        for (int p = 0; p < COLD; p++) {
            coldResident += KernelParts.fileFrame(k, cold, p) >= 0 ? 1 : 0;
        }
        assertEquals(HOT, hotResident, "the file in use stays");
        assertEquals(reads, k.counters().diskReads(), "and was never read again: DAMON took none of it");
        assertEquals(COLD - damon.pagedOut(), coldResident, "every page it paged out was the cold file's");

        assertTrue(reporting.pending(), "the page-outs freed whole pageblocks, which asked for a report");
        reporting.process();
        assertTrue(reporting.framesReported() - reportedAtStart > 8_000,
                "free page reporting gave them to the host: " + (reporting.framesReported() - reportedAtStart));
        assertEquals(0, k.counters().lostPages());
        KernelChecks.checkLruLists(k);
    }

    @Test
    void aGuestWithMoreThanHalfItsMemoryFreeIsLeftAlone() {
        GuestKernel k = new GuestKernel(new SimulatedMemory(FRAMES), KernelConfig.of(1, GuestHinting.NONE));
        int file = k.createFile(2_000);
        for (int p = 0; p < 2_000; p++) {
            k.read(file, p);
        }
        DamonReclaim damon = new DamonReclaim(k, DamonReclaim.DEFAULTS, new SplittableRandom(7));
        for (long t = 0; t <= END; t += 5 * MS) {
            damon.sample(t);
        }
        assertFalse(damon.active(), "free memory above wmarks_high");
        assertEquals(0, damon.pagedOut());
    }

    /**
     * DAMON samples and pages out by address, so it meets free blocks too, whose heads carry their
     * order in the bits of the LRU flags: an order-1 block looks like a page on an LRU list to a
     * careless check. Free memory is no page: DAMON neither marks nor reclaims it.
     */
    @Test
    void freeBlocksAmongColdPagesAreLeftAlone() {
        SimulatedMemory memory = new SimulatedMemory(FRAMES);
        GuestKernel k = new GuestKernel(memory, KernelConfig.of(1, GuestHinting.NONE));
        int kept = k.createFile(21_000);
        int dropped = k.createFile(21_000);
        for (int p = 0; p < 21_000; p += 2) { // two pages of each in turn: the dropped file leaves order-1 holes
            k.read(kept, p);
            k.read(kept, p + 1);
            k.read(dropped, p);
            k.read(dropped, p + 1);
        }
        k.deleteFile(dropped);
        assertTrue(k.freeBlocks(1) > 5_000, "order-1 free blocks between the cold pages: " + k.freeBlocks(1));
        DamonReclaim.Params noAge = new DamonReclaim.Params(5 * MS, 100 * MS, 10, 1000, 0, 10 * MS, 128L << 20,
                1000 * MS, 5000 * MS, 1000, 999, 0); // any age, any free memory: it pages out everything it finds
        DamonReclaim damon = new DamonReclaim(k, noAge, new SplittableRandom(3));
        for (long t = 0; t <= 20_000 * MS; t += 5 * MS) {
            damon.sample(t);
        }
        assertEquals(21_000, damon.pagedOut(), "every page of the file, and nothing else");
        KernelChecks.check(k, memory);
        KernelChecks.checkLruLists(k);
    }
}
