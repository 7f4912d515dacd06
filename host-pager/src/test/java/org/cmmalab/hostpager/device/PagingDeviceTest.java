package org.cmmalab.hostpager.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PagingDeviceTest {
    private final PagingDevice device = new PagingDevice(3, DeviceLatency.SSD);
    private final int volume = device.addVolume(4, 2000);

    @Test
    void reserveCountsOnlyMissingSlotsAndRefusesPastCapacity() {
        assertTrue(device.reserve(volume, 1024, 2));
        assertTrue(device.reserve(volume, 1025, 2), "one of the two holds a slot already");
        assertEquals(3, device.usedSlots());
        assertFalse(device.reserve(volume, 1030, 1));
        assertEquals(3, device.usedSlots(), "a refused reservation changes nothing");
        assertTrue(device.holds(4, 1026));
        assertFalse(device.holds(4, 1027));
        assertFalse(device.holds(4, 3), "a frame in a chunk where nothing was reserved");
    }

    @Test
    void writtenTokensReadBackAndFreedSlotsAreCounted() {
        device.reserve(volume, 7, 1);
        device.write(volume, 7, 77);
        assertEquals(77, device.read(volume, 7));
        assertEquals(1, device.free(volume, 7, 1));
        assertEquals(0, device.free(volume, 7, 1), "nothing left to free");
        assertEquals(0, device.usedSlots());
        assertThrows(IllegalStateException.class, () -> device.read(volume, 7));
        assertEquals(1, device.reads());
        assertEquals(1, device.writes());
        assertEquals(200_000, device.busyNanos());
    }

    @Test
    void latencyPresetsAreTheDesignsAndOthersAreRefused() {
        assertEquals(new DeviceLatency(100_000, 100_000), DeviceLatency.preset("ssd"));
        assertEquals(new DeviceLatency(5_000_000, 5_000_000), DeviceLatency.preset("disk"));
        assertThrows(IllegalArgumentException.class, () -> DeviceLatency.preset("tape"));
        assertThrows(IllegalArgumentException.class, () -> new DeviceLatency(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> device.holds(5, 0));
    }
}
