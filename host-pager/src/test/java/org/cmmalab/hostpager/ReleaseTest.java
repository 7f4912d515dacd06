package org.cmmalab.hostpager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.cmmalab.pagestates.FrameState;
import org.junit.jupiter.api.Test;

/** A frame a balloon hands back leaves host memory and the paging device, and reads as zeros. */
class ReleaseTest {
    @Test
    void releaseOfAResidentFrameFreesItsHostFrame() {
        Host host = new Host(HostConfig.of(8, 64));
        GuestSpace g = host.attach(1, 64);
        g.store(3, 42);
        assertEquals(7, host.freeFrames());
        g.release(3);
        assertEquals(8, host.freeFrames());
        assertEquals(0, g.residentFrames());
        assertEquals(1, host.counters().released());
        assertEquals("Sz", FrameState.name(g.table().state(3)));
        assertEquals(0, g.load(3), "a released frame reads as zeros");
    }

    @Test
    void releaseOfAPreservedFrameFreesItsSlot() {
        Host host = new Host(HostConfig.of(1, 64));
        GuestSpace g = host.attach(1, 64);
        g.store(3, 42);
        g.store(4, 43); // evicts frame 3 to the device
        assertEquals("Sp", FrameState.name(g.table().state(3)));
        g.release(3);
        assertFalse(host.device().holds(1, 3));
        assertEquals("Sz", FrameState.name(g.table().state(3)));
        assertEquals(0, host.counters().released(), "frame 3 held no host frame");
    }
}
