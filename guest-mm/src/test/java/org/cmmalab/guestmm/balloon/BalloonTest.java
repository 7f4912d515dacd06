package org.cmmalab.guestmm.balloon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cmmalab.guestmm.FlatMemory;
import org.cmmalab.guestmm.GuestHinting;
import org.cmmalab.guestmm.GuestKernel;
import org.cmmalab.guestmm.KernelChecks;
import org.cmmalab.guestmm.KernelConfig;
import org.cmmalab.guestmm.SimulatedMemory;
import org.cmmalab.pagestates.FrameState;
import org.junit.jupiter.api.Test;

class BalloonTest {
    /** Frames in a 2 MiB chunk, the unit in which the kernel keeps page descriptors. */
    private static final int CHUNK = 512;
    /** Heap the descriptors of one chunk take: 16 bytes a frame (see docs/model.md). */
    private static final long CHUNK_DESCRIPTORS = 16L * CHUNK;

    @Test
    void inflateTakesPagesFromTheGuestAndGivesThemToTheHost() {
        SimulatedMemory memory = new SimulatedMemory(8192);
        GuestKernel kernel = new GuestKernel(memory, KernelConfig.of(1, GuestHinting.V7));
        long free = kernel.freeFrames();
        Balloon balloon = new Balloon(kernel, 256, Balloon.VIRTIO_DEFLATE_ON_OOM);
        assertEquals(1000, balloon.inflate(1000));
        assertEquals(free - 1000, kernel.freeFrames());
        assertEquals(4, balloon.roundTrips(), "1000 pages in batches of 256");
        assertEquals(1000, balloon.deflate(2000), "only what it holds");
        assertEquals(free, kernel.freeFrames());
        assertEquals(0, balloon.pages());
    }

    @Test
    void inflatedFramesAreLogicallyZeroOnTheHost() {
        SimulatedMemory memory = new SimulatedMemory(8192);
        GuestKernel kernel = new GuestKernel(memory, KernelConfig.of(1, GuestHinting.NONE));
        int file = kernel.createFile(4000);
        for (int p = 0; p < 4000; p++) {
            kernel.read(file, p);
        }
        Balloon balloon = new Balloon(kernel, 1, Balloon.VIRTIO_DEFLATE_ON_OOM);
        int got = balloon.inflate(6000);
        assertTrue(got > 3000, "the guest gives up page cache to fill the balloon, got " + got);
        int zero = 0;
        for (int f = 0; f < memory.frames(); f++) {
            if (!FrameState.isResident(memory.table.state(f))) {
                zero++;
            }
        }
        assertTrue(zero >= got, "every ballooned frame is non-resident: " + zero + " < " + got);
        assertEquals(0, kernel.counters().lostPages());
    }

    /** z/VM CMM's balloon, or virtio-balloon with VIRTIO_BALLOON_F_DEFLATE_ON_OOM: 256 pages back per OOM. */
    @Test
    void deflatesOnOutOfMemoryWhenItsDriverRegistersTheNotifier() {
        GuestKernel kernel = new GuestKernel(new SimulatedMemory(8192), KernelConfig.of(1, GuestHinting.V7));
        Balloon balloon = new Balloon(kernel, 256, true);
        int inBalloon = balloon.inflate(100_000);
        long failures = kernel.counters().allocationFailures();
        int pid = kernel.createProcess();
        int heap = kernel.malloc(pid, 1024);
        for (int p = 0; p < 1024; p++) {
            assertTrue(kernel.touchAnon(pid, heap + p, true) != GuestKernel.NO_MEMORY, "page " + p);
        }
        int given = inBalloon - balloon.pages();
        assertTrue(given > 0 && given % Balloon.OOM_PAGES == 0, "the balloon gave pages back, 256 at a time: " + given);
        assertEquals(failures, kernel.counters().allocationFailures(), "no allocation failed");
        assertEquals(0, kernel.counters().lostPages());
    }

