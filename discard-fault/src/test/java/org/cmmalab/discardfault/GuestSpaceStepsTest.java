package org.cmmalab.discardfault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cmmalab.guestmm.GuestMemory;
import org.cmmalab.hostpager.GuestSpace;
import org.cmmalab.hostpager.ReclaimResult;
import org.cmmalab.pagestates.FrameState;
import org.cmmalab.pagestates.HostMode;
import org.cmmalab.pagestates.Orc;
import org.junit.jupiter.api.Test;

/**
 * The host's frame protocol ({@link GuestSpace}) as real threads run it, one step at a time: what
 * each guest and host step does to states and content.
 */
class GuestSpaceStepsTest {
    private final GuestSpace store = HostedGuest.threaded(4, HostMode.ZVM, 2);

    @Test
    void writtenOutContentComesBackOnTheNextLoad() {
        stable(0, 5);
        assertEquals(ReclaimResult.WRITTEN, store.reclaim(0));
        assertEquals("Sp", name(0));
        assertEquals(GuestSpace.POISON, store.contentAtRest(0), "the host frame went back to the host");
        assertEquals(5, store.load(0));
        assertEquals("Sr", name(0));
        assertEquals(ReclaimResult.DROPPED, store.reclaim(0), "an unchanged copy is on the device already");
    }

    @Test
    void discardedVolatileFrameFaultsUntilMadeStableAgain() {
        stable(0, 5);
        store.essa(0, Orc.SET_VOLATILE);
        assertEquals(ReclaimResult.DISCARDED, store.reclaim(0));
        assertEquals(GuestMemory.DISCARD_FAULT, store.load(0));
        assertFalse(store.store(0, 6));
        assertEquals("Vz", FrameState.name(store.essa(0, Orc.SET_STABLE_IF_RESIDENT)));
        assertEquals("Vz", name(0), "SET_STABLE_IF_RESIDENT leaves a discarded frame discarded");
        store.essa(0, Orc.SET_STABLE);
        assertEquals(0, store.load(0), "a new use of the frame gets zeros");
    }

    @Test
    void unusedFrameIsAnAddressingException() {
        stable(0, 5);
        store.essa(0, Orc.SET_UNUSED);
        assertThrows(IllegalStateException.class, () -> store.load(0));
        assertThrows(IllegalStateException.class, () -> store.store(0, 6));
    }

    @Test
    void releaseDropsTheContent() {
        stable(0, 5);
        store.release(0);
        assertEquals("Sz", name(0));
        assertEquals(0, store.load(0));
    }

    @Test
    void setStableResidentPagesInBeforeTheFrameIsUsed() {
        stable(0, 5);
        store.reclaim(0);
        assertEquals("Sp", FrameState.name(store.essa(0, Orc.SET_STABLE_RESIDENT)));
        assertEquals("Sr", name(0));
        assertEquals(5, store.contentAtRest(0));
    }

    @Test
    void storeDuringTheWriteKeepsTheFrame() {
        stable(0, 5);
        assertEquals(ReclaimResult.MUST_WRITE, store.reclaimStep(0));
        store.beginWriteOut(0);
        store.writeToDevice(0);
        assertTrue(store.store(0, 6));
        assertEquals(ReclaimResult.STORE_DURING_WRITE, store.finishWriteOut(0));
        assertEquals(6, store.load(0));
        assertEquals(5, store.deviceCopyAtRest(0), "the device keeps the older copy until a later write-out");
        assertEquals(ReclaimResult.WRITTEN, store.reclaim(0));
        assertEquals(6, store.load(0));
    }

    @Test
    void freeDuringTheWriteDropsTheCopy() {
        stable(0, 5);
        store.reclaimStep(0);
        store.beginWriteOut(0);
        store.writeToDevice(0);
        store.essa(0, Orc.SET_UNUSED);
        assertEquals(ReclaimResult.FREED_DURING_WRITE, store.finishWriteOut(0));
        assertEquals("Uz", name(0));
        assertFalse(FrameState.backed(store.state(0)));
    }

    @Test
    void largeFrameFillsReclaimsAndHintsAsOne() {
        assertTrue(store.merge(0));
        store.essaLarge(0, Orc.SET_STABLE);
        assertTrue(store.store(1, 7), "zero fill of both frames, then the store");
        assertEquals(0, store.load(0));
        assertEquals(ReclaimResult.WRITTEN, store.reclaim(1));
        assertEquals("Sp", name(0));
        assertEquals(7, store.load(1), "the page-in brings both frames back");
        assertEquals("Sr", name(0));
        assertThrows(IllegalStateException.class, () -> store.essa(0, Orc.SET_UNUSED), "a 4 KiB hint inside a large frame");
        assertEquals("Sr", FrameState.name(store.essaLarge(0, Orc.SET_VOLATILE)));
        assertEquals("Vr", name(0));
        assertEquals("Vr", name(1));
    }

    @Test
    void largeHintOnASplitRunChangesEveryFrame() {
        store.merge(0);
        store.essaLarge(0, Orc.SET_STABLE);
        store.store(0, 7);
        store.reclaim(0);
        store.split(0);
        assertFalse(store.isLarge(0));
        assertEquals("Sp", FrameState.name(store.essaLarge(0, Orc.SET_STABLE_RESIDENT)));
        assertEquals("Sr", name(0));
        assertEquals("Sr", name(1));
        assertEquals(7, store.contentAtRest(0));
        assertEquals(0, store.contentAtRest(1));
        store.essaLarge(0, Orc.SET_UNUSED);
        assertEquals("Ur", name(0));
        assertEquals("Ur", name(1));
        assertEquals(ReclaimResult.DISCARDED, store.reclaim(0));
        assertEquals(ReclaimResult.DISCARDED, store.reclaim(1));
        assertTrue(store.merge(0), "every frame is Uz again");
    }

    private void stable(int frame, long token) {
        store.essa(frame, Orc.SET_STABLE);
        assertTrue(store.store(frame, token));
    }

    private String name(int frame) {
        return FrameState.name(store.state(frame));
    }
}
