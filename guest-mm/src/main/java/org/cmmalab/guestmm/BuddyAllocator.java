package org.cmmalab.guestmm;

import static org.cmmalab.guestmm.MemMap.NIL;

import org.cmmalab.pagestates.FrameTable;

/**
 * The binary buddy allocator over the guest's frames, orders 0 to {@link #MAX_ORDER} (4 KiB to
 * 4 MiB), modelled on Linux {@code mm/page_alloc.c}.
 *
 * <p>A free block of order {@code o} is {@code 1 << o} frames aligned to its size; its first
 * frame (the head) carries {@link PageFlags#BUDDY} and the order and sits on free list {@code o}.
 * Allocation ({@code __rmqueue_smallest}) takes the head of the lowest non-empty list at or above
 * the request and splits it ({@code expand}): each upper half goes back on the free list one
 * order down. Freeing ({@code __free_one_page}) merges a block with its buddy, the block whose
 * frame number differs in bit {@code o}, for as long as the buddy is a free head of the same
 * order, then puts the result at the head of its list, so recently freed frames, which the host
 * most likely still holds, are reused first. At boot every frame is freed in the largest aligned
 * blocks that fit, as {@code memblock_free_all} does; that touches only the head of each 4 MiB
 * block, so booting costs O(frames / 1024) descriptors ({@link MemMap} stores the rest sparsely).
 *
 * <p>A guest backed by 2 MiB frames hints per 2 MiB frame ({@link HintPoints}): the allocator says when
 * a 2 MiB frame goes from wholly free to in use (a free block of order {@link #LARGE_ORDER} or more
 * that covers it is allocated, or split for an allocation inside it) and back (coalescing makes a
 * block of that order or more out of a freed one). The descriptors of a 2 MiB chunk that
 * coalescing has made wholly free are dropped at the same point ({@link MemMap#dropIfClear}).
 *
 * <p>Allocation failure is the value {@link #NO_PAGE}, never an exception. This class knows
 * nothing of watermarks or reclaim ({@link PageAllocator} does); drivers use it through the
 * kernel's driver API ({@link DriverApi}) to take pages (a balloon, free page hinting) or to walk
 * and isolate free blocks of an order (free page reporting).
 *
 * <p>Drivers that follow every allocation and free ({@link BuddyListener}: free page reporting's
 * {@code page_reporting_notify_free}, a per-page recycler's hooks) are told after each. A free
 * block that free page reporting has handed to the host carries {@link PageFlags#REPORTED} and
 * sits at the tail of its free list, where reporting puts it back after isolating it
 * ({@link #isolate}, {@link #putBack}, {@link #setReported}), so that allocation, which takes the
 * head, reuses unreported frames first; taking a block off its list for any reason clears the mark.
 */
final class BuddyAllocator {
    /**
     * The highest order: 1024 frames, 4 MiB. Linux's {@code MAX_PAGE_ORDER} ({@code MAX_ORDER - 1}
     * before 6.8) is 10 unless the architecture sets {@code ARCH_FORCE_MAX_ORDER}
     * ({@code include/linux/mmzone.h}, Linux 6.16), which neither x86 nor s390 does; s390 set
     * {@code FORCE_MAX_ZONEORDER} 9, a largest order of 8, in Linux 4.x and had dropped it by 6.1
     * (Zi Yan's rename of that option to {@code ARCH_FORCE_MAX_ORDER} touches no s390 file).
     */
    static final int MAX_ORDER = 10;
    /** The order of a 2 MiB frame, a guest's large frame ({@link FrameTable#DEFAULT_FRAMES_PER_LARGE}). */
    static final int LARGE_ORDER = Integer.numberOfTrailingZeros(FrameTable.DEFAULT_FRAMES_PER_LARGE);
    private static final int LARGE = 1 << LARGE_ORDER;
    /** The value of a failed allocation. */
    static final int NO_PAGE = -1;

