package org.cmmalab.guestmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cmmalab.pagestates.FrameState;
import org.junit.jupiter.api.Test;

class BalloonTest {
    @Test
    void inflateTakesPagesFromTheGuestAndGivesThemToTheHost() {
        SimulatedMemory memory = new SimulatedMemory(8192);
        GuestKernel kernel = new GuestKernel(memory, KernelConfig.of(1, true));
        long free = kernel.freeFrames();
        Balloon balloon = new Balloon(kernel, 256);
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
        GuestKernel kernel = new GuestKernel(memory, KernelConfig.of(1, false));
        int file = kernel.createFile(4000);
        for (int p = 0; p < 4000; p++) {
            kernel.read(file, p);
        }
        Balloon balloon = new Balloon(kernel, 1);
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

    @Test
    void deflatesOnOutOfMemory() {
        SimulatedMemory memory = new SimulatedMemory(8192);
        GuestKernel kernel = new GuestKernel(memory, KernelConfig.of(1, true));
        Balloon balloon = new Balloon(kernel, 256);
        int inBalloon = balloon.inflate(100_000);
        int pid = kernel.createProcess();
        int heap = kernel.malloc(pid, 1024);
        for (int p = 0; p < 1024; p++) {
            assertTrue(kernel.touchAnon(pid, heap + p, true) != GuestKernel.NO_MEMORY, "page " + p);
        }
        assertTrue(balloon.pages() < inBalloon, "the balloon gave pages back");
        assertEquals(0, kernel.counters().lostPages());
    }
}
