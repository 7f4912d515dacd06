package org.cmmalab.hostpager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cmmalab.hostpager.device.DeviceLatency;
import org.cmmalab.pagestates.FrameState;
import org.cmmalab.pagestates.Orc;
import org.junit.jupiter.api.Test;

/** The host's bookkeeping around the guest operations: attach, ESSA's host work, watermarks. */
class HostTest {
    @Test
    void attachRefusesADuplicateGuestAndGuestRefusesAnUnknownOne() {
        Host host = new Host(HostConfig.of(4, 4));
        GuestSpace guest = host.attach(1, 8);
        assertEquals(1, guest.guestId());
        assertEquals(8, guest.frames());
        assertEquals(host.mode(), guest.table().mode());
        assertTrue(guest == host.guest(1));
        assertThrows(IllegalArgumentException.class, () -> host.attach(1, 8));
        assertThrows(IllegalArgumentException.class, () -> host.guest(2));
        assertThrows(IllegalArgumentException.class, () -> host.attach(2, 0));
    }

    @Test
    void anAccessToAnUnusedFrameIsAnAddressingExceptionNamingGuestAndFrame() {
        Host host = new Host(HostConfig.of(4, 4));
        GuestSpace guest = host.attach(12, 8);
        guest.essa(3, Orc.SET_UNUSED);
        IllegalStateException load = assertThrows(IllegalStateException.class, () -> guest.load(3));
        assertTrue(load.getMessage().contains("guest 12") && load.getMessage().contains("frame 3"), load.getMessage());
        assertThrows(IllegalStateException.class, () -> guest.store(3, 1));
        assertEquals(0, host.counters().faults());
    }

    @Test
    void setStableResidentPagesInFromPreservedAndZeroFillsFromZero() {
        Host host = new Host(HostConfig.of(1, 4));
        GuestSpace guest = host.attach(1, 4);
        guest.store(0, 41);
        guest.essa(1, Orc.SET_STABLE_RESIDENT); // needs the one host frame: frame 0 is written out
        assertEquals("Sp", FrameState.name(guest.table().state(0)));
        assertEquals("Sr", FrameState.name(guest.table().state(1)));
        assertEquals(2, host.counters().zeroFills(), "frame 0's first store, then frame 1");
        assertEquals("Sp", FrameState.name(guest.essa(0, Orc.SET_STABLE_RESIDENT)));
        assertEquals(1, host.counters().pageIns());
        assertEquals("Sr+gc+backed", FrameState.describe(guest.table().state(0)), "the device copy is current");
        assertEquals(41, guest.load(0));
    }

    @Test
    void contentGoingFromPreservedToZeroFreesTheDeviceSlot() {
        Host host = new Host(HostConfig.of(1, 4));
        GuestSpace guest = host.attach(1, 4);
        guest.store(0, 41);
        guest.store(1, 42);
        guest.store(2, 43); // frames 0 and 1 are on the device
        assertEquals(2, host.device().usedSlots());
        guest.essa(0, Orc.SET_UNUSED);
        guest.clean(1);
        guest.essa(1, Orc.SET_POT_VOLATILE); // Sp, clean: Vz
        assertEquals("Uz", FrameState.name(guest.table().state(0)));
        assertEquals("Vz", FrameState.name(guest.table().state(1)));
        assertEquals(0, host.device().usedSlots());
        assertEquals(2, host.counters().slotsFreed());
        assertFalse(host.device().holds(1, 0));
    }

    @Test
    void balanceReclaimsInLruOrderFromBelowLowUpToHigh() {
        Host host = new Host(HostConfig.of(8, 8).withReclaim(ReclaimMode.watermarks(2, 5)));
        GuestSpace guest = host.attach(1, 8);
        for (int f = 0; f < 6; f++) {
            guest.store(f, f + 1);
        }
        assertFalse(host.needsBalance(), "2 free frames are not below the low watermark of 2");
        assertEquals(0, AtOnce.balance(host));
        guest.store(6, 7);
        guest.load(0); // frame 0 becomes the most recently used
        guest.store(7, 8);
        assertTrue(host.needsBalance());
        assertEquals(5, AtOnce.balance(host));
        assertEquals(5, host.freeFrames());
        for (int f = 1; f <= 5; f++) {
            assertEquals("Sp", FrameState.name(guest.table().state(f)), "frame " + f);
        }
        assertTrue(FrameState.isResident(guest.table().state(0)));
        assertTrue(FrameState.isResident(guest.table().state(6)));
        assertEquals(0, AtOnce.balance(host), "free frames are above the low watermark");
        assertEquals(3, host.residentFrames(1));
    }

    @Test
    void configRefusesImpossibleValues() {
        assertThrows(IllegalArgumentException.class, () -> HostConfig.of(0, 4));
        assertThrows(IllegalArgumentException.class, () -> HostConfig.of(4, -1));
        assertThrows(IllegalArgumentException.class, () -> HostConfig.of(4, 4).withReclaim(ReclaimMode.watermarks(2, 5)));
        assertThrows(IllegalArgumentException.class, () -> ReclaimMode.watermarks(3, 2));
        assertTrue(ReclaimMode.ON_DEMAND.isOnDemand());
        assertFalse(ReclaimMode.watermarks(1, 2).isOnDemand());
    }

    @Test
    void aHostChargesItsDeviceLatency() {
        Host host = new Host(HostConfig.of(1, 4).withDeviceLatency(DeviceLatency.DISK));
        GuestSpace guest = host.attach(1, 2);
        guest.store(0, 1);
        guest.store(1, 2);
        guest.load(0);
        assertEquals(2, host.device().writes());
        assertEquals(1, host.device().reads());
        assertEquals(15_000_000, host.device().busyNanos());
    }
}
