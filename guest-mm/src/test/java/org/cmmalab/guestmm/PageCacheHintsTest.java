package org.cmmalab.guestmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cmmalab.pagestates.ContentState;
import org.cmmalab.pagestates.FrameState;
import org.cmmalab.pagestates.HostMode;
import org.cmmalab.pagestates.Orc;
import org.cmmalab.pagestates.ReclaimOutcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The hint points of docs/state-model.md section 5 and the discard paths, one by one. */
class PageCacheHintsTest {
    private static final long SECOND = 1_000_000_000L;
    private SimulatedMemory mem;
    private GuestKernel k;
    private int file;

    @BeforeEach
    void boot() {
        mem = new SimulatedMemory(1024);
        k = new GuestKernel(mem, KernelConfig.of(7, GuestHinting.V7));
        file = k.createFile(8);
    }

    private int frameOf(int page) {
        return KernelParts.fileFrame(k, file, page);
    }

    private String state(int page) {
        return FrameState.name(mem.state(frameOf(page)));
    }

    @Test
    void aCleanPageIsVolatileBetweenUses() {
        long token = k.read(file, 3);
        assertEquals(ContentToken.file(7, file, 3, 0), token);
        assertEquals("Vr", state(3));
        assertEquals(1, k.counters().essa(Orc.SET_VOLATILE));
        k.read(file, 3);
        assertEquals(1, k.counters().essa(Orc.SET_STABLE_IF_RESIDENT), "made stable for the second use");
        assertEquals(2, k.counters().essa(Orc.SET_VOLATILE));
        assertEquals(1, k.counters().pageCacheHits());
        assertEquals(1, k.counters().diskReads());
    }

    @Test
    void aDiscardFoundBySetStableIfResidentIsReadAgain() {
        k.read(file, 3);
        int frame = frameOf(3);
        assertEquals(ReclaimOutcome.DISCARDED, mem.hostReclaim(frame));
        assertEquals("Vz", FrameState.name(mem.state(frame)));
        long token = k.read(file, 3);
        assertEquals(ContentToken.file(7, file, 3, 0), token);
        assertEquals(1, k.counters().discardsObserved());
        assertEquals(2, k.counters().diskReads());
        assertEquals(0, k.counters().lostPages());
        assertEquals(frame, frameOf(3), "one vCPU: no other can hold the frame's number, so it was free at once"
                + " and the read-in took it again");
        assertEquals("Vr", FrameState.name(mem.state(frame)));
    }

    @Test
    void aDirtyPageIsStableUntilWrittenBack() {
        long written = k.write(file, 2, 0);
        assertEquals(ContentToken.file(7, file, 2, 1), written);
        assertEquals("Sr", state(2));
        assertEquals(ReclaimOutcome.MUST_WRITE, reclaimOutcomeOf(frameOf(2)));
        k.writeback(29 * SECOND);
        assertEquals(0, k.counters().diskWrites(), "not expired yet");
        k.writeback(30 * SECOND);
        assertEquals(1, k.counters().diskWrites());
        assertEquals(1, k.counters().expiredWritebacks());
        assertEquals("Vr", state(2));
        mem.hostReclaim(frameOf(2));
        assertEquals(written, k.read(file, 2), "re-read from the disk, which has the write now");
        assertEquals(0, k.counters().lostPages());
    }

    private ReclaimOutcome reclaimOutcomeOf(int frame) {
        return org.cmmalab.pagestates.StateModel.reclaimOutcome(mem.state(frame), HostMode.ZVM);
    }

    @Test
    void writableMappedPagesArePotentiallyVolatileAndAStoreKeepsThem() {
        FileMapping m = k.map(file, true);
        k.touchMapped(m, 1, false, 0);
        assertEquals("Pr", state(1));
        k.touchMapped(m, 1, true, 0);
        int frame = frameOf(1);
        assertEquals("Pr", state(1));
        assertTrue(FrameState.guestChanged(mem.state(frame)));
        assertEquals(1, k.counters().dirtyPages());
        assertEquals(ReclaimOutcome.DROPPED_BACKED, mem.hostReclaim(frame), "changed P is written out, not discarded");
        assertEquals("Sp", state(1));
        assertEquals(ContentToken.file(7, file, 1, 1), k.touchMapped(m, 1, false, 0));
        k.sync();
        k.unmap(m);
        assertEquals("Vr", state(1), "clean and no longer mapped writable");
        assertEquals(0, k.counters().lostPages());
    }

