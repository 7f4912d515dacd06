package org.cmmalab.hostpager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.List;
import org.cmmalab.pagestates.FrameState;
import org.cmmalab.pagestates.Orc;
import org.junit.jupiter.api.Test;

/**
 * Guests backed by large frames: the large frame (512 small frames) is the unit of residency, of
 * LRU and of reclaim; ESSA on it is one step; a load or store of a small frame acts on it.
 */
class LargeFramesTest {
    private static final int L = 512;
    private static final int GUEST = 9;

    /** A host with room for two large frames and a guest of three. */
    private final Host host = new Host(HostConfig.of(2 * L, 4 * L));
    private final GuestSpace guest = host.attach(GUEST, 3 * L, Backing.LARGE);

    @Test
    void aStoreMakesTheWholeLargeFrameResident() {
        assertTrue(guest.store(5, 55));
        assertEquals(L, host.counters().zeroFills());
        assertEquals(L, guest.residentFrames());
        assertEquals(L, host.freeFrames());
        assertEquals("Sr+gc+hc", FrameState.describe(guest.table().stateLarge(0)));
        assertEquals(0, guest.load(6));
        assertEquals(55, guest.load(5));
        assertEquals(L, host.counters().faults(), "one fault for the whole large frame");
    }

    @Test
    void reclaimWritesOutAndPagesInTheWholeLargeFrameKeepingEverySmallFramesToken() {
        guest.store(5, 55);
        guest.store(L - 1, 56);
        guest.store(L + 3, 66); // second large frame; the host is full
        guest.load(2 * L); // third: the least recently used large frame, the first, goes out
        assertEquals(L, host.counters().pageOuts());
        assertEquals(1, host.counters().reclaimScans());
        assertEquals("Sp", FrameState.name(guest.table().stateLarge(0)));
        assertEquals(L, host.device().usedSlots());
        assertEquals(55, guest.load(5)); // the second large frame goes out, the first comes back
        assertEquals(L, host.counters().pageIns());
        assertEquals(56, guest.load(L - 1));
        assertEquals(0, guest.load(7));
        assertEquals("Sp", FrameState.name(guest.table().stateLarge(1)));
        assertEquals(66, guest.load(L + 3));
    }

    @Test
    void essaOnALargeFrameIsOneStepAndItsDiscardFreesAllOfIt() {
        guest.store(5, 55);
        assertEquals("Sr+gc+hc", FrameState.describe(guest.essaLarge(0, Orc.SET_UNUSED)));
        assertEquals("Ur", FrameState.name(guest.table().state(300)), "every small frame reads the large frame's state");
        guest.store(L, 1);
        guest.store(2 * L, 2); // needs a large frame's worth: the unused one is discarded, no I/O
        assertEquals(L, host.counters().discards());
        assertEquals(0, host.counters().pageOuts());
        assertEquals("Uz", FrameState.name(guest.table().stateLarge(0)));
    }

    @Test
    void setStableResidentOnALargeFrameFillsAllOfItAtOnce() {
        guest.essaLarge(1, Orc.SET_STABLE_RESIDENT);
        assertEquals(L, host.counters().zeroFills());
        assertEquals("Sr", FrameState.name(guest.table().stateLarge(1)));
        assertEquals(0, guest.load(L + 100));
        assertEquals(L, host.counters().faults(), "the load found the frame resident");
    }

