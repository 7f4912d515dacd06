package org.cmmalab.hostpager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cmmalab.pagestates.FrameState;
import org.cmmalab.pagestates.Orc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A full paging device: victims that must be written are skipped, counted, and never dropped. */
class DeviceFullTest {
    @Test
    void nothingReclaimableFailsLoudlyAndNamesTheHostState() {
        Host host = new Host(HostConfig.of(1, 1));
        GuestSpace guest = host.attach(1, 4);
        guest.store(0, 10);
        guest.store(1, 11); // frame 0 written out: the device's one slot
        HostMemoryExhaustedException e = assertThrows(HostMemoryExhaustedException.class, () -> guest.store(2, 12));
        assertTrue(e.getMessage().contains("paging device 1 of 1 slots used"), e.getMessage());
        assertTrue(e.getMessage().contains("0 of 1 frames free"), e.getMessage());
        assertTrue(e.getMessage().contains("1=1"), e.getMessage());
        assertTrue(host.counters().deviceFull() >= 1);
        assertEquals("Sz", FrameState.name(guest.table().state(2)), "the failed store changed nothing");
        assertEquals(11, guest.load(1), "the victim kept its content");
        assertEquals("Sr+gc+hc", FrameState.describe(guest.table().state(1)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"lru", "clock"})
    void aVictimThatCannotBeWrittenIsSkippedForOneThatCanBeDiscarded(String policy) {
        Host host = new Host(HostConfig.of(2, 0).withReplacement(policy));
        GuestSpace guest = host.attach(1, 4);
        guest.store(0, 10);
        guest.store(1, 11);
        guest.essa(1, Orc.SET_UNUSED);
        assertTrue(guest.store(2, 12)); // the policy names frame 0 first: it must be written, and cannot be
        assertEquals(1, host.counters().deviceFull());
        assertEquals(1, host.counters().discards());
        assertEquals(2, host.counters().reclaimScans());
        assertEquals("Uz", FrameState.name(guest.table().state(1)));
        assertEquals(10, guest.load(0));
        assertEquals(12, guest.load(2));
    }

    @Test
    void backgroundReclaimStopsQuietlyAtAFullDevice() {
        Host host = new Host(HostConfig.of(2, 0).withReclaim(ReclaimMode.watermarks(2, 2)));
        GuestSpace guest = host.attach(1, 4);
        guest.store(0, 10);
        guest.store(1, 11);
        assertEquals(0, AtOnce.balance(host));
        assertTrue(host.counters().deviceFull() >= 2);
        assertEquals(2, host.residentFrames(1));
    }
}
