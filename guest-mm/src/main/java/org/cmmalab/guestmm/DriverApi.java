package org.cmmalab.guestmm;

import java.util.function.IntSupplier;

/**
 * What a driver of the guest kernel may call ({@link GuestKernel#driverApi}), besides the
 * kernel's public queries ({@link GuestKernel#frames}, {@link GuestKernel#config},
 * {@link GuestKernel#watermarks}, {@link GuestKernel#freeFrames}, {@link GuestKernel#freeBlocks},
 * {@link GuestKernel#counters}): the drivers in this module's driver packages (a balloon, free page
 * reporting, free page hinting, the per-page recycler) reach the kernel through nothing else. Each
 * operation is named after the Linux function a driver calls for it, and is as small as the
 * drivers need.
 *
 * <p>A driver runs inside the kernel, not as a kernel entry of its own: its calls take no kernel
 * lock and reach no quiescent point, so a driver ends each piece of work it is given (an inflate,
 * a reporting pass, the end of a hinting round) with {@link #quiescentPoint}, as a Linux work item
 * returns to its worker thread. Code the allocator calls back (an OOM notifier, a
 * {@link BuddyListener}, a {@link Taken}) must not reach a quiescent point.
 *
 * <p>Bad input (an order outside 0..{@value GuestKernel#MAX_ORDER}, a frame outside the guest, a
 * block freed twice) is an {@link IllegalArgumentException} or {@link IllegalStateException} that
 * names the value.
 */
public final class DriverApi {
    /** The end of a free list ({@link #firstFreeBlock}, {@link #nextFreeBlock}). */
    public static final int NO_BLOCK = MemMap.NIL;

    private final GuestKernel kernel;
    private final GuestMemory memory;
    private final BuddyAllocator buddy;
    private final PageAllocator allocator;
    private final Watermarks marks;
    private final BalloonChunks balloonChunks;

    DriverApi(GuestKernel kernel, GuestMemory memory, MemMap map, BuddyAllocator buddy, PageAllocator allocator,
              Watermarks marks) {
        this.kernel = kernel;
        this.memory = memory;
        this.buddy = buddy;
        this.allocator = allocator;
        this.marks = marks;
        this.balloonChunks = new BalloonChunks(map, allocator);
    }

    /** Checks an allocation order: an {@link IllegalArgumentException} naming it unless it is 0..{@value GuestKernel#MAX_ORDER}. */
    public static void checkOrder(int order) {
        BuddyAllocator.checkOrder(order);
    }

    // ---- allocating and freeing pages (mm/page_alloc.c, mm/balloon_compaction.c, mm/oom_kill.c)

    /**
     * {@code alloc_pages} with no reclaim allowed ({@code __GFP_NORETRY | __GFP_NOMEMALLOC}, no
     * {@code __GFP_RECLAIM}): a block of {@code 1 << order} frames if the zone stays at or above
     * its min watermark, else {@link GuestKernel#NO_PAGE}. Wakes no kswapd and counts no failure.
     */
    public int allocPagesNoReclaim(int order) {
        checkOrder(order);
        if (buddy.freePages() - (1L << order) < marks.min()) {
            return GuestKernel.NO_PAGE;
        }
        return buddy.alloc(order);
    }

    /** {@code __free_pages}: frees a block a driver allocated; it becomes unused. */
    public void freePages(int frame, int order) {
        buddy.free(frame, order);
    }

    /** What {@link #balloonPageAlloc} hands its pages to. */
    @FunctionalInterface
    public interface Taken {
        /** The {@code count} frames from {@code first} were allocated, in that order. */
        void frames(int first, int count);
    }

    /**
     * Up to {@code pages} order-0 pages for a balloon ({@code balloon_page_alloc}, once a page),
     * through the watermarks, reclaiming if needed: as that many single-page allocations would,
     * handed to {@code taken} in the order those would return them, a run at a time (a block the
     * single-page allocations would use up whole comes as one run). Returns how many it got (fewer
     * only when an allocation fails). The pages belong to the caller, which keeps nothing in their
     * descriptors, so the 2 MiB chunks it takes whole drop theirs ({@link BalloonChunks}).
     * {@code taken} runs inside the allocator: it must not allocate or free pages.
     */
    public int balloonPageAlloc(int pages, Taken taken) {
        return balloonChunks.alloc(pages, taken);
    }