    @Test
    void smallFrameOperationsInsideALargeFrameAreRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> guest.essa(5, Orc.SET_UNUSED));
        assertTrue(e.getMessage().contains("large frame 0"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> guest.clean(5));
        assertEquals(0, host.counters().faults());
    }

    @Test
    void aWriteOutCoversTheWholeUnit() {
        guest.store(L + 1, 1);
        guest.store(1, 2);
        guest.load(2 * L + 1); // needs a large frame's host frames: large frame 1, least recently used, is written out
        assertEquals(1, guest.writeOutsStarted());
        assertEquals(L, host.counters().pageOuts());
        assertEquals("Sp", FrameState.name(guest.table().stateLarge(1)));
        assertEquals(1, guest.load(L + 1));
    }

    /**
     * After a split each small frame is a unit of its own: reclaim takes them one by one, an unused
     * one is discarded alone, and a later fault reads back one small frame, not 512.
     */
    @Test
    void aSplitLargeFrameIsReclaimedAndPagedInFrameByFrame() {
        Host small = new Host(HostConfig.of(L, 2 * L));
        GuestSpace g = small.attach(GUEST, 2 * L, Backing.LARGE);
        g.store(5, 55);
        g.split(0);
        assertEquals(L, g.residentFrames());
        g.essa(7, Orc.SET_UNUSED);
        g.store(8, 88);
        g.load(L); // the other large frame needs every host frame: all 512 small units go
        assertEquals(L, small.counters().reclaimScans());
        assertEquals(1, small.counters().discards());
        assertEquals(L - 1, small.counters().pageOuts());
        assertEquals("Uz", FrameState.name(g.table().state(7)));
        g.essaLarge(1, Orc.SET_UNUSED);
        assertEquals(55, g.load(5));
        assertEquals(1, small.counters().pageIns(), "one small frame read back");
        assertEquals(88, g.load(8));
    }

    @Test
    void mergeMakesOneUnitOfAResidentRunAndRefusesAMixedOne() {
        guest.store(5, 55);
        guest.split(0);
        assertTrue(guest.merge(0));
        guest.store(L, 1);
        guest.load(2 * L); // the merged large frame is the victim, as one unit
        assertEquals(1, host.counters().reclaimScans());
        assertEquals(L, host.counters().pageOuts());
        assertEquals(55, guest.load(5));

        guest.split(0);
        guest.essa(7, Orc.SET_UNUSED);
        assertFalse(guest.merge(0));
        assertEquals("Ur", FrameState.name(guest.table().state(7)));
        assertEquals("Sr+gc+backed", FrameState.describe(guest.table().state(8)), "paged in, unchanged since");
    }

    @Test
    void lruFaultsOverLargeFramesEqualTextbookLruOverRuns() {
        Properties.qt()
                .forAll(lists().of(integers().between(0, 4 * L - 1)).ofSizeBetween(1, 60), integers().between(1, 3))
                .checkAssert((frames, capacity) -> {
                    Host h = new Host(HostConfig.of(capacity * L, 4 * L));
                    GuestSpace g = h.attach(GUEST, 4 * L, Backing.LARGE);
                    List<Integer> runs = new ArrayList<>();
                    for (int f : frames) {
                        g.store(f, f + 1L);
                        runs.add(f / L);
                    }
                    assertEquals((long) Textbook.lruMisses(runs, capacity) * L, h.counters().faults());
                    for (int f : frames) {
                        assertEquals(f + 1L, g.load(f));
                    }
                });
    }

    /**
     * Stores, loads, splits and merges on a guest of two large frames and a host with room for one:
     * large and small units are reclaimed side by side, and every token survives; the device and
     * the host frames stay in step with the frame table.
     */
    @Test
    void splitAndMergeUnderPressureKeepEveryToken() {
        Properties.qt()
                .forAll(lists().of(integers().between(0, 4 * 2 * L - 1)).ofSizeBetween(1, 80))
                .checkAssert(ops -> {
                    Host h = new Host(HostConfig.of(L, 2 * L));
                    GuestSpace g = h.attach(GUEST, 2 * L, Backing.LARGE);
                    long[] expected = new long[2 * L];
                    long token = 0;
                    for (int op : ops) {
                        int frame = op % (2 * L);
                        int run = frame / L;
                        switch (op / (2 * L)) {
                            case 0:
                                assertEquals(expected[frame], g.load(frame), "frame " + frame);
                                break;
                            case 1:
                                assertTrue(g.store(frame, ++token));
                                expected[frame] = token;
                                break;
                            case 2:
                                if (g.table().isLarge(run)) {
                                    g.split(run);
                                }
                                break;
                            default:
                                if (!g.table().isLarge(run)) {
                                    g.merge(run);
                                }
                                break;
                        }
                        checkBooks(h, g);
                    }
                    for (int f = 0; f < 2 * L; f++) {
                        assertEquals(expected[f], g.load(f), "frame " + f);
                    }
                });
    }

    private static void checkBooks(Host h, GuestSpace g) {
        int resident = 0;
        int backed = 0;
        for (int f = 0; f < g.frames(); f++) {
            int word = g.table().state(f);
            resident += FrameState.isResident(word) ? 1 : 0;
            backed += FrameState.backed(word) ? 1 : 0;
        }
        assertEquals(resident, g.residentFrames());
        assertEquals(h.frames(), h.freeFrames() + resident);
        assertEquals(backed, h.device().usedSlots());
    }

    @Test
    void aHostTooSmallForOneLargeFrameRefusesALargeGuest() {
        Host tiny = new Host(HostConfig.of(L - 1, 0));
        assertThrows(IllegalArgumentException.class, () -> tiny.attach(1, 2 * L, Backing.LARGE));
    }

    @Test
    void framesPastTheLastWholeRunStaySmall() {
        Host h = new Host(HostConfig.of(2 * L, 0));
        GuestSpace g = h.attach(GUEST, L + 10, Backing.LARGE);
        g.store(L + 2, 3);
        assertEquals(1, g.residentFrames());
        assertEquals(L, g.frames() - 10);
        g.essa(L + 2, Orc.SET_VOLATILE);
        assertEquals("Vr", FrameState.name(g.table().state(L + 2)));
    }

    /**
     * QEMU's rule for a balloon on host pages larger than 4 KiB ({@link GuestSpace#releaseRun}): a
     * large frame goes only when one request has given back every one of its frames; until then
     * it stays resident with its content.
     */
    @Test
    void aLargeFrameIsDiscardedOnlyWhenOneRequestReleasedAllOfIt() {
        guest.store(5, 55);
        guest.store(L - 1, 56);
        guest.releaseRun(0, L - 1);
        assertEquals(L, guest.residentFrames(), "511 of 512 released: the host keeps the large frame");
        assertEquals(0, host.counters().released());
        assertEquals(55, guest.load(5), "and its content");
        guest.release(L - 1);
        assertEquals(0, guest.residentFrames(), "the 512th: the whole large frame goes");
        assertEquals(L, host.counters().released());
        assertEquals(2 * L, host.freeFrames());
        assertEquals(0, guest.load(L - 1), "and reads as zeros");
        checkBooks(host, guest);
    }

    @Test
    void aRequestMovingToAnotherLargeFrameGivesUpTheFirst() {
        guest.store(1, 11);
        guest.store(L + 1, 12);
        guest.releaseRun(0, 300);
        guest.releaseRun(L, 10); // QEMU: "trying to balloon part of a different one. Too hard, give up on the old"
        guest.releaseRun(300, L - 300);
        assertEquals(2 * L, guest.residentFrames(), "every frame of large frame 0 was released, but not in one run of the rule");
        guest.releaseRun(L + 10, L - 10);
        assertEquals(2 * L, guest.residentFrames(), "nor large frame 1: its first 10 were given up when the request moved back");
        guest.releaseRun(L, L);
        assertEquals(L, guest.residentFrames(), "large frame 1 went: the request gave back all of it in one go");
        assertEquals(11, guest.load(1));
        checkBooks(host, guest);
    }

    @Test
    void theEndOfARequestForgetsWhatItReleasedInPart() {
        guest.store(1, 11);
        guest.releaseRun(0, L / 2);
        guest.releaseRequestDone(); // QEMU frees its PartiallyBalloonedPage after each request
        guest.releaseRun(L / 2, L / 2);
        assertEquals(L, guest.residentFrames(), "two requests of half a large frame each free nothing");
        guest.releaseRequestDone();
        guest.releaseRun(0, L);
        assertEquals(0, guest.residentFrames(), "one request of all of it frees it");
        checkBooks(host, guest);
    }

    @Test
    void aSplitRunIsReleasedFrameByFrame() {
        guest.store(1, 11);
        guest.split(0);
        guest.releaseRun(0, 3);
        assertEquals(L - 3, guest.residentFrames());
        assertEquals(3, host.counters().released());
        checkBooks(host, guest);
    }
}
