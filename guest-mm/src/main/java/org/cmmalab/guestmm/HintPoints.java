package org.cmmalab.guestmm;

import org.cmmalab.pagestates.ContentState;
import org.cmmalab.pagestates.FrameState;
import org.cmmalab.pagestates.Orc;
import org.cmmalab.pagestates.UsageState;

/**
 * The guest's hint points: where it issues ESSA, and the one place that does, so that the hinting
 * guest's choice ({@link GuestHinting}) and the counting cannot be bypassed. With
 * {@link GuestHinting#NONE} it issues nothing at all. Linux keeps these points in
 * {@code arch/s390/mm/page-states.c} (and the 2009 series added {@code mm/page-states.c}); the
 * name here is the docs' (docs/state-model.md section 5), since "page states" is the
 * {@code page-states} module's: the states themselves and ESSA's operation request codes.
 *
 * <p>They stay in the kernel's core package, not one of their own: the page cache, anonymous
 * memory and the buddy allocator call them inside the page-cache protocol (make-volatile and
 * make-stable under the page's state-change lock), and they read and write the page flags in the
 * page descriptors ({@link MemMap}) and issue ESSA through the current vCPU ({@link Vcpus}). A
 * package of their own would need the descriptors and the vCPUs public and would import the core
 * that imports it.
 *
 * <p>The buddy hint points follow Linux {@code arch/s390/mm/page-states.c}:
 * {@code arch_alloc_page} makes an allocated block stable, {@code arch_free_page} makes a freed
 * block unused. With 4 KiB frames that is one ESSA per frame. A mainline guest allocates with
 * SET_STABLE_NODAT and ignores what ESSA returns; the v7 guest allocates with SET_STABLE and, a
 * choice of this model, remembers a frame that came back logically zero
 * ({@link PageFlags#ZERO_CONTENT}) so that an anonymous first touch need not clear it.
 *
 * <p>A v7 guest backed by 2 MiB frames hints once per 2 MiB frame instead: stable when the buddy
 * allocator starts using a wholly free one, unused when coalescing makes it wholly free again
 * ({@link BuddyAllocator}); blocks of lower order inside it need no hint, since the large frame is
 * stable while any part is used. Such a guest cannot make a single 4 KiB page volatile,
 * so it gives no volatile hints ({@link #makesVolatile()} is false). KVM does not run CMMA on
 * huge-page backing at all ({@code pgste_perform_essa} refuses a hugetlb VMA), so this mode is
 * the project's extension, and a mainline guest never uses it.
 */
final class HintPoints {
    private final Vcpus vcpus;
    private final GuestMemory memory;
    private final MemMap map;
    private final GuestCounters counters;
    private final GuestHinting hinting;
    private final boolean large;

    HintPoints(Vcpus vcpus, MemMap map, GuestHinting hinting, boolean large, GuestCounters counters) {
        if (large && hinting == GuestHinting.MAINLINE) {
            throw new IllegalArgumentException("a mainline guest gives no hints for 2 MiB frames: KVM runs no CMMA"
                    + " on huge-page backing; use the v7 guest or 4 KiB frames");
        }
        this.vcpus = vcpus;
        this.memory = vcpus.memory;
        this.map = map;
        this.hinting = hinting;
        this.large = large;
        this.counters = counters;
    }

    /**
     * Whether clean page-cache and swap-cache pages are made volatile (or potentially volatile)
     * and checked with SET_STABLE_IF_RESIDENT before each use: the v7 guest on 4 KiB frames.
     */
    boolean makesVolatile() {
        return hinting == GuestHinting.V7 && !large;
    }

    /**
     * {@code page_make_volatile} at the end of a use (patches 1/6, 2/6 and 4/6 of the series): a
     * page-cache or swap-cache page that is clean, on the LRU and not hinted yet becomes volatile,
     * or potentially volatile if a writable page-table entry maps it ({@link PageFlags#MAPPED_WRITE},
     * the series' {@code PG_writable}); anything else stays as it is. An anonymous page qualifies
     * only in the swap cache, where its content is on the swap device. Only the v7 guest on 4 KiB
     * frames makes pages volatile. The caller ({@link PageCache#tryMakeVolatile}) holds the page's
     * state-change lock and has checked that nobody pins it.
     */
    void makeVolatile(int frame) {
        int flags = map.flags(frame);
        boolean anonymous = (flags & PageFlags.ANON) != 0;
        if (!makesVolatile() || (flags & (PageFlags.HINTED | PageFlags.DIRTY)) != 0 || (flags & PageFlags.LRU) == 0
                || anonymous && (flags & PageFlags.SWAPCACHE) == 0) {
            return;
        }
        Orc orc = (flags & PageFlags.MAPPED_WRITE) != 0 ? Orc.SET_POT_VOLATILE : Orc.SET_VOLATILE;
        counters.countEssa(orc);
        vcpus.essa(frame, orc);
        map.set(frame, PageFlags.HINTED);
    }

