package org.cmmalab.guestmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;
import org.cmmalab.pagestates.ContentState;
import org.cmmalab.pagestates.FrameState;
import org.cmmalab.pagestates.HostMode;
import org.cmmalab.pagestates.Orc;
import org.cmmalab.pagestates.UsageState;
import org.junit.jupiter.api.Test;

/**
 * The two hinting guests side by side: a mainline guest ({@code arch/s390/mm/page-states.c}, Linux
 * 6.12) issues SET_STABLE_NODAT on allocation and SET_UNUSED on free and nothing else, and never
 * reads what ESSA returns; the v7 guest adds the volatile hints.
 */
class GuestHintingTest {
    /** The same life, page cache, mappings, anonymous memory, swap and reclaim, on a KVM host. */
    private static GuestKernel busyLife(SimulatedMemory mem, GuestHinting hinting) {
        GuestKernel k = new GuestKernel(mem, KernelConfig.of(1, hinting).withSwapPages(512));
        int file = k.createFile(64);
        FileMapping m = k.map(file, true);
        int pid = k.createProcess();
        int heap = k.malloc(pid, 300);
        for (int round = 0; round < 3; round++) {
            for (int p = 0; p < 64; p++) {
                k.read(file, p);
                k.touchMapped(m, p, p % 3 == 0, round);
            }
            for (int p = 0; p < 300; p++) {
                k.touchAnon(pid, heap + p, round == 0 || p % 2 == 0);
            }
            for (int f = 0; f < mem.frames(); f += 7) {
                mem.hostReclaim(f);
            }
        }
        k.unmap(m);
        k.free(pid, heap);
        return k;
    }

    @Test
    void aMainlineGuestIssuesOnlyTheAllocationAndFreeHints() {
        SimulatedMemory mem = new SimulatedMemory(256, HostMode.KVM, false);
        GuestKernel k = busyLife(mem, GuestHinting.MAINLINE);
        Set<Orc> issued = EnumSet.noneOf(Orc.class);
        for (Orc orc : Orc.values()) {
            if (k.counters().essa(orc) > 0) {
                issued.add(orc);
            }
        }
        assertEquals(EnumSet.of(Orc.SET_STABLE_NODAT, Orc.SET_UNUSED), issued);
        assertTrue(k.counters().swapIns() > 0 && k.counters().swapOuts() > 0, "the life must swap");
        assertEquals(0, k.counters().changeBitResets(), "no SSKE: nothing is potentially volatile");
        assertEquals(0, k.counters().lostPages());
    }

    @Test
    void theV7GuestAddsTheVolatileHints() {
        SimulatedMemory mem = new SimulatedMemory(256, HostMode.ZVM, false);
        GuestKernel k = busyLife(mem, GuestHinting.V7);
        for (Orc orc : EnumSet.of(Orc.SET_STABLE, Orc.SET_UNUSED, Orc.SET_VOLATILE, Orc.SET_POT_VOLATILE,
                Orc.SET_STABLE_IF_RESIDENT)) {
            assertTrue(k.counters().essa(orc) > 0, orc + " issued");
        }
        assertEquals(0, k.counters().essa(Orc.SET_STABLE_NODAT), "the series predates no-DAT");
        assertEquals(0, k.counters().lostPages());
    }

    /**
     * A mainline guest does not look at what SET_STABLE_NODAT returned: it clears a fresh
     * anonymous page even where the host reported its content logically zero.
     */
    @Test
    void aMainlineGuestClearsEveryFreshAnonymousPage() {
        for (GuestHinting hinting : GuestHinting.values()) {
            SimulatedMemory mem = new SimulatedMemory(256, HostMode.ZVM, false);
            GuestKernel k = new GuestKernel(mem, KernelConfig.of(1, hinting));
            int pid = k.createProcess();
            int heap = k.malloc(pid, 10);
            long stores = mem.stores;
            for (int p = 0; p < 10; p++) {
                assertEquals(ContentToken.ZERO, k.touchAnon(pid, heap + p, false));
            }
            // Under zvm a never-touched frame is Sz: only the v7 guest sees that and skips the clear.
            assertEquals(hinting == GuestHinting.V7 ? 0 : 10, mem.stores - stores, hinting.name());
        }
    }

    @Test
    void aMainlineGuestRefusesLargeFrames() {
        SimulatedMemory mem = new SimulatedMemory(512, HostMode.KVM, true);
        assertThrows(IllegalArgumentException.class,
                () -> new GuestKernel(mem, KernelConfig.of(1, GuestHinting.MAINLINE).withLargeFrames(true)));
    }

    @Test
    void eachHostRunsItsOwnGuest() {
        assertEquals(GuestHinting.V7, GuestHinting.forHost(HostMode.ZVM));
        assertEquals(GuestHinting.MAINLINE, GuestHinting.forHost(HostMode.KVM));
    }

    /**
     * The series' {@code page_set_stable_if_present} tests V and z. Under KVM a swapped-out
     * volatile page reports Vp: its content is kept, and taking it for discarded would drop it.
     */
    @Test
    void discardedMeansVolatileAndLogicallyZero() {
        assertTrue(HintPoints.discarded(FrameState.of(UsageState.VOLATILE, ContentState.ZERO)));
        assertFalse(HintPoints.discarded(FrameState.of(UsageState.VOLATILE, ContentState.PRESERVED)));
        assertFalse(HintPoints.discarded(FrameState.of(UsageState.VOLATILE, ContentState.RESIDENT)));
        assertFalse(HintPoints.discarded(FrameState.of(UsageState.STABLE, ContentState.ZERO)));
        assertFalse(HintPoints.discarded(FrameState.of(UsageState.UNUSED, ContentState.ZERO)));
    }
}
