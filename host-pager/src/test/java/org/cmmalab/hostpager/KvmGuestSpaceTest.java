package org.cmmalab.hostpager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cmmalab.pagestates.FrameState;
import org.cmmalab.pagestates.HostMode;
import org.cmmalab.pagestates.Orc;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A guest's memory on a {@code kvm} host (Linux 6.12): ESSA never makes a frame resident, no access
 * faults on the usage, and a frame made unused while swapped out keeps its swap slot until the
 * guest's collection buffer of 511 frames is full and zapped ({@code handle_essa},
 * {@code ptep_zap_unused}).
 */
class KvmGuestSpaceTest {
    private static final int GUEST = 4;
    private static final int HOST_FRAMES = 64;
    private static final int STORED = 600;

    private Host host;
    private GuestSpace guest;

    /** 600 frames stored into a host of 64: frames 0..535 are swapped out, 536..599 resident. */
    @BeforeEach
    void swapMostOut() {
        host = new Host(HostConfig.of(HOST_FRAMES, 1024).withMode(HostMode.KVM));
        guest = host.attach(GUEST, 1024);
        for (int f = 0; f < STORED; f++) {
            assertTrue(guest.store(f, 1000 + f));
        }
        for (int f = 0; f < STORED - HOST_FRAMES; f++) {
            assertEquals("Sp+gc+backed", FrameState.describe(guest.table().state(f)), "frame " + f);
        }
    }

    @Test
    void aSwappedOutFrameMadeUnusedKeepsItsSlotUntilTheBufferIsFull() {
        for (int f = 0; f < CollectionBuffer.ENTRIES - 1; f++) {
            guest.essa(f, Orc.SET_UNUSED);
            assertEquals("Uz", FrameState.name(guest.table().state(f)));
            assertTrue(host.device().holds(GUEST, f), "frame " + f + " keeps its slot until the zap");
        }
        assertEquals(0, host.counters().collectionBuffersZapped());

        // Reused before the zap: the host swaps the stale content in rather than giving a zero page.
        guest.essa(5, Orc.SET_STABLE_NODAT);
        assertEquals("Sz", FrameState.name(guest.table().state(5)));
        long pageIns = host.counters().pageIns();
        assertEquals(1005, guest.load(5), "the old content, from the swap slot");
        assertEquals(pageIns + 1, host.counters().pageIns());

        guest.essa(CollectionBuffer.ENTRIES - 1, Orc.SET_UNUSED); // the 511th entry
        assertEquals(1, host.counters().collectionBuffersZapped());
        for (int f = 0; f < CollectionBuffer.ENTRIES; f++) {
            if (f != 5) {
                assertFalse(host.device().holds(GUEST, f), "frame " + f + "'s slot was freed by the zap");
                assertEquals(0L, guest.load(f), "frame " + f + ": a zero page after the zap");
            }
        }
        assertTrue(host.device().holds(GUEST, 5), "resident again by then: the zap passed it by");
    }

    @Test
    void setStableResidentOnlySetsTheUsage() {
        long pageIns = host.counters().pageIns();
        guest.essa(7, Orc.SET_UNUSED);
        assertEquals("Uz+gc+backed", FrameState.describe(guest.essa(7, Orc.SET_STABLE_RESIDENT)));
        assertEquals("Sz+gc+backed", FrameState.describe(guest.table().state(7)), "not made resident");
        assertEquals(pageIns, host.counters().pageIns());
    }

    @Test
    void noAccessFaultsOnTheUsage() {
        guest.essa(9, Orc.SET_VOLATILE);
        assertEquals("Vz", FrameState.name(guest.table().state(9)));
        assertEquals(1009, guest.load(9), "no discard fault: swapped in");
        int resident = STORED - 1;
        guest.essa(resident, Orc.SET_UNUSED);
        assertEquals(1000 + resident, guest.load(resident), "no addressing exception: served");
        assertNotEquals(GuestSpace.DISCARD_FAULT, guest.load(9));
    }

    @Test
    void hugePageBackingIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> host.attach(GUEST + 1, 1024, Backing.LARGE));
    }
}
