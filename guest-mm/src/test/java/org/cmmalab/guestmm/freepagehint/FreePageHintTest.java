package org.cmmalab.guestmm.freepagehint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cmmalab.guestmm.GuestHinting;
import org.cmmalab.guestmm.GuestKernel;
import org.cmmalab.guestmm.KernelConfig;
import org.cmmalab.guestmm.SimulatedMemory;
import org.cmmalab.pagestates.FrameState;
import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;
import org.junit.jupiter.api.Test;

/** VIRTIO_BALLOON_F_FREE_PAGE_HINT's guest side: hint free blocks, hold them, give them back. */
class FreePageHintTest {
    @Test
    void aRoundHintsFreeBlocksDownToTheMinWatermarkAndDoneGivesThemBack() {
        SimulatedMemory mem = new SimulatedMemory(8192);
        GuestKernel k = new GuestKernel(mem, KernelConfig.of(1, GuestHinting.NONE));
        int pid = k.createProcess();
        int region = k.malloc(pid, 2048);
        for (int p = 0; p < 2048; p++) {
            k.touchAnon(pid, region + p, true);
        }
        k.free(pid, region);
        FreePageHint hint = new FreePageHint(k);
        IntArrayList toHost = new IntArrayList();
        int min = k.watermarks().min();
        int n = hint.start(toHost::add);
        assertEquals((8192 - min) / 1024, n, "every 4 MiB block above the min watermark");
        assertEquals(n, toHost.size());
        toHost.forEach(frame -> assertEquals(0, frame % 1024));
        assertTrue(k.freeFrames() >= min && k.freeFrames() < min + 1024);
        int residentHinted = 0;
        for (int i = 0; i < toHost.size(); i++) {
            for (int f = toHost.get(i); f < toHost.get(i) + 1024; f++) {
                if (FrameState.isResident(mem.state(f))) {
                    residentHinted++;
                }
            }
        }
        assertEquals(2048, residentHinted, "the host drops nothing: hinted frames stay as they were");
        assertThrows(IllegalStateException.class, () -> hint.start(toHost::add), "one round at a time");
        assertEquals(n, hint.done());
        assertEquals(8192, k.freeFrames());
        assertEquals(0, hint.held());
    }

    @Test
    void aGuestThatNeedsMemoryDuringARoundGetsTheBlocksBack() {
        SimulatedMemory mem = new SimulatedMemory(8192);
        GuestKernel k = new GuestKernel(mem, KernelConfig.of(1, GuestHinting.V7));
        FreePageHint hint = new FreePageHint(k);
        int n = hint.start(frame -> { });
        assertEquals((8192 - k.watermarks().min()) / 1024, n);
        int pid = k.createProcess();
        int region = k.malloc(pid, 4000);
        for (int p = 0; p < 4000; p++) {
            assertTrue(k.touchAnon(pid, region + p, true) != GuestKernel.NO_MEMORY, "page " + p);
        }
        assertEquals(n, hint.shrunk(), "the shrinker gave the held blocks back");
        assertEquals(0, hint.done());
        assertEquals(0, k.counters().allocationFailures());
        assertEquals(0, k.counters().lostPages());
    }
}