    private final MemMap map;
    private final PageLists lists;
    private final HintPoints hints;
    private final GuestCounters counters;
    private BuddyListener[] listeners = new BuddyListener[0];
    /** The range {@link #isolateRange} took, and who takes what is freed in it; null when none is isolated. */
    private int isolatedFrom = -1;
    private int isolatedTo = -1;
    private Isolated isolatedSink;

    BuddyAllocator(MemMap map, PageLists lists, HintPoints hints, GuestCounters counters) {
        this.map = map;
        this.lists = lists;
        this.hints = hints;
        this.counters = counters;
        int frames = map.frames();
        for (int frame = 0; frame < frames; ) {
            int order = MAX_ORDER;
            while ((frame & (1 << order) - 1) != 0 || frame + (1 << order) > frames) {
                order--;
            }
            free(frame, order);
            frame += 1 << order;
        }
    }

    /** Allocates an aligned block of {@code 1 << order} frames; {@link #NO_PAGE} if none is free. */
    int alloc(int order) {
        checkOrder(order);
        for (int current = order; current <= MAX_ORDER; current++) {
            int frame = lists.head(PageLists.FREE_AREA + current);
            if (frame != NIL) {
                return allocFrom(frame, current, order);
            }
        }
        return NO_PAGE;
    }

    /**
     * Allocates an aligned block of {@code 1 << order} frames inside frames {@code from} to
     * {@code to} (exclusive), from the first free block there on the lowest list that has one;
     * {@link #NO_PAGE} if there is none. What a zone's allocation is to a guest with one zone: the
     * kernel's unmovable allocations of a guest whose hot-plugged memory is ZONE_MOVABLE come from
     * its boot memory only. Walks the free lists, so it is for rare allocations.
     */
    int allocWithin(int order, int from, int to) {
        checkOrder(order);
        for (int current = order; current <= MAX_ORDER; current++) {
            for (int frame = lists.head(PageLists.FREE_AREA + current); frame != NIL; frame = map.next(frame)) {
                if (frame >= from && frame + (1 << current) <= to) {
                    return allocFrom(frame, current, order);
                }
            }
        }
        return NO_PAGE;
    }

    /** Takes the free block of order {@code current} at {@code frame} and allocates its first {@code 1 << order} frames. */
    private int allocFrom(int frame, int current, int order) {
        takeFree(frame, current);
        if (current >= LARGE_ORDER) {
            // the 2 MiB frames the allocation uses: all of the block if it is one or more, else the first
            for (int f = frame, end = frame + Math.max(1 << order, LARGE); f < end; f += LARGE) {
                hints.largeFrameTaken(f);
            }
        }
        for (int high = current; high > order; high--) {
            addFree(frame + (1 << high - 1), high - 1);
        }
        counters.freePages -= 1 << order;
        allocated(frame, order);
        return frame;
    }

    /** The hints and the listeners of an allocation of a block. */
    private void allocated(int frame, int order) {
        hints.allocated(frame, order);
        for (BuddyListener l : listeners) {
            l.allocated(frame, order);
        }
    }

    /** What {@link #isolateRange} hands the frames of its range to. */
    @FunctionalInterface
    interface Isolated {
        /** The block of {@code 1 << order} frames from {@code frame}, inside the range, is taken: allocated to the isolator. */
        void taken(int frame, int order);
    }

