package org.cmmalab.guestmm;

import org.cmmalab.pagestates.ContentState;
import org.cmmalab.pagestates.FrameState;
import org.cmmalab.pagestates.Orc;
import org.cmmalab.pagestates.UsageState;

/**
 * Where the guest issues ESSA, and the one place that does, so that the hints switch and the
 * counting cannot be bypassed. With hints off it issues nothing at all.
 *
 * <p>The buddy hint points follow mainline Linux {@code arch/s390/mm/page-states.c}:
 * {@code arch_alloc_page} makes an allocated block stable, {@code arch_free_page} makes a freed
 * block unused. With 4 KiB frames that is one ESSA per frame. A guest backed by 2 MiB frames
 * hints once per 2 MiB frame instead: stable when the buddy allocator starts using a wholly free
 * one, unused when coalescing makes it wholly free again ({@link BuddyAllocator}); blocks of lower
 * order inside it need no hint, since the large frame is stable while any part is used.
 * Such a guest cannot make a single 4 KiB page-cache page volatile, so it gives no page-cache
 * hints ({@link #pageCache()} is false); KVM does not run CMMA on huge-page backing at all
 * (references.md), so this mode is the project's extension.
 */
final class Hints {
    private final GuestMemory memory;
    private final MemMap map;
    private final GuestCounters counters;
    private final boolean on;
    private final boolean large;

    Hints(GuestMemory memory, MemMap map, boolean on, boolean large, GuestCounters counters) {
        this.memory = memory;
        this.map = map;
        this.on = on;
        this.large = large;
        this.counters = counters;
    }

    /** Whether page-cache pages are made volatile and checked with SET_STABLE_IF_RESIDENT. */
    boolean pageCache() {
        return on && !large;
    }

    /** ESSA on a 4 KiB frame, counted; only for page-cache hints and the buddy's small frames. */
    int essa(int frame, Orc orc) {
        counters.countEssa(orc);
        return memory.essa(frame, orc);
    }

    /**
     * arch_alloc_page: a block of {@code 1 << order} frames was allocated. SET_STABLE returns the
     * old state, and with it whether the host holds any content for the frame: a frame whose
     * content is logically zero is marked {@link PageFlags#ZERO_CONTENT}.
     */
    void allocated(int frame, int order) {
        if (on && !large) {
            for (int i = frame, end = frame + (1 << order); i < end; i++) {
                if (FrameState.content(essa(i, Orc.SET_STABLE)) == ContentState.ZERO) {
                    map.set(i, PageFlags.ZERO_CONTENT);
                } else {
                    map.clear(i, PageFlags.ZERO_CONTENT);
                }
            }
        }
    }

    /** arch_free_page: a block of {@code 1 << order} frames is being freed. */
    void freed(int frame, int order) {
        if (on && !large) {
            for (int i = frame, end = frame + (1 << order); i < end; i++) {
                essa(i, Orc.SET_UNUSED);
            }
        }
    }

    /** The 2 MiB frame that starts at {@code frame} was wholly free and is in use from now on. */
    void largeFrameTaken(int frame) {
        if (on && large) {
            largeEssa(frame, Orc.SET_STABLE);
        }
    }

    /** Coalescing made the 2 MiB frame that starts at {@code frame} wholly free: it is unused. */
    void largeFrameFreed(int frame) {
        if (on && large) {
            largeEssa(frame, Orc.SET_UNUSED);
        }
    }

    private void largeEssa(int frame, Orc orc) {
        counters.essaLarge++;
        memory.essaLarge(frame >>> BuddyAllocator.LARGE_ORDER, orc);
    }

    /** Whether an old state word says the content was discarded: {@code Vz}. */
    static boolean discarded(int oldState) {
        return FrameState.usage(oldState) == UsageState.VOLATILE && !FrameState.isResident(oldState);
    }
}
