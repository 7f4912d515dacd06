package org.cmmalab.guestmm.virtiomem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cmmalab.guestmm.DriverApi;
import org.cmmalab.guestmm.GuestHinting;
import org.cmmalab.guestmm.GuestKernel;
import org.cmmalab.guestmm.KernelChecks;
import org.cmmalab.guestmm.KernelConfig;
import org.cmmalab.guestmm.SimulatedMemory;
import org.cmmalab.pagestates.FrameState;
import org.junit.jupiter.api.Test;

/**
 * virtio-mem: a plugged subblock is guest memory, an unplugged one is the host's; unplugging
 * migrates the pages it finds (keeping the LRU lists whole) and gives up on a subblock that holds
 * an unmovable page; the page descriptors of hot-plugged memory are charged to the guest, in boot
 * memory when the hot-plugged memory is ZONE_MOVABLE.
 */
class VirtioMemTest {
    private static final int MIB = 256;
    private static final int BLOCK = 128 * MIB; // x86's memory block
    private static final int SUBBLOCK = 512; // 2 MiB
    private static final int BOOT = BLOCK;
    private static final int FRAMES = BOOT + 3 * BLOCK; // 512 MiB at most

    private final SimulatedMemory memory = new SimulatedMemory(FRAMES);
    private final GuestKernel kernel = new GuestKernel(memory, KernelConfig.of(1, GuestHinting.NONE).withSwapPages(0));

    private VirtioMem device(boolean movable, long plugged) {
        return new VirtioMem(kernel, BOOT, 3, BLOCK, SUBBLOCK, movable, plugged);
    }

    /** Free frames outside the subblock from {@code sbStart}: boot memory's, as nothing else is plugged. */
    private long freeOutside(int sbStart) {
        DriverApi api = kernel.driverApi();
        long free = 0;
        for (int o = 0; o <= GuestKernel.MAX_ORDER; o++) {
            for (int f = api.firstFreeBlock(o); f != DriverApi.NO_BLOCK; f = api.nextFreeBlock(f)) {
                free += f >= sbStart && f < sbStart + SUBBLOCK ? 0 : 1L << o;
            }
        }
        return free;
    }

    private int resident(SimulatedMemory m, int from, int to) {
        int n = 0;
        for (int f = from; f < to; f++) {
            n += FrameState.isResident(m.table.state(f)) ? 1 : 0;
        }
        return n;
    }

    @Test
    void aPluggedBlockIsGuestMemoryAndAnUnpluggedOneGoesBackToTheHost() {
        VirtioMem mem = device(true, 2L * BLOCK);
        long memmap = 2L * BLOCK / VirtioMem.PAGES_PER_MEMMAP_PAGE;
        assertEquals(memmap, mem.memmapFrames(), "64 bytes of page descriptors per 4 KiB page plugged: 2 MiB a block");
        assertEquals(BOOT + 2L * BLOCK - memmap, kernel.freeFrames(), "boot memory and two blocks, less their descriptors");

        int file = kernel.createFile(BLOCK);
        for (int p = 0; p < BLOCK; p++) {
            kernel.read(file, p);
        }
        int pid = kernel.createProcess();
        int heap = kernel.malloc(pid, BLOCK);
        for (int p = 0; p < BLOCK; p++) {
            kernel.touchAnon(pid, heap + p, true);
        }
        assertTrue(resident(memory, BOOT, BOOT + 2 * BLOCK) > BLOCK, "the guest uses the plugged memory");

        mem.setRequested(BLOCK / 2);
        assertEquals(VirtioMem.Result.DONE, mem.process());
        assertEquals(BLOCK / 2, mem.pluggedFrames());
        assertEquals(0, resident(memory, BOOT + BLOCK / 2, FRAMES), "the host holds nothing for unplugged memory");
        assertTrue(kernel.counters().migratedPages() > 0, "anonymous pages in the way were migrated");
        KernelChecks.checkLruLists(kernel);
        assertEquals(BLOCK / VirtioMem.PAGES_PER_MEMMAP_PAGE, mem.memmapFrames(), "the emptied blocks were removed");
        for (int p = 0; p < BLOCK; p++) {
            kernel.read(file, p);
            kernel.touchAnon(pid, heap + p, false);
        }
        assertEquals(0, kernel.counters().lostPages(), "every page read back what it held");

        long free = kernel.freeFrames();
        mem.setRequested(3L * BLOCK);
        assertEquals(VirtioMem.Result.DONE, mem.process());
        assertEquals(3L * BLOCK / VirtioMem.PAGES_PER_MEMMAP_PAGE, mem.memmapFrames(), "three blocks' descriptors");
        long expected = free + 5L * BLOCK / 2 - 2L * BLOCK / VirtioMem.PAGES_PER_MEMMAP_PAGE;
        assertTrue(kernel.freeFrames() >= expected && kernel.freeFrames() < expected + 256,
                "plugged again: the guest's, less two more blocks' descriptors (and what kswapd freed meanwhile): "
                + kernel.freeFrames() + " for " + expected);
        assertEquals(2L * BLOCK + 3L * BLOCK / 2 + 5L * BLOCK / 2, mem.movedFrames(),
                "plugged 2 blocks, unplugged 1.5, plugged 2.5");
    }