    /**
     * PG_writable is per page and goes only with the page's last mapping (the series'
     * {@code page_reset_writable}), with no ESSA at the clear; the make-volatile after the last
     * unmap then makes a clean page volatile. A page dirtied through the mapping stays
     * potentially volatile, its change bit set, until it is written back.
     */
    @Test
    void aPageStaysPotentiallyVolatileUntilItsLastMappingGoes() {
        FileMapping writable = k.map(file, true);
        FileMapping readOnly = k.map(file, false);
        k.touchMapped(writable, 1, false, 0);
        k.touchMapped(writable, 2, true, 0);
        k.touchMapped(readOnly, 3, false, 0);
        assertEquals("Pr", state(1));
        assertEquals("Vr", state(3));
        long essa = k.counters().essaTotal();
        k.unmap(writable);
        assertEquals("Pr", state(1), "still mapped, read-only: PG_writable stays");
        assertEquals(essa, k.counters().essaTotal(), "no ESSA when a mapping goes and others stay");
        k.unmap(readOnly);
        assertEquals("Vr", state(1), "the last mapping went: the clean page becomes volatile");
        assertEquals("Pr", state(2), "the dirty page stays potentially volatile");
        assertTrue(FrameState.guestChanged(mem.state(frameOf(2))));
        k.sync();
        assertEquals("Vr", state(2), "written back, clean, unmapped: volatile");
        assertEquals(0, k.counters().lostPages());
    }

    @Test
    void aMappedAccessToADiscardedPageTakesADiscardFault() {
        FileMapping m = k.map(file, false);
        k.touchMapped(m, 5, false, 0);
        assertEquals("Vr", state(5));
        long essaBefore = k.counters().essaTotal();
        k.touchMapped(m, 5, false, 0);
        assertEquals(essaBefore, k.counters().essaTotal(), "a mapped hit issues no ESSA");
        int frame = frameOf(5);
        mem.hostReclaim(frame);
        long loads = mem.loads;
        long stores = mem.stores;
        assertEquals(ContentToken.file(7, file, 5, 0), k.touchMapped(m, 5, false, 0));
        assertEquals(1, k.counters().discardFaults());
        assertEquals(2, k.counters().diskReads());
        assertEquals(0, k.counters().discardsObserved(), "no SET_STABLE_IF_RESIDENT on the mapped path");
        assertEquals(2, mem.loads - loads, "the faulting load and the retried one");
        assertEquals(1, mem.stores - stores, "the read-in");
        assertEquals(0, k.counters().lateDiscardFaults(), "the handler found the page in its frame");
    }

    @Test
    void hintsOffIssuesNoEssaAndNeverDiscards() {
        SimulatedMemory plain = new SimulatedMemory(1024);
        GuestKernel off = new GuestKernel(plain, KernelConfig.of(7, GuestHinting.NONE));
        int f = off.createFile(4);
        FileMapping m = off.map(f, true);
        off.read(f, 0);
        off.write(f, 1, 0);
        off.touchMapped(m, 2, true, 0);
        int frame = KernelParts.fileFrame(off, f, 0);
        assertEquals(ReclaimOutcome.DROPPED_BACKED, plain.hostReclaim(frame), "written out, as stable");
        assertEquals(ContentToken.file(7, f, 0, 0), off.read(f, 0));
        assertEquals(0, off.counters().essaTotal());
        assertEquals(2, off.counters().diskReads(),
                "three distinct pages: the read and the mapped store read theirs in, the whole-page write nothing");
        assertEquals(ContentState.RESIDENT, FrameState.content(plain.state(frame)));
    }

    @Test
    void truncateDropsPagesDirtyOrNot() {
        k.write(file, 6, 0);
        k.read(file, 7);
        k.read(file, 0);
        k.truncate(file, 6);
        assertEquals(1, k.counters().pageCachePages());
        assertEquals(0, k.counters().dirtyPages());
        assertEquals(6, k.filePages(file));
        KernelChecks.check(k, mem, new org.eclipse.collections.impl.map.mutable.primitive.IntIntHashMap());
    }
}