    /**
     * Frees order-0 pages {@code from} to {@code to} (either way round), as that many
     * {@code __free_page} calls in that order would leave the allocator, a block at a time (a
     * balloon's deflate).
     */
    public void freePageRun(int from, int to) {
        buddy.freeRun(from, to);
    }

    /**
     * {@code register_oom_notifier}: {@code notifier} is asked before an allocation would fail,
     * frees what pages it can without reaching a quiescent point, and says how many. Several may
     * register; each is asked, in the order they registered.
     */
    public void registerOomNotifier(IntSupplier notifier) {
        allocator.addOomNotifier(notifier);
    }

    /**
     * Tells {@code listener} of every allocation and free from now on: the points of
     * {@code arch_alloc_page}, {@code arch_free_page} and {@code page_reporting_notify_free}.
     */
    public void addBuddyListener(BuddyListener listener) {
        buddy.addListener(listener);
    }

    // ---- the free lists (mm/page_reporting.c's view of the buddy allocator)

    /** The first free block of an order, or {@link #NO_BLOCK}. */
    public int firstFreeBlock(int order) {
        return buddy.firstFree(order);
    }

    /** The free block after {@code frame} on its free list, or {@link #NO_BLOCK}. */
    public int nextFreeBlock(int frame) {
        kernel.checkFrame(frame);
        return buddy.nextFree(frame);
    }

    /** {@code buddy_order}: the order of the free block whose head is {@code frame}, or -1 if it is not a free head. */
    public int freeOrder(int frame) {
        kernel.checkFrame(frame);
        return buddy.freeOrder(frame);
    }

    /** {@code PageReported}: whether the free block whose head is {@code frame} was reported to the host. */
    public boolean isReported(int frame) {
        kernel.checkFrame(frame);
        return buddy.isReported(frame);
    }

    /**
     * {@code __isolate_free_page}: takes the free block of {@code order} whose head is
     * {@code frame} off its free list, neither free nor allocated, until
     * {@link #putbackIsolatedPage}. No hint is given and no listener told. Linux's watermark check
     * is the caller's: isolate only what the zone can spare.
     */
    public void isolateFreePage(int frame, int order) {
        kernel.checkFrame(frame);
        buddy.isolate(frame, order);
    }

    /** {@code __putback_isolated_page}: the isolated block goes back, at the tail of its free list. */
    public void putbackIsolatedPage(int frame, int order) {
        buddy.putBack(frame, order);
    }

    /** {@code __SetPageReported}: marks the free block whose head is {@code frame} as reported, until it leaves its list. */
    public void setPageReported(int frame) {
        kernel.checkFrame(frame);
        buddy.setReported(frame);
    }

    // ---- the host

    /**
     * Hands {@code frame}, which the driver holds or which is free, to the host, which drops its
     * content ({@link GuestMemory#release}): a balloon's inflate, a free page report, the
     * recycler's scan.
     */
    public void release(int frame) {
        memory.release(frame);
    }

    /** {@link #release} of the {@code count} frames from {@code first}, in order ({@link GuestMemory#releaseRun}). */
    public void releaseRun(int first, int count) {
        memory.releaseRun(first, count);
    }

    /**
     * The end of one release request, the pages handed over in one guest-host round trip
     * ({@link GuestMemory#releaseRequestDone}: a host backing the guest with larger frames counts a
     * request's releases toward each).
     */
    public void releaseRequestDone() {
        memory.releaseRequestDone();
    }

    // ---- quiescence

    /**
     * The end of a driver's piece of work: a quiescent point of the kernel (retired frames are
     * released; background reclaim runs if free pages are below the low watermark).
     */
    public void quiescentPoint() {
        kernel.quiescentPoint();
    }
}