    /**
     * Isolates frames {@code from} to {@code to} (exclusive), as {@code start_isolate_page_range}
     * and {@code isolate_freepages_range} do for {@code alloc_contig_range}: every free frame there
     * leaves the free lists, allocated to {@code sink} (a free block that reaches beyond the range
     * is split, its outer parts staying free), and until {@link #undoIsolateRange} every block
     * freed inside the range is allocated to {@code sink} instead of going back to the free lists
     * (the pageblocks' {@code MIGRATE_ISOLATE}), so that frames emptied by migration stay out of
     * reach of allocation. The taken frames are allocated ones: hints and listeners are told, as
     * for any allocation.
     */
    void isolateRange(int from, int to, Isolated sink) {
        if (isolatedSink != null) {
            throw new IllegalStateException("frames " + isolatedFrom + " to " + isolatedTo + " are isolated already");
        }
        if (from < 0 || to > map.frames() || from >= to) {
            throw new IllegalArgumentException("cannot isolate frames " + from + " to " + to + " of " + map.frames());
        }
        isolatedFrom = from;
        isolatedTo = to;
        isolatedSink = sink;
        for (int f = from; f < to; ) {
            int head = NIL;
            int order = -1;
            for (int o = 0; o <= MAX_ORDER; o++) {
                int h = f & -(1 << o);
                if (freeOrder(h) == o) {
                    head = h;
                    order = o;
                    break;
                }
            }
            if (head == NIL) {
                f++;
                continue;
            }
            int end = head + (1 << order);
            takeFree(head, order);
            forEachAlignedBlock(head, from, this::addFree); // the parts of the block outside the range stay free
            forEachAlignedBlock(to, end, this::addFree);
            int lo = Math.max(head, from);
            int hi = Math.min(end, to);
            counters.freePages -= hi - lo;
            forEachAlignedBlock(lo, hi, (frame, o) -> {
                allocated(frame, o);
                sink.taken(frame, o);
            });
            f = hi;
        }
    }

    /** {@code undo_isolate_page_range}: frames freed in the range go back to the free lists again. */
    void undoIsolateRange() {
        isolatedFrom = -1;
        isolatedTo = -1;
        isolatedSink = null;
    }

    /** Calls {@code action} for frames {@code lo} to {@code hi} (exclusive) cut into the largest aligned blocks that fit. */
    private static void forEachAlignedBlock(int lo, int hi, Isolated action) {
        while (lo < hi) {
            int order = 0;
            while (order < MAX_ORDER && lo % (2 << order) == 0 && lo + (2 << order) <= hi) {
                order++;
            }
            action.taken(lo, order);
            lo += 1 << order;
        }
    }

    /**
     * The lowest order with a free block, or -1 if no frame is free: the block an order-0
     * allocation takes next, splitting it if the order is above 0. The halves it puts on the lower
     * lists are all the lower lists then hold, so order-0 allocations that follow use the block up
     * in ascending frame order before they touch any other block.
     */
    int lowestFreeOrder() {
        for (int order = 0; order <= MAX_ORDER; order++) {
            if (lists.head(PageLists.FREE_AREA + order) != NIL) {
                return order;
            }
        }
        return -1;
    }

    /**
     * Takes the first {@code pages} frames (1 to the block's) of the free block at the head of list
     * {@code order}, which must be {@link #lowestFreeOrder}, as {@code pages} calls of
     * {@code alloc(0)} would take them, in ascending frame order: the first splits the block and
     * each takes the head of the lowest list, so the lists end holding what is left of the block
     * cut into the largest aligned blocks that fit, each alone on its list (the lists below
     * {@code order} were empty), and the free count drops by {@code pages}. No hint is given and
     * no listener told: the caller gives each frame's, in ascending order, with
     * {@link #allocatedFrame} where each {@code alloc(0)} would. Not for a guest backed by 2 MiB
     * frames, whose hints follow the blocks a split makes.
     */
    int takeLowest(int order, int pages) {
        int frame = lists.head(PageLists.FREE_AREA + order);
        takeFree(frame, order);
        for (int x = frame + pages, end = frame + (1 << order); x < end; ) {
            int o = Integer.numberOfTrailingZeros(x - frame); // x - frame is below 1 << order: the block fits
            addFree(x, o);
            x += 1 << o;
        }
        for (int f = frame + 1; f < frame + pages; f++) {
            map.setFlags(f, 0); // each frame is a free head before its alloc(0) takes it
        }
        counters.freePages -= pages;
        return frame;
    }

    /** An order-0 allocation of {@code frame} that {@link #takeLowest} made: its hint, then the listeners, as {@link #alloc} gives them. */
    void allocatedFrame(int frame) {
        hints.allocated(frame, 0);
        for (BuddyListener l : listeners) {
            l.allocated(frame, 0);
        }
    }

