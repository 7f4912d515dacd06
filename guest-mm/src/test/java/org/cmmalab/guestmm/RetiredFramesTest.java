package org.cmmalab.guestmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cmmalab.pagestates.FrameState;
import org.cmmalab.pagestates.HostMode;
import org.cmmalab.pagestates.UsageState;
import org.junit.jupiter.api.Test;

/**
 * Deferred reuse (race 3) on a two-vCPU kernel: a frame that leaves the cache while the other vCPU
 * is in a kernel entry keeps its state and is not freed until that vCPU has passed a quiescent
 * point; one that leaves while the other is idle is freed at once.
 */
class RetiredFramesTest {
    private final SimulatedMemory mem = new SimulatedMemory(1024, HostMode.ZVM, false);
    private final GuestKernel k = new GuestKernel(mem, KernelConfig.of(7, GuestHinting.V7).withVcpus(2));
    private final RetiredFrames retired = KernelParts.retiredFrames(k);
    private final Vcpus vcpus = k.vcpus();
    private final int file = k.createFile(8);

    @Test
    void aFrameIsHeldWhileAnotherVcpuMayHoldItsNumber() {
        FileMapping m = k.map(file, false);
        k.touchMapped(m, 0, false, 0);
        int frame = KernelParts.fileFrame(k, file, 0);
        mem.hostReclaim(frame);
        vcpus.runAs(1);
        retired.enter(); // vCPU 1 is inside a kernel entry: it may have read frame numbers
        vcpus.runAs(0);
        long free = k.freeFrames();
        k.handleDiscardFault(frame);
        assertTrue(retired.holds(frame), "retired while vCPU 1 is inside");
        assertEquals(1, k.counters().framesDeferred());
        assertEquals(free, k.freeFrames(), "held, not free");
        assertEquals("Vz", FrameState.name(mem.state(frame)), "it keeps its state: a late access still faults as discarded");
        k.handleDiscardFault(frame);
        assertEquals(1, k.counters().lateDiscardFaults(), "a second delivery finds the page gone");
        vcpus.runAs(1);
        retired.exit();
        vcpus.runAs(0);
        k.read(file, 1); // any kernel entry ends at a quiescent point
        assertFalse(retired.holds(frame));
        assertEquals(UsageState.UNUSED, FrameState.usage(mem.state(frame)), "made unused when released");
        assertEquals(ContentToken.file(7, file, 0, 0), k.touchMapped(m, 0, false, 0));
    }

    @Test
    void aFrameIsFreeAtOnceWhileTheOtherVcpuIsIdle() {
        k.read(file, 2);
        int frame = KernelParts.fileFrame(k, file, 2);
        assertTrue(k.dropPage(file, 2));
        assertFalse(retired.holds(frame));
        assertEquals(0, k.counters().framesDeferred());
        assertEquals(UsageState.UNUSED, FrameState.usage(mem.state(frame)));
    }
}
