package org.cmmalab.hostpager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;

import org.cmmalab.pagestates.FrameState;
import org.cmmalab.pagestates.HostMode;
import org.cmmalab.pagestates.Orc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each way host reclaim frees a frame (docs/state-model.md section 2), one frame at a time: a host of one frame
 * whose watermarks (1, 1) make {@link Host#balance} reclaim exactly the one resident unit.
 */
class ReclaimOutcomesTest {
    private static final int GUEST = 3;

    private final Host host = new Host(oneFrame(HostMode.ZVM));
    private final GuestSpace guest = host.attach(GUEST, 4);

    @Test
    void unusedFrameIsDiscardedWithoutIo() {
        guest.store(0, 41);
        guest.essa(0, Orc.SET_UNUSED);
        assertEquals(1, AtOnce.balance(host));
        assertEquals("Uz", state(0));
        assertCounts(1, 0, 0, 0);
        assertEquals(0, host.device().writes());
    }

    @Test
    void volatileFrameIsDiscardedAndItsNextLoadIsADiscardFault() {
        guest.store(0, 41);
        guest.essa(0, Orc.SET_VOLATILE);
        assertEquals(1, AtOnce.balance(host));
        assertEquals("Vz", state(0));
        assertCounts(1, 0, 0, 0);
        assertEquals(GuestSpace.DISCARD_FAULT, guest.load(0));
        assertFalse(guest.store(0, 42));
        assertEquals("Vz", state(0), "a discard fault changes no state");
        assertEquals(1, host.counters().faults(), "only the first store's zero fill was a host fault");
    }

    @Test
    void cleanPotentiallyVolatileFrameIsDiscarded() {
        guest.store(0, 41);
        guest.clean(0); // the guest wrote the page back to its own backing store
        guest.essa(0, Orc.SET_POT_VOLATILE);
        assertEquals(1, AtOnce.balance(host));
        assertEquals("Vz", state(0));
        assertCounts(1, 0, 0, 0);
    }

    @Test
    void changedPotentiallyVolatileFrameIsWrittenOutAsStable() {
        guest.essa(0, Orc.SET_POT_VOLATILE); // Sz -> Vz: nothing to keep yet
        guest.essa(0, Orc.SET_STABLE);
        guest.store(0, 41);
        guest.essa(0, Orc.SET_POT_VOLATILE);
        guest.store(0, 42); // a store to Pr keeps Pr, but it can no longer be discarded
        assertEquals(1, AtOnce.balance(host));
        assertEquals("Sp", state(0));
        assertCounts(0, 0, 0, 1);
        assertEquals(42, guest.load(0));
    }

    @Test
    void stableFrameIsWrittenOutAndReadBack() {
        guest.store(0, 41);
        assertEquals(1, AtOnce.balance(host));
        assertEquals("Sp", state(0));
        assertTrue(host.device().holds(GUEST, 0));
        assertCounts(0, 0, 0, 1);
        assertEquals(41, guest.load(0));
        assertEquals(1, host.counters().pageIns());
        assertEquals(1, host.device().reads());
    }

    @Test
    void pagedInFrameNotChangedSinceIsDroppedWithoutASecondWrite() {
        guest.store(0, 41);
        AtOnce.balance(host);
        assertEquals(41, guest.load(0));
        assertEquals(1, AtOnce.balance(host));
        assertEquals("Sp", state(0));
        assertCounts(0, 1, 0, 1);
        assertEquals(1, host.device().writes());
        assertEquals(41, guest.load(0));
    }

    @Test
    void pagedInFrameChangedSinceIsWrittenAgainToItsOwnSlot() {
        guest.store(0, 41);
        AtOnce.balance(host);
        guest.store(0, 43);
        AtOnce.balance(host);
        assertCounts(0, 0, 0, 2);
        assertEquals(1, host.device().usedSlots());
        assertEquals(43, guest.load(0));
    }

    @Test
    void zeroFilledFrameNeverChangedGoesBackToZeroWithoutAWrite() {
        assertEquals(0, guest.load(0));
        assertEquals(1, AtOnce.balance(host));
        assertEquals("Sz", state(0));
        assertCounts(0, 0, 1, 0);
        assertEquals(0, host.device().usedSlots());
        assertEquals(0, guest.load(0));
        assertEquals(2, host.counters().zeroFills());
    }

    @Test
    void kvmWritesOutAVolatileFrame() {
        Host kvm = new Host(oneFrame(HostMode.KVM));
        GuestSpace g = kvm.attach(GUEST, 4);
        g.store(0, 41);
        g.essa(0, Orc.SET_VOLATILE);
        assertEquals(1, AtOnce.balance(kvm));
        assertEquals("Vp", FrameState.name(g.table().state(0)), "swapped out, the usage kept");
        assertEquals(1, kvm.counters().pageOuts());
        assertEquals(0, kvm.counters().discards());
        assertEquals(41, g.load(0));
    }

    @Test
    void kvmStillDiscardsAnUnusedFrame() {
        Host kvm = new Host(oneFrame(HostMode.KVM));
        GuestSpace g = kvm.attach(GUEST, 4);
        g.store(0, 41);
        g.essa(0, Orc.SET_UNUSED);
        AtOnce.balance(kvm);
        assertEquals("Up", FrameState.name(g.table().state(0)), "the PTE dropped: none, no logical-zero bit");
        assertEquals(1, kvm.counters().discards());
        assertEquals(0, kvm.counters().pageOuts());
    }

    /** Race 4: a store during the write must not be lost; the frame stays resident with it. */
    @Test
    void storeDuringWriteOutKeepsTheFrameResidentWithTheNewToken() {
        guest.store(0, 41);
        assertEquals(ReclaimResult.MUST_WRITE, guest.reclaimStep(0));
        guest.beginWriteOut(0);
        guest.writeToDevice(0);
        assertTrue(guest.store(0, 42));
        assertEquals(ReclaimResult.STORE_DURING_WRITE, guest.finishWriteOut(0));
        assertEquals(1, host.counters().writeOutsAborted());
        assertEquals(1, guest.storesDuringWriteOut());
        assertEquals("Sr+gc+hc+backed", FrameState.describe(guest.table().state(0)));
        assertEquals(41, guest.deviceCopyAtRest(0), "the device keeps the older copy until a later write-out");
        assertEquals(42, guest.load(0));
        assertEquals(0, host.counters().pageIns(), "frame 0 never left");
        assertEquals(ReclaimResult.WRITTEN, guest.reclaim(0));
        assertEquals("Sp", state(0));
        assertEquals(42, guest.load(0));
        assertEquals(2, guest.writeOutsStarted());
    }

    /** Race 5: the guest frees the frame while its write is in flight; the written copy is dropped. */
    @ParameterizedTest
    @EnumSource(value = Orc.class, names = {"SET_UNUSED", "SET_VOLATILE"})
    void unusedOrVolatileDuringWriteOutDropsTheWrittenCopy(Orc orc) {
        guest.store(0, 41);
        assertEquals(ReclaimResult.MUST_WRITE, guest.reclaimStep(0));
        guest.beginWriteOut(0);
        guest.writeToDevice(0);
        guest.essa(0, orc);
        assertEquals(ReclaimResult.FREED_DURING_WRITE, guest.finishWriteOut(0));
        assertEquals(orc == Orc.SET_UNUSED ? "Uz" : "Vz", state(0));
        assertEquals(1, guest.freesDuringWriteOut());
        assertEquals(1, host.counters().pageOuts(), "the write was made");
        assertEquals(1, host.counters().discards());
        assertEquals(1, host.counters().slotsFreed());
        assertEquals(0, host.device().usedSlots());
        assertFalse(host.device().holds(GUEST, 0));
    }

    /** Race 5 by a release: the guest gives the frame back during the write; the end of the write leaves it. */
    @Test
    void releaseDuringWriteOutFreesTheFrameAndTheEndLeavesItSo() {
        guest.store(0, 41);
        guest.reclaimStep(0);
        guest.beginWriteOut(0);
        guest.writeToDevice(0);
        guest.release(0);
        assertEquals(ReclaimResult.FREED_DURING_WRITE, guest.finishWriteOut(0));
        assertEquals("Sz", state(0));
        assertEquals(1, guest.freesDuringWriteOut());
        assertEquals(0, host.device().usedSlots());
        assertEquals(0, guest.load(0), "a zero fill: the written copy is gone with the release");
    }

    /**
     * Background reclaim starts a write-out and leaves it in flight: the frame stays resident and
     * usable, counts as on its way to free (no second balance, no second write-out), and is freed
     * when its end is called.
     */
    @Test
    void backgroundWriteOutIsInFlightUntilItsEnd() {
        guest.store(0, 41);
        List<int[]> started = new ArrayList<>();
        assertEquals(0, host.balance((g, frame, frames, ticket) -> started.add(new int[] {frame, frames, ticket})));
        assertEquals(1, started.size());
        assertEquals(List.of(0, 1), List.of(started.get(0)[0], started.get(0)[1]));
        assertEquals("Sr+gc+backed", FrameState.describe(guest.table().state(0)), "begun: the host change bit cleared");
        assertFalse(host.needsBalance(), "the frame in flight counts as on its way to free");
        assertEquals(0, host.balance((g, frame, frames, ticket) -> fail("a unit in flight was picked again")));
        assertEquals(41, guest.load(0));
        assertEquals(1, host.counters().pageOuts(), "counted when the write began");
        assertEquals(ReclaimResult.WRITTEN, guest.finishWriteOut(0, started.get(0)[2]));
        assertEquals("Sp", state(0));
        assertEquals(1, host.freeFrames());
        assertEquals(1, guest.writeOutsStarted());
    }

    /** Race 4 in the background: a store while the write is in flight keeps the frame; a later balance writes it again. */
    @Test
    void storeWhileABackgroundWriteOutIsInFlightKeepsTheFrame() {
        guest.store(0, 41);
        int[] ticket = new int[1];
        host.balance((g, frame, frames, t) -> ticket[0] = t);
        assertTrue(guest.store(0, 42));
        assertEquals(ReclaimResult.STORE_DURING_WRITE, guest.finishWriteOut(0, ticket[0]));
        assertEquals(1, guest.storesDuringWriteOut());
        assertTrue(host.needsBalance());
        assertEquals(1, AtOnce.balance(host));
        assertEquals(42, guest.load(0));
    }

    /**
     * A fault that finds no free frame and every victim in flight waits for the oldest write-out,
     * which ends then; its end at its own time does nothing more.
     */
    @Test
    void directReclaimWaitsForAWriteOutWhenNothingElseCanBeFreed() {
        guest.store(0, 41);
        int[] ticket = new int[1];
        host.balance((g, frame, frames, t) -> ticket[0] = t);
        assertTrue(guest.store(1, 51));
        assertEquals("Sp", state(0));
        assertEquals(ReclaimResult.ENDED_EARLY, guest.finishWriteOut(0, ticket[0]));
        assertEquals(0, guest.freesDuringWriteOut());
        assertEquals(41, guest.load(0));
    }

    @Test
    void balanceDoesNothingAboveTheLowWatermark() {
        assertEquals(0, AtOnce.balance(host));
        assertFalse(host.needsBalance());
        guest.store(0, 41);
        assertTrue(host.needsBalance());
    }

    private static HostConfig oneFrame(HostMode mode) {
        return HostConfig.of(1, 8).withMode(mode).withReclaim(ReclaimMode.watermarks(1, 1));
    }

    private String state(int frame) {
        return FrameState.name(guest.table().state(frame));
    }

    private void assertCounts(long discards, long droppedBacked, long droppedZero, long pageOuts) {
        HostCounters c = host.counters();
        assertEquals(discards, c.discards(), "discards");
        assertEquals(droppedBacked, c.droppedBacked(), "droppedBacked");
        assertEquals(droppedZero, c.droppedZero(), "droppedZero");
        assertEquals(pageOuts, c.pageOuts(), "pageOuts");
        assertEquals(0, host.residentFrames(GUEST));
        assertEquals(1, host.freeFrames());
    }
}