    /** Frees a block allocated with {@link #alloc}, making it unused first. */
    void free(int frame, int order) {
        checkBlock(frame, order);
        hints.freed(frame, order);
        release(frame, order);
    }

    /**
     * Frees order-0 frames {@code from} to {@code to} (either way round) in that order, as the
     * largest aligned blocks that fit, one {@link #free} each instead of one a page (a balloon's
     * deflate). The allocator ends as a page-at-a-time free in the same order leaves it:
     * coalescing makes the same blocks whatever the granule, a block completes at the same point of
     * the sequence, and the intermediate blocks a page-at-a-time free adds to the free lists it
     * also takes off again; the hints unuse the same frames and the listeners see the same frames
     * freed and the same merged blocks.
     */
    void freeRun(int from, int to) {
        if (from >= to) {
            // descending: blocks that end at the top of what is left
            for (int hi = from; hi >= to; ) {
                int order = 0;
                while (order < MAX_ORDER && (hi + 1) % (2 << order) == 0 && hi + 1 - (2 << order) >= to) {
                    order++;
                }
                int head = hi + 1 - (1 << order);
                free(head, order);
                hi = head - 1;
            }
        } else {
            // ascending: blocks that start at the bottom of what is left
            for (int lo = from; lo <= to; ) {
                int order = 0;
                while (order < MAX_ORDER && lo % (2 << order) == 0 && lo + (2 << order) - 1 <= to) {
                    order++;
                }
                free(lo, order);
                lo += 1 << order;
            }
        }
    }

    /** Tells {@code listener} of every allocation and free from now on. */
    void addListener(BuddyListener listener) {
        BuddyListener[] more = java.util.Arrays.copyOf(listeners, listeners.length + 1);
        more[listeners.length] = listener;
        listeners = more;
    }

    /**
     * Takes the free block of order {@code order} whose head is {@code frame} off its free list,
     * Linux's {@code __isolate_free_page}: the block is neither free nor allocated until
     * {@link #putBack}, so no hint is given and no listener told, and the free count drops. Linux
     * also refuses when the zone would fall below its min watermark; the one caller here, free page
     * reporting, checks its zone before it isolates (see its class comment).
     */
    void isolate(int frame, int order) {
        checkOrder(order);
        if (freeOrder(frame) != order) {
            throw new IllegalStateException("frame " + frame + " is not the head of a free block of order " + order);
        }
        takeFree(frame, order);
        counters.freePages -= 1 << order;
    }

    /**
     * Puts a block {@link #isolate isolated} before back at the tail of its free list, Linux's
     * {@code __putback_isolated_page} with {@code FPI_TO_TAIL}, so that allocation, which takes the
     * head, reuses other blocks first. As in Linux it gives no hint and tells no listener
     * ({@code FPI_SKIP_REPORT_NOTIFY}). Its buddy cannot have become a free block of the same
     * order meanwhile, since nothing frees pages between the isolation and the put-back, so
     * there is nothing to merge; a buddy that has is an {@link IllegalStateException}.
     */
    void putBack(int frame, int order) {
        checkBlock(frame, order);
        int buddy = frame ^ 1 << order;
        if (order < MAX_ORDER && buddy + (1 << order) <= map.frames() && freeOrder(buddy) == order) {
            throw new IllegalStateException("frame " + frame + " would merge with its free buddy " + buddy
                    + " when put back: the free lists changed while it was isolated");
        }
        counters.freePages += 1 << order;
        map.setFlags(frame, PageFlags.BUDDY | order);
        lists.addTail(PageLists.FREE_AREA + order, frame);
    }

    /**
     * Marks the free block whose head is {@code frame} as reported ({@code __SetPageReported}).
     * It stays free; the mark goes when the block leaves its list.
     */
    void setReported(int frame) {
        if (freeOrder(frame) < 0) {
            throw new IllegalStateException("frame " + frame + " is not the head of a free block");
        }
        map.set(frame, PageFlags.REPORTED);
    }