    @Test
    void anUnmovablePageMakesItsSubblockBusyAndTheRestGoes() {
        VirtioMem mem = device(true, 3L * BLOCK);
        int pinned = -1;
        for (int tries = 0; pinned < BOOT + 2 * BLOCK; tries++) {
            pinned = kernel.allocPages(0); // a driver's page: no page cache, no LRU, nothing to migrate
            assertTrue(tries < FRAMES, "the allocator handed out a frame of the last block");
        }
        mem.setRequested(0);
        assertEquals(VirtioMem.Result.BUSY, mem.process());
        assertEquals(SUBBLOCK, mem.pluggedFrames(), "all but the pinned page's subblock");
        assertEquals(1, mem.busySubblocks(), "its subblock was busy");
        int sbStart = BOOT + (pinned - BOOT) / SUBBLOCK * SUBBLOCK;
        assertEquals(SUBBLOCK, kernel.freeFrames() - freeOutside(sbStart) + 1, "the pinned subblock is still the guest's");
        kernel.freePages(pinned, 0);
        assertEquals(VirtioMem.Result.DONE, mem.process(), "a retry once the page is gone succeeds");
        assertEquals(0, mem.pluggedFrames());
        assertEquals(0, mem.memmapFrames());
    }

    /**
     * With ZONE_NORMAL, page descriptors of a block may land in blocks added before it, never in
     * later ones (those were not yet guest memory); unplugging from the highest block down frees a
     * block's descriptors before the blocks below it are emptied, so they pin nothing.
     */
    @Test
    void zoneMovablesPageDescriptorsLiveInBootMemoryAndAZoneNormalsMayNot() {
        VirtioMem movable = device(true, 3L * BLOCK);
        assertEquals(3L * BLOCK / VirtioMem.PAGES_PER_MEMMAP_PAGE, movable.memmapFrames());
        assertEquals(0, resident(memory, BOOT, FRAMES), "nothing in hot-plugged memory");
        SimulatedMemory m2 = new SimulatedMemory(FRAMES);
        GuestKernel k2 = new GuestKernel(m2, KernelConfig.of(2, GuestHinting.NONE));
        VirtioMem normal = new VirtioMem(k2, BOOT, 3, BLOCK, SUBBLOCK, false, 0);
        int boot = k2.createFile(BOOT);
        for (int p = 0; p < BOOT; p++) {
            k2.read(boot, p); // boot memory full of page cache
        }
        normal.setRequested(3L * BLOCK);
        assertEquals(VirtioMem.Result.DONE, normal.process());
        int inRegion = 0;
        for (int f = BOOT; f < FRAMES; f++) {
            inRegion += k2.holdsPage(f) || !FrameState.isResident(m2.table.state(f)) ? 0 : 1;
        }
        assertTrue(inRegion > 0, "zone normal: descriptors of later blocks went into hot-plugged memory");
        normal.setRequested(0);
        assertEquals(VirtioMem.Result.DONE, normal.process(), "highest block first: they never pin one");
        assertEquals(0, normal.memmapFrames());
        assertEquals(0, k2.counters().lostPages());
    }

    @Test
    void aGuestOfSeveralVcpusOrBackedByLargeFramesIsRefused() {
        GuestKernel twoVcpus = new GuestKernel(new SimulatedMemory(FRAMES),
                KernelConfig.of(3, GuestHinting.NONE).withVcpus(2));
        assertThrows(IllegalArgumentException.class, () -> new VirtioMem(twoVcpus, BOOT, 3, BLOCK, SUBBLOCK, true, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new VirtioMem(kernel, BOOT, 4, BLOCK, SUBBLOCK, true, 0));
        assertTrue(e.getMessage().contains("does not fit a guest of " + FRAMES + " frames"), e.getMessage());
        assertFalse(kernel.counters().lostPages() > 0);
    }
}