    /**
     * {@code page_make_stable} before a use: a hinted page is made stable with
     * SET_STABLE_IF_RESIDENT, which either keeps its content or reports that the host discarded
     * it. False if it was discarded (counted); the caller drops the page and reads it again. A
     * page that is not hinted is stable already: true. The caller holds the page's state-change lock.
     */
    boolean makeStable(int frame) {
        if (!map.test(frame, PageFlags.HINTED)) {
            return true;
        }
        counters.countEssa(Orc.SET_STABLE_IF_RESIDENT);
        int old = vcpus.essa(frame, Orc.SET_STABLE_IF_RESIDENT);
        map.clear(frame, PageFlags.HINTED);
        if (discarded(old)) {
            counters.discardsObserved++;
            return false;
        }
        return true;
    }

    /** ESSA on a 4 KiB frame the buddy allocator owns, counted: no other vCPU can reach it, so it is no preemption point. */
    private int essa(int frame, Orc orc) {
        counters.countEssa(orc);
        return memory.essa(frame, orc);
    }

    /**
     * The page now equals the copy on its backing store (read in, swapped in or written back): the
     * v7 guest resets its change bit, so that a potentially volatile page is discardable again
     * (s390's {@code SetPageUptodate} resets the storage key; {@code page_test_and_clear_dirty}
     * after a write-back). Other guests need not: nothing they make is potentially volatile.
     */
    void matchesBacking(int frame) {
        if (makesVolatile()) {
            counters.changeBitResets++;
            vcpus.clean(frame);
        }
    }

    /** arch_alloc_page: a block of {@code 1 << order} frames was allocated. */
    void allocated(int frame, int order) {
        if (hinting == GuestHinting.NONE || large) {
            return;
        }
        for (int i = frame, end = frame + (1 << order); i < end; i++) {
            if (hinting == GuestHinting.MAINLINE) {
                essa(i, Orc.SET_STABLE_NODAT);
            } else if (FrameState.content(essa(i, Orc.SET_STABLE)) == ContentState.ZERO) {
                map.set(i, PageFlags.ZERO_CONTENT);
            } else {
                map.clear(i, PageFlags.ZERO_CONTENT);
            }
        }
    }

    /**
     * arch_free_page: a block of {@code 1 << order} frames is being freed, one SET_UNUSED per frame
     * ({@link GuestMemory#essaRun}: the host may take a whole chunk of them in one step).
     */
    void freed(int frame, int order) {
        if (hinting != GuestHinting.NONE && !large) {
            counters.countEssa(Orc.SET_UNUSED, 1 << order);
            memory.essaRun(frame, 1 << order, Orc.SET_UNUSED);
        }
    }

    /** The 2 MiB frame that starts at {@code frame} was wholly free and is in use from now on. */
    void largeFrameTaken(int frame) {
        if (hinting != GuestHinting.NONE && large) {
            largeEssa(frame, Orc.SET_STABLE);
        }
    }

    /** Coalescing made the 2 MiB frame that starts at {@code frame} wholly free: it is unused. */
    void largeFrameFreed(int frame) {
        if (hinting != GuestHinting.NONE && large) {
            largeEssa(frame, Orc.SET_UNUSED);
        }
    }

    private void largeEssa(int frame, Orc orc) {
        counters.countEssaLarge(orc);
        memory.essaLarge(frame >>> BuddyAllocator.LARGE_ORDER, orc);
    }

    /**
     * Whether an old state word says the content was discarded: volatile and logically zero, the
     * test of the series' {@code page_set_stable_if_present} ({@code Vz}).
     */
    static boolean discarded(int oldState) {
        return FrameState.usage(oldState) == UsageState.VOLATILE && FrameState.content(oldState) == ContentState.ZERO;
    }
}