    /** Whether the free block whose head is {@code frame} is marked reported. */
    boolean isReported(int frame) {
        return map.test(frame, PageFlags.BUDDY) && map.test(frame, PageFlags.REPORTED);
    }

    /** Frames on the free lists. */
    long freePages() {
        return counters.freePages;
    }

    /** The first free block of an order, or {@link MemMap#NIL}. */
    int firstFree(int order) {
        checkOrder(order);
        return lists.head(PageLists.FREE_AREA + order);
    }

    /** The free block after {@code frame} on its free list, or {@link MemMap#NIL}. */
    int nextFree(int frame) {
        if (!map.test(frame, PageFlags.BUDDY)) {
            throw new IllegalStateException("frame " + frame + " is not the head of a free block");
        }
        return map.next(frame);
    }

    /** Free blocks of an order. */
    int freeBlocks(int order) {
        checkOrder(order);
        return lists.size(PageLists.FREE_AREA + order);
    }

    /** The order of the free block whose head is {@code frame}, or -1 if it is not a free head. */
    int freeOrder(int frame) {
        int flags = map.flags(frame);
        return (flags & PageFlags.BUDDY) != 0 ? flags & PageFlags.ORDER_MASK : -1;
    }

    private void release(int frame, int order) {
        if (isolatedSink != null && frame < isolatedTo && frame + (1 << order) > isolatedFrom) {
            releaseIsolated(frame, order);
            return;
        }
        counters.freePages += 1 << order;
        int freed = frame;
        int freedOrder = order;
        int frames = map.frames();
        while (order < MAX_ORDER) {
            int buddy = frame ^ 1 << order;
            if (buddy + (1 << order) > frames || freeOrder(buddy) != order) {
                break;
            }
            takeFree(buddy, order);
            frame &= buddy;
            order++;
        }
        if (order >= LARGE_ORDER) {
            // the 2 MiB frames this free made wholly free: all of the freed block if it is one or more, else its own
            int from = freedOrder >= LARGE_ORDER ? freed : freed & -LARGE;
            for (int f = from, end = from + Math.max(1 << freedOrder, LARGE); f < end; f += LARGE) {
                hints.largeFrameFreed(f);
                map.dropIfClear(f); // a wholly free chunk needs no descriptors
            }
        }
        addFree(frame, order);
        for (BuddyListener l : listeners) {
            l.freed(freed, freedOrder, frame, order);
        }
    }

    /** A block freed into or across the isolated range: the isolator takes what is inside at once. */
    private void releaseIsolated(int frame, int order) {
        if (frame >= isolatedFrom && frame + (1 << order) <= isolatedTo) {
            allocated(frame, order);
            isolatedSink.taken(frame, order);
        } else {
            release(frame, order - 1); // a block that reaches beyond the range: each half on its own
            release(frame + (1 << order - 1), order - 1);
        }
    }

    private void addFree(int frame, int order) {
        map.setFlags(frame, PageFlags.BUDDY | order);
        lists.addHead(PageLists.FREE_AREA + order, frame);
    }

    private void takeFree(int frame, int order) {
        lists.remove(PageLists.FREE_AREA + order, frame);
        map.setFlags(frame, 0);
    }

    private void checkBlock(int frame, int order) {
        checkOrder(order);
        if (frame < 0 || frame + (1 << order) > map.frames()) {
            throw new IllegalArgumentException("block of order " + order + " at frame " + frame
                    + " is outside frames 0.." + (map.frames() - 1));
        }
        if ((frame & (1 << order) - 1) != 0) {
            throw new IllegalArgumentException("frame " + frame + " is not aligned to order " + order);
        }
        if (map.test(frame, PageFlags.BUDDY)) {
            throw new IllegalStateException("frame " + frame + " is free already (double free)");
        }
    }

    static void checkOrder(int order) {
        if (order < 0) {
            throw new IllegalArgumentException("allocation order " + order + " is negative; orders are 0 to " + MAX_ORDER);
        }
        if (order > MAX_ORDER) {
            throw new IllegalArgumentException("allocation order " + order + " is above the maximum order " + MAX_ORDER);
        }
    }
}
