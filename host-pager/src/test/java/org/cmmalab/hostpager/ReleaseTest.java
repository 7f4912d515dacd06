package org.cmmalab.hostpager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /**
     * A run released at once ends as its frames released one by one: the same states, host frames,
     * device slots and counts, whatever each frame held (resident, on the device, zero, never touched).
     */
    @Test
    void aRunIsReleasedAsItsFramesAreOneByOne() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        Host[] hosts = {new Host(HostConfig.of(300, 2048)), new Host(HostConfig.of(300, 2048))};
        GuestSpace[] guests = {hosts[0].attach(1, 2048), hosts[1].attach(1, 2048)};
        for (int round = 0; round < 40; round++) {
            for (int i = 0; i < 100; i++) {
                int frame = random.nextInt(1500);
                boolean store = random.nextBoolean();
                for (GuestSpace g : guests) {
                    if (store) {
                        g.store(frame, 1000 + frame); // a small host: stores page others out
                    } else {
                        g.load(frame);
                    }
                }
            }
            int first = random.nextInt(2048);
            int count = random.nextInt(1, 2048 - first + 1);
            guests[0].releaseRun(first, count);
            for (int f = first; f < first + count; f++) {
                guests[1].release(f);
            }
            assertEquals(hosts[1].freeFrames(), hosts[0].freeFrames(), "round " + round);
            assertEquals(hosts[1].counters().released(), hosts[0].counters().released(), "round " + round);
            assertEquals(hosts[1].counters().slotsFreed, hosts[0].counters().slotsFreed, "round " + round);
            assertEquals(guests[1].residentFrames(), guests[0].residentFrames(), "round " + round);
            for (int f = 0; f < 2048; f++) {
                assertEquals(guests[1].table().state(f), guests[0].table().state(f), "frame " + f + ", round " + round);
                assertEquals(hosts[1].device().holds(1, f), hosts[0].device().holds(1, f), "frame " + f + ", round " + round);
            }
        }
        assertTrue(hosts[0].counters().released() > 100 && hosts[0].counters().slotsFreed > 10,
                hosts[0].counters().released() + " released, " + hosts[0].counters().slotsFreed + " slots freed");
    }
}
