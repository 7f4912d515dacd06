package org.cmmalab.guestmm;

import static org.cmmalab.guestmm.BuddyAllocator.NO_PAGE;

/**
 * The allocation path with watermarks, after {@code __alloc_pages} in {@code mm/page_alloc.c}.
 *
 * <p>Fast path: allocate if the zone stays above its low watermark. Otherwise wake background
 * reclaim (kswapd, which this single-vCPU kernel runs at its next quiescent point) and allocate if
 * the zone stays above min. Otherwise the slow path: a quiescent point (releasing retired
 * frames, {@link RetiredFrames}), then direct reclaim by the allocating caller, then one more try at min. Failure is
 * {@link BuddyAllocator#NO_PAGE}, counted, after asking a balloon to deflate if one is
 * registered; there is no OOM killer.
 *
 * <p>Drivers reach it through the driver API ({@link DriverApi}): an OOM notifier, and a
 * balloon's allocation of many pages at once.
 */
final class PageAllocator {
    private final BuddyAllocator buddy;
    private final Watermarks marks;
    private RetiredFrames retired;
    private final GuestCounters counters;
    private Reclaim reclaim;
    private java.util.function.IntSupplier oomNotifier;
    private boolean kswapdWanted;

    PageAllocator(BuddyAllocator buddy, Watermarks marks, GuestCounters counters) {
        this.buddy = buddy;
        this.marks = marks;
        this.counters = counters;
    }

    /**
     * Registers what to ask before an allocation fails: a balloon's deflate-on-OOM, which frees
     * some of its pages and says how many ({@code register_oom_notifier} in Linux). Several
     * drivers may register; each is asked, in the order they registered.
     */
    void addOomNotifier(java.util.function.IntSupplier notifier) {
        java.util.function.IntSupplier first = oomNotifier;
        this.oomNotifier = first == null ? notifier : () -> first.getAsInt() + notifier.getAsInt();
    }

    /** Completes the cycle allocator, page cache and anonymous memory, reclaim, allocator. */
    void setReclaim(Reclaim reclaim, RetiredFrames retired) {
        this.reclaim = reclaim;
        this.retired = retired;
    }

    /** Frees an order-0 frame this allocator just gave out and nobody else has seen: no deferred reuse needed. */
    void freeUnseen(int frame) {
        buddy.free(frame, 0);
    }

    int allocPages(int order) {
        BuddyAllocator.checkOrder(order);
        if (above(marks.low(), order)) {
            int frame = buddy.alloc(order);
            if (frame != NO_PAGE) {
                return frame;
            }
        }
        kswapdWanted = true;
        if (above(marks.min(), order)) {
            int frame = buddy.alloc(order);
            if (frame != NO_PAGE) {
                return frame;
            }
        }
        retired.quiescent();
        retired.release();
        if (!above(marks.min(), order)) {
            counters.directReclaims++;
            reclaim.direct(marks.min() + (1 << order));
        }
        if (above(marks.min(), order)) {
            int frame = buddy.alloc(order);
            if (frame != NO_PAGE) {
                return frame;
            }
        }
        if (oomNotifier != null && oomNotifier.getAsInt() > 0 && above(marks.min(), order)) {
            int frame = buddy.alloc(order);
            if (frame != NO_PAGE) {
                return frame;
            }
        }
        counters.allocationFailures++;
        return NO_PAGE;
    }

    /**
     * Allocates up to {@code pages} order-0 pages, as many {@link #allocPages allocPages(0)} calls
     * would, telling {@code taken} the frames in the order those calls would return them, a run
     * at a time; returns how many it got (fewer only when an allocation fails). Where the
     * single-page calls would split a block and then use it up whole, all on the fast path (the
     * zone stays above its low watermark to the last page), the block is taken in one step
     * ({@link BuddyAllocator#lowestFreeOrder}) and told as one run: the frames, the free lists,
     * the free count, the hints and the listeners end as the calls would leave them, without the
     * halves each split puts on the lower lists and the next call takes off again. {@code taken}
     * is called after the block is allocated, so it must not allocate or free guest pages itself
     * (a balloon hands the pages to the host).
     */
    int allocPages(int pages, DriverApi.Taken taken) {
        int got = 0;
        while (got < pages) {
            int order = buddy.lowestFreeOrder();
            if (order > 0 && 1 << order <= pages - got && above(marks.low(), order)) {
                taken.frames(buddy.alloc(order), 1 << order);
                got += 1 << order;
                continue;
            }
            int frame = allocPages(0);
            if (frame == NO_PAGE) {
                break;
            }
            taken.frames(frame, 1);
            got++;
        }
        return got;
    }

    /**
     * How many of the next {@code pages} {@link #allocPages allocPages(0)} calls would all take the
     * fast path and return frames of one free block: up to the size of the lowest-order free block
     * ({@link BuddyAllocator#lowestFreeOrder}), as long as the zone stays at or above its low
     * watermark after each. Such calls touch nothing but the free lists, the free count, the hints
     * and the listeners, and wake no kswapd, so {@link #takeRun} may take their frames at once.
     */
    int fastRun(int pages) {
        int order = buddy.lowestFreeOrder();
        if (order < 0) {
            return 0;
        }
        long room = buddy.freePages() - marks.low();
        return (int) Math.max(0, Math.min(Math.min(pages, 1 << order), room));
    }

    /**
     * Takes the frames of {@code pages} (at most {@link #fastRun}'s count) fast-path allocations at
     * once, as {@link BuddyAllocator#takeLowest} does; returns the first, the others follow it in
     * order. The caller gives each frame's hint and listeners ({@link BuddyAllocator#allocatedFrame}).
     */
    int takeRun(int pages) {
        return buddy.takeLowest(buddy.lowestFreeOrder(), pages);
    }

    /** The hint and listeners of one frame of a {@link #takeRun}, where its own allocPages(0) would give them. */
    void runFrameAllocated(int frame) {
        buddy.allocatedFrame(frame);
    }

    /** Whether free pages have fallen below the low watermark since kswapd last ran. */
    boolean kswapdWanted() {
        return kswapdWanted || buddy.freePages() < marks.low();
    }

    void kswapdDone() {
        kswapdWanted = false;
    }

    private boolean above(int mark, int order) {
        return buddy.freePages() - (1L << order) >= mark;
    }
}