    /** virtio-balloon as QEMU offers it by default, and Xen's balloon: the balloon keeps its pages. */
    @Test
    void keepsItsPagesOnOutOfMemoryOtherwise() {
        GuestKernel kernel = new GuestKernel(new SimulatedMemory(8192), KernelConfig.of(1, GuestHinting.V7));
        Balloon balloon = new Balloon(kernel, 256, Balloon.VIRTIO_DEFLATE_ON_OOM);
        int inBalloon = balloon.inflate(100_000);
        long failures = kernel.counters().allocationFailures();
        int pid = kernel.createProcess();
        int heap = kernel.malloc(pid, 1024);
        int failed = 0;
        for (int p = 0; p < 1024; p++) {
            if (kernel.touchAnon(pid, heap + p, true) == GuestKernel.NO_MEMORY) {
                failed++;
            }
        }
        assertEquals(inBalloon, balloon.pages(), "nothing came back");
        assertTrue(failed > 0 && kernel.counters().allocationFailures() - failures == failed,
                failed + " touches found no memory, each a failed allocation");
        assertEquals(0, kernel.counters().lostPages());
    }

    @Test
    void chunksTakenWholeDropTheirDescriptorsAndComeBackAsWholeFreeBlocks() {
        GuestKernel kernel = new GuestKernel(new SimulatedMemory(8192), KernelConfig.of(1, GuestHinting.V7));
        long fresh = kernel.bookkeepingBytes();
        Balloon balloon = new Balloon(kernel, 256, Balloon.VIRTIO_DEFLATE_ON_OOM);
        balloon.inflate(100_000);
        int got = balloon.pages();
        assertTrue(got > 8192 - 2 * CHUNK, "the guest gave all but its watermarks' worth, got " + got);
        long descriptors = kernel.bookkeepingBytes() - fresh;
        assertTrue(descriptors <= CHUNK_DESCRIPTORS, descriptors + " bytes of descriptors, "
                + (8192 - got) + " frames not ballooned: more than one chunk's");
        assertEquals(got, balloon.deflate(got));
        KernelChecks.checkAllFreeAndCoalesced(kernel);
        assertEquals(fresh, kernel.bookkeepingBytes(), "a wholly free guest keeps no chunk's descriptors");
        assertEquals(got, balloon.inflate(got), "dropped chunks serve again");
        assertEquals(got, balloon.deflate(got));
        KernelChecks.checkAllFreeAndCoalesced(kernel);
    }

    /**
     * A 4 GiB guest with page cache and a process's memory scattered over its chunks gives MOM's
     * 80% to its balloon: the page list and the descriptors the balloon leaves materialized cost
     * about a byte a page or less (without runs and dropping, an int of page list and 16 bytes of
     * descriptors a page).
     */
    @Test
    void aBalloonedPageCostsAboutAByteOfHeap() {
        int frames = 1 << 20;
        GuestKernel kernel = new GuestKernel(new FlatMemory(frames), KernelConfig.of(1, GuestHinting.V7));
        int file = kernel.createFile(32_768);
        for (int p = 0; p < 32_768; p++) {
            kernel.read(file, p);
        }
        int pid = kernel.createProcess();
        int heap = kernel.malloc(pid, 100_000);
        for (int p = 0; p < 100_000; p++) {
            kernel.touchAnon(pid, heap + p, true);
        }
        kernel.free(pid, heap);
        int os = kernel.malloc(pid, 16_384);
        for (int p = 0; p < 16_384; p++) {
            kernel.touchAnon(pid, os + p, true);
        }
        long before = kernel.bookkeepingBytes();
        Balloon balloon = new Balloon(kernel, 256, Balloon.VIRTIO_DEFLATE_ON_OOM);
        int got = balloon.inflate(frames * 8 / 10);
        assertEquals(frames * 8 / 10, got);
        double perPage = (double) (balloon.pageListBytes() + kernel.bookkeepingBytes() - before) / got;
        System.out.printf("balloon of %d pages: %d runs, %.3f bytes a page%n", got, balloon.pageListBytes() / 8, perPage);
        assertTrue(perPage <= 1, perPage + " bytes a ballooned page");
    }
}
