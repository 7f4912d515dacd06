package org.cmmalab.guestmm;

import java.util.function.IntSupplier;

/**
 * What a driver of the guest kernel may call ({@link GuestKernel#driverApi}), besides the
 * kernel's public queries ({@link GuestKernel#frames}, {@link GuestKernel#config},
 * {@link GuestKernel#watermarks}, {@link GuestKernel#freeFrames}, {@link GuestKernel#freeBlocks},
 * {@link GuestKernel#counters}): the drivers in this module's driver packages (a balloon, free page
 * reporting, free page hinting, the per-page recycler, virtio-mem, DAMON, compressed swap) reach
 * the kernel through nothing else. Each
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
    private final MemMap map;
    private final Lru lru;
    private final AnonMemory anon;
    private final LostPages lost;
    private final ContigRange contig;
    private final ReclaimPages reclaimPages;

    DriverApi(GuestKernel kernel, GuestMemory memory, MemMap map, BuddyAllocator buddy, PageAllocator allocator,
              Watermarks marks, Lru lru, AnonMemory anon, LostPages lost, ContigRange contig,
              ReclaimPages reclaimPages) {
        this.kernel = kernel;
        this.memory = memory;
        this.buddy = buddy;
        this.allocator = allocator;
        this.marks = marks;
        this.balloonChunks = new BalloonChunks(map, allocator);
        this.map = map;
        this.lru = lru;
        this.anon = anon;
        this.lost = lost;
        this.contig = contig;
        this.reclaimPages = reclaimPages;
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

    /**
     * {@code alloc_pages} with {@code GFP_KERNEL}: a block of {@code 1 << order} frames through the
     * watermarks, reclaiming if needed (and waking kswapd, and counting a failure, as any
     * allocation), else {@link GuestKernel#NO_PAGE}.
     */
    public int allocPages(int order) {
        checkOrder(order);
        return allocator.allocPages(order);
    }

    /**
     * {@code alloc_pages} with {@code __GFP_MEMALLOC}, as an allocation inside reclaim
     * ({@code PF_MEMALLOC}) makes it: a block of {@code 1 << order} frames while any is free, the
     * reserves below the min watermark included, else {@link GuestKernel#NO_PAGE}. Reclaims
     * nothing. For a driver that stores what reclaim pushes out (a compressed swap pool).
     */
    public int allocPagesMemalloc(int order) {
        return buddy.alloc(order);
    }

    /**
     * An order-0 page from frames below {@code limit} only, reclaiming pages there
     * ({@link #reclaimPages}'s rules) until one is free, or {@link GuestKernel#NO_PAGE}: what a
     * {@code GFP_KERNEL} allocation is to a guest whose memory from {@code limit} on is
     * {@code ZONE_MOVABLE} (its zonelist and its reclaim skip that zone). Walks the free lists
     * and the LRU lists, so it is for rare allocations (a hot-plugged memory block's page
     * descriptors).
     */
    public int allocPageBelow(int limit) {
        kernel.checkFrame(limit - 1);
        int f = buddy.allocWithin(0, 0, limit);
        for (int list = PageLists.INACTIVE_ANON; f == GuestKernel.NO_PAGE && list <= PageLists.ACTIVE_FILE; list++) {
            int seen = lru.size(list);
            for (int frame = lru.tail(list); frame != MemMap.NIL && seen-- > 0 && f == GuestKernel.NO_PAGE; ) {
                int next = lru.towardHead(frame);
                if (frame < limit && reclaimPages.reclaim(frame)) {
                    f = buddy.allocWithin(0, 0, limit);
                }
                frame = next;
            }
        }
        return f;
    }

    /** {@link #allocContigRange}'s answers, as {@code alloc_contig_range}'s return codes. */
    public static final int CONTIG_DONE = ContigRange.DONE;
    /** {@code -EBUSY}: a frame in the range could not be emptied (unmovable, or busy): try another range or later. */
    public static final int CONTIG_BUSY = ContigRange.BUSY;
    /** {@code -ENOMEM}: page migration found no memory to move a page to. */
    public static final int CONTIG_NO_MEMORY = ContigRange.NO_MEMORY;

    /**
     * {@code alloc_contig_range} of frames {@code first} to {@code first + count} (exclusive) for
     * movable memory: the range is isolated, its clean page cache dropped and its other pages
     * migrated ({@link ContigRange}, which says what is movable); {@link #CONTIG_DONE} with every
     * frame the caller's (give them back with {@link #freePageRun}), or {@link #CONTIG_BUSY} or
     * {@link #CONTIG_NO_MEMORY} with none. Guests of one vCPU only ({@link PageMigration} says why).
     */
    public int allocContigRange(int first, int count) {
        kernel.checkFrame(first);
        kernel.checkFrame(first + count - 1);
        return contig.alloc(first, count);
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

    // ---- pages by address (mm/damon/paddr.c's view of physical memory)

    /**
     * {@code damon_pa_mkold}: if {@code frame} holds a page on an LRU list ({@code damon_get_folio}),
     * marks it idle ({@code folio_set_idle}), so that {@link #young} tells whether it was accessed
     * since. Whether it holds one.
     */
    public boolean mkold(int frame) {
        kernel.checkFrame(frame);
        if (!lru.holdsPage(frame)) {
            return false;
        }
        map.set(frame, PageFlags.IDLE);
        return true;
    }

    /**
     * {@code damon_pa_young}: whether {@code frame} holds a page on an LRU list that was accessed
     * (through a system call or a page table) since {@link #mkold}; a free or a driver's frame never was.
     */
    public boolean young(int frame) {
        kernel.checkFrame(frame);
        return lru.holdsPage(frame) && !map.test(frame, PageFlags.IDLE);
    }

    /**
     * {@code reclaim_pages} on the pages of frames {@code from} to {@code to} (exclusive) that are
     * on an LRU list, as {@code damon_pa_pageout} does ({@link ReclaimPages}: referenced flags
     * cleared, recently young pages kept, clean cache dropped, anonymous pages swapped); returns how
     * many pages left. Frames that hold no such page are skipped.
     */
    public int reclaimPages(int from, int to) {
        kernel.checkFrame(from);
        kernel.checkFrame(to - 1);
        int freed = 0;
        for (int f = from; f < to; f++) {
            if (reclaimPages.reclaim(f)) {
                freed++;
            }
        }
        return freed;
    }

    // ---- a driver's own data in guest memory, and swap

    /** Stores {@code token} into {@code frame}, which the driver holds: its own data in guest memory, which the host backs. */
    public void storeDriverPage(int frame, long token) {
        kernel.checkFrame(frame);
        if (!memory.store(frame, token)) {
            throw new IllegalStateException("frame " + frame + " a driver holds faulted as discarded on a store");
        }
    }

    /**
     * Loads {@code frame}, which the driver holds and stored {@code expected} into: a read the host
     * sees. A frame that does not hold it is a lost page, reported under {@code owner} and given
     * its content back, so that one loss is counted once.
     */
    public void loadDriverPage(String owner, int page, int frame, long expected) {
        kernel.checkFrame(frame);
        long seen = memory.load(frame);
        if (seen != expected) {
            lost.report(owner, page, frame, expected, seen);
            memory.store(frame, expected);
        }
    }

    /**
     * Writes {@code token} to swap slot {@code slot}, a swapped-out page whose copy a frontswap
     * backend gives up ({@code zswap_writeback_entry}): a swap-out of the guest's swap device.
     */
    public void swapWritePage(int slot, long token) {
        if (kernel.config().swapPages() == 0) {
            throw new IllegalStateException("guest " + kernel.config().guest() + " has no swap device");
        }
        anon.writebackSlot(slot, token);
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
