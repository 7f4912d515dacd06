package org.cmmalab.guestmm;

import static org.cmmalab.guestmm.BuddyAllocator.NO_PAGE;
import static org.cmmalab.guestmm.PageFlags.ANON;
import static org.cmmalab.guestmm.PageFlags.SWAPCACHE;

import org.cmmalab.guestmm.tmem.Frontswap;
import org.eclipse.collections.impl.map.mutable.primitive.IntObjectHashMap;

/**
 * Anonymous memory and the guest's swap, after Linux {@code mm/memory.c} ({@code do_anonymous_page},
 * {@code do_swap_page}), {@code mm/swap_state.c} and the anonymous half of
 * {@code shrink_folio_list} in {@code mm/vmscan.c}.
 *
 * <p>The first touch of a page allocates a frame and clears it (a store of the zero token: there
 * is no shared zero page here, so every touched page has its own frame). Reclaim swaps a page out:
 * it takes a slot, loads the page and writes it there, points the page-table entry at the slot
 * and frees the frame. A touch of a swapped-out page swaps it in: a new frame, a store of the
 * slot's content, and the slot is kept as the page's swap cache, so that reclaim can drop the page
 * again without writing it while it stays unchanged; the first store ends that (the slot is
 * freed, as {@code do_swap_page} frees it on a write fault).
 *
 * <p>With the v7 guest's volatile hints ({@link HintPoints#makesVolatile}), a page in the swap cache is
 * made volatile once it is clean there ("volatile swap cache", patch 2/6 of the series): at the
 * end of the load that swapped it in, whose page-table entry is read-only (Linux's
 * {@code do_swap_page} maps a swapped-in page writable only on a write fault, which takes it
 * out of the swap cache). The host may then discard it; a load that meets the discard takes a
 * discard fault and swaps the page in again from the slot it kept, and a store makes the page
 * stable first (the write-protect fault), dropping and swapping in again if it was discarded.
 * Every other anonymous page is stable, so its free is the buddy's SET_UNUSED and nothing else.
 *
 * <p>The protocol is {@link PageCache}'s: a store holds the page's state-change lock across it,
 * so that nothing makes the page volatile or swaps it out meanwhile; a swap-in reads into a frame
 * of its own and maps it only if the page-table entry still holds the slot it read; a page that
 * leaves (swapped out, freed, discarded) is taken out holding its lock, and its frame retired
 * ({@link RetiredFrames}).
 *
 * <p>With a {@link Frontswap} backend, a swap-out offers the page to it after taking a slot and
 * writes the device only if the backend refuses; a swap-in asks the backend before reading the
 * device; freeing a slot invalidates the backend's copy ({@code mm/page_io.c},
 * {@code mm/swapfile.c} with frontswap).
 */
final class AnonMemory {
    private final Vcpus vcpus;
    private final MemMap map;
    private final PageLocks locks;
    private final PageIndex index;
    private final Lru lru;
    private final HintPoints hints;
    private final PageAllocator allocator;
    private final PageCache cache;
    private final RetiredFrames retired;
    private final DiscardFaultHandler handler;
    private final SwapDevice swap;
    private final GuestCounters counters;
    private final LostPages lost;
    private final int guest;
    private final IntObjectHashMap<Process> processes = new IntObjectHashMap<>();
    private int nextPid;
    private int swapCached;
    private Frontswap frontswap;

    AnonMemory(Vcpus vcpus, MemMap map, PageLocks locks, PageIndex index, Lru lru, HintPoints hints, PageAllocator allocator,
               PageCache cache, RetiredFrames retired, DiscardFaultHandler handler, SwapDevice swap,
               GuestCounters counters, LostPages lost, int guest) {
        this.vcpus = vcpus;
        this.map = map;
        this.locks = locks;
        this.index = index;
        this.lru = lru;
        this.hints = hints;
        this.allocator = allocator;
        this.cache = cache;
        this.retired = retired;
        this.handler = handler;
        this.swap = swap;
        this.counters = counters;
        this.lost = lost;
        this.guest = guest;
    }

    /** Connects a frontswap backend (null: none). */
    void setFrontswap(Frontswap backend) {
        this.frontswap = backend;
    }

    int createProcess() {
        int pid = nextPid++;
        processes.put(pid, new Process(pid));
        return pid;
    }

    Process process(int pid) {
        Process p = processes.get(pid);
        if (p == null) {
            throw new IllegalArgumentException("unknown process " + pid + ": processes are 0.." + (nextPid - 1)
                    + " less those that exited");
        }
        return p;
    }

    Iterable<Process> processes() {
        return processes.values();
    }

    int malloc(int pid, int pages) {
        if (pages <= 0) {
            throw new IllegalArgumentException("malloc size must be at least 1 page, was " + pages);
        }
        int start = process(pid).mapRegion(pages);
        counters.committedPages += pages;
        return start;
    }

    /** Unmaps the region from {@code start}; {@code runs}: its frames may be freed a run at a time ({@link #releaseRegion}). */
    void free(int pid, int start, boolean runs) {
        Process p = process(pid);
        int pages = p.regionLength(start);
        if (pages == 0) {
            throw new IllegalArgumentException("page " + start + " does not start a region of " + p);
        }
        releaseRegion(p, start, pages, runs);
    }

    void exit(int pid, boolean runs) {
        Process p = process(pid);
        for (int start : p.regionStarts()) {
            releaseRegion(p, start, p.regionLength(start), runs);
        }
        processes.remove(pid);
    }

    /** A load or store of anonymous page {@code page}; the token seen or written, or NO_MEMORY. */
    long touch(int pid, int page, boolean store) {
        Process p = process(pid);
        if (page < 0 || p.versions.get(page) == Process.UNMAPPED) {
            throw new IllegalArgumentException("page " + page + " is not in an allocated region of " + p
                    + ", whose heap spans pages 0.." + (p.heapEnd() - 1));
        }
        for (;;) {
            int frame = resident(p, page);
            if (frame == NO_PAGE) {
                return GuestKernel.NO_MEMORY;
            }
            if (frame == PageCache.RETRY) {
                continue;
            }
            counters.anonAccesses++;
            lru.pteAccessed(frame);
            int version = p.versions.get(page);
            if (store) {
                long token = store(p, page, frame, version + 1);
                if (token == GuestMemory.DISCARD_FAULT) {
                    continue; // discarded: dropped, and swapped in again from its slot
                }
                return token;
            }
            long seen = vcpus.load(frame);
            if (seen == GuestMemory.DISCARD_FAULT) {
                handler.handle(frame);
                continue;
            }
            verify(p, page, frame, seen, version);
            // the end of the use: a clean swap-cache page, mapped read-only, becomes volatile
            cache.tryMakeVolatile(frame);
            return seen;
        }
    }

    /**
     * Stores to the fresh pages from {@code page} (mapped, with neither a frame nor a swap slot), up
     * to {@code max} of them, as {@link #touch} stores in kernel entries of their own would, in one
     * step; returns how many it stored to, 0 if it takes none (the caller then takes the per-page
     * path). The caller has checked that entries are atomic ({@link Vcpus#atomicEntries}), that
     * the guest has 4 KiB frames and that no kswapd is wanted.
     *
     * <p>Why it is exact: it takes only as many pages as allocations on the fast path can serve
     * from one free block ({@link PageAllocator#fastRun}), so no reclaim runs and the free count
     * stays at or above the low watermark, so that no entry among them would have ended in kswapd;
     * the block's frames are taken at once, in the order the allocations would return them
     * ({@link BuddyAllocator#takeLowest}). Each page then gets its frame's hint and listeners, the
     * zero fill's store unless the hint said the frame reads as zeros, and the store of its first
     * version: the machine accesses of the per-page path, in its order. The host never calls back
     * into the guest, so nothing between those accesses sees the bookkeeping done a run at a time
     * (flags, LRU links, counters) or the block taken early. A fresh page's frame is stable, so
     * neither store can take a discard fault; one that did is an {@link IllegalStateException}.
     */
    int storeFreshRun(int pid, int page, int max) {
        Process p = process(pid);
        int n = 0;
        while (n < max && page + n >= 0 && index.get(p, page + n) == PageIndex.EMPTY
                && p.versions.get(page + n) != Process.UNMAPPED) {
            n++;
        }
        int count = n == 0 ? 0 : allocator.fastRun(n);
        if (count == 0) {
            return 0;
        }
        int first = allocator.takeRun(count);
        for (int i = 0; i < count; i++) {
            int frame = first + i;
            int pg = page + i;
            allocator.runFrameAllocated(frame);
            boolean readsAsZero = map.test(frame, PageFlags.ZERO_CONTENT); // see resident
            map.setFlags(frame, ANON | PageFlags.YOUNG); // with the touch's young bit (Lru.pteAccessed)
            if (!readsAsZero && !vcpus.store(frame, ContentToken.ZERO)) {
                throw new IllegalStateException("frame " + frame + " faulted as discarded right after SET_STABLE");
            }
            index.set(p, pg, PageIndex.frameEntry(frame));
            int version = p.versions.get(pg) + 1;
            if (!vcpus.store(frame, ContentToken.anon(guest, p.id, pg, version))) {
                throw new IllegalStateException("frame " + frame + ", a fresh anonymous page, faulted as discarded");
            }
            p.versions.set(pg, version);
        }
        lru.addRun(first, count);
        counters.anonFaults += count;
        counters.anonAccesses += count;
        counters.anonPages += count;
        return count;
    }

    /**
     * A store of version {@code version}, holding the page's lock across it. The write-protect fault
     * on a volatile swap-cache page makes it stable first ({@link HintPoints#makeStable}); if the host had
     * discarded it, it is dropped here and the store returns {@link GuestMemory#DISCARD_FAULT}.
     */
    private long store(Process p, int page, int frame, int version) {
        if (cache.lockPage(p, page) != frame) {
            throw new IllegalStateException(p + " page " + page + " left frame " + frame + " under its owner's touch");
        }
        if (!hints.makeStable(frame)) {
            dropDiscarded(p, page, frame);
            return GuestMemory.DISCARD_FAULT;
        }
        long token = ContentToken.anon(guest, p.id, page, version);
        if (!vcpus.store(frame, token)) {
            locks.release(frame);
            handler.handle(frame);
            return GuestMemory.DISCARD_FAULT;
        }
        p.versions.set(page, version);
        if (map.testAndClear(frame, SWAPCACHE)) {
            freeSlot(uncache(p, page));
        }
        locks.release(frame);
        return token;
    }

    /** Whether reclaim can move anonymous pages anywhere: a free slot, or a page in the swap cache. */
    boolean canSwap() {
        return swap != null && (!swap.full() || swapCached > 0);
    }

    /**
     * Swaps a resident anonymous page out, with preemption disabled; false if there is no slot for
     * it, or another vCPU holds its lock or pins it (reclaim only tries the lock).
     */
    boolean reclaimPage(int frame) {
        if (!locks.tryAcquire(frame)) {
            return false;
        }
        Process p = (Process) index.ownerOf(frame);
        int page = index.pgoffOf(frame);
        if (map.pins(frame) != 0) {
            locks.release(frame);
            return false;
        }
        int slot;
        if (map.test(frame, SWAPCACHE)) {
            slot = uncache(p, page);
        } else {
            if (swap == null || (slot = swap.alloc()) == SwapDevice.NO_SLOT) {
                locks.release(frame);
                return false;
            }
            int version = p.versions.get(page);
            long seen = vcpus.load(frame);
            if (seen == GuestMemory.DISCARD_FAULT) {
                swap.free(slot);
                dropDiscarded(p, page, frame);
                return true;
            }
            long content = verify(p, page, frame, seen, version);
            if (frontswap != null && frontswap.store(slot, content)) {
                counters.frontswapStores++;
            } else {
                swap.write(slot, content);
                counters.swapOuts++;
            }
            counters.swapSlotsUsed = swap.inUse();
        }
        index.set(p, page, PageIndex.swapEntry(slot));
        lru.remove(frame);
        counters.anonPages--;
        locks.release(frame);
        retired.retire(frame);
        return true;
    }

    /**
     * Page migration's part for an anonymous page, with preemption disabled: as
     * {@link PageCache#lockForMigration}, the page in {@code frame} locked, made stable, loaded and
     * checked; its content, holding the lock, or {@link PageMigration#BUSY} or
     * {@link PageMigration#GONE} (a swap-cache page the host discarded goes back to its slot).
     */
    long lockForMigration(int frame) {
        if (!locks.tryAcquire(frame)) {
            return PageMigration.BUSY;
        }
        if (map.pins(frame) != 0) {
            locks.release(frame);
            return PageMigration.BUSY;
        }
        Process p = (Process) index.ownerOf(frame);
        int page = index.pgoffOf(frame);
        int version = p.versions.get(page);
        long seen = hints.makeStable(frame) ? vcpus.load(frame) : GuestMemory.DISCARD_FAULT;
        if (seen == GuestMemory.DISCARD_FAULT) {
            dropDiscarded(p, page, frame);
            return PageMigration.GONE;
        }
        return verify(p, page, frame, seen, version);
    }

    /**
     * The discard-fault handler's part for an anonymous page: the page that was in {@code frame} is
     * dropped if it is still there (race 3: it may have left since).
     */
    void dropDiscardedFault(Process p, int page, int frame) {
        int now = cache.lockPage(p, page);
        if (now == frame) {
            dropDiscarded(p, page, frame);
            return;
        }
        if (now != NO_PAGE) {
            locks.release(now);
        }
        counters.lateDiscardFaults++;
    }

    /**
     * The anonymous side of a discard, holding the page's lock, which it lets go of: a swap-cache
     * page goes back to its slot, to be swapped in again; any other anonymous page was never
     * volatile, so its discard broke the protocol and its content is lost.
     */
    private void dropDiscarded(Process p, int page, int frame) {
        lru.remove(frame);
        counters.anonPages--;
        if (map.test(frame, SWAPCACHE)) {
            index.set(p, page, PageIndex.swapEntry(uncache(p, page)));
        } else {
            int version = p.versions.get(page);
            lost.report(p, page, frame, expected(p, page, version), GuestMemory.DISCARD_FAULT);
            p.versions.set(page, Process.ZEROED);
            index.clear(p, page);
        }
        locks.release(frame);
        retired.retire(frame);
    }

    /**
     * The page's frame, faulting it in or swapping it in as needed; NO_PAGE if memory ran out;
     * {@link PageCache#RETRY} if its page-table entry changed while a swap-in read (the frame went
     * back; look again).
     */
    private int resident(Process p, int page) {
        int entry = index.get(p, page);
        if (PageIndex.isFrame(entry)) {
            return PageIndex.frameOf(entry);
        }
        int frame = allocator.allocPages(0);
        if (frame == NO_PAGE) {
            return NO_PAGE;
        }
        boolean readsAsZero = map.test(frame, PageFlags.ZERO_CONTENT);
        map.setFlags(frame, ANON);
        long content;
        if (PageIndex.isSwap(entry)) {
            int slot = PageIndex.swapSlotOf(entry);
            content = frontswap == null ? Frontswap.MISS : frontswap.load(slot);
            if (content == Frontswap.MISS) {
                content = swap.read(slot);
                counters.swapIns++;
                vcpus.ioWait();
            } else {
                counters.frontswapLoads++;
            }
        } else {
            counters.anonFaults++;
            if (readsAsZero) {
                // The host holds nothing for this frame: it reads as zeros already. Clearing it
                // (Linux's clear_page) would be a store, and the host would then write a page of
                // zeros out on reclaim. Knowing this is a benefit of the hint's returned state;
                // Linux itself maps the shared zero page on a read fault instead.
                return map(p, page, frame, entry);
            }
            content = ContentToken.ZERO;
        }
        if (!vcpus.store(frame, content)) {
            throw new IllegalStateException("frame " + frame + " faulted as discarded right after SET_STABLE");
        }
        if (index.get(p, page) != entry) { // another vCPU of the process faulted it in, or freed it, meanwhile
            map.setFlags(frame, 0);
            allocator.freeUnseen(frame);
            return PageCache.RETRY;
        }
        map(p, page, frame, entry);
        if (PageIndex.isSwap(entry)) {
            hints.matchesBacking(frame);
        }
        return frame;
    }

    /** Maps {@code frame}, which holds the page's content, where the page-table entry said {@code entry}. */
    private int map(Process p, int page, int frame, int entry) {
        index.set(p, page, PageIndex.frameEntry(frame));
        lru.add(frame);
        counters.anonPages++;
        if (PageIndex.isSwap(entry)) {
            p.swapCache.put(page, PageIndex.swapSlotOf(entry));
            swapCached++;
            map.set(frame, SWAPCACHE);
        }
        return frame;
    }

    /**
     * As {@link PageCache#verify}: {@code seen} must be a version from {@code before} to one past
     * the page's version now. Returns the content the page should have now.
     */
    private long verify(Process p, int page, int frame, long seen, int before) {
        int after = p.versions.get(page);
        long expected = expected(p, page, after);
        for (int v = before; v <= after + 1; v++) {
            if (seen == expected(p, page, v)) {
                return expected;
            }
        }
        lost.report(p, page, frame, expected, seen);
        vcpus.store(frame, expected);
        return expected;
    }

    private long expected(Process p, int page, int version) {
        return version <= Process.ZEROED ? ContentToken.ZERO : ContentToken.anon(guest, p.id, page, version);
    }

    /**
     * Unmaps the region's pages, in page order, and frees their frames and slots. With
     * {@code runs} (the kernel's entries are atomic: {@link Vcpus#atomicEntries}), a run of
     * resident pages, none in the swap cache, whose frames follow one another (as a run of first
     * touches leaves them: {@link #storeFreshRun}) is released as one: index entries page by page,
     * the LRU a segment at a time ({@link Lru#removeRun}), then the frames retired as one run
     * ({@link RetiredFrames#retireRun}). That is exact because the only machine accesses are the
     * frees' hints, which come in the same order with nothing between them, and nothing reads the
     * allocator between a page's unmapping and its frame's free.
     */
    private void releaseRegion(Process p, int start, int pages, boolean runs) {
        int end = start + pages;
        for (int page = index.nextPresent(p, start); page >= 0 && page < end; ) {
            int n = runs ? releaseRun(p, page, end) : 0;
            if (n == 0) {
                releasePage(p, page);
                n = 1;
            }
            page = index.nextPresent(p, page + n);
        }
        p.unmapRegion(start);
        counters.committedPages -= pages;
    }

    /** Releases the run of resident pages from {@code page} (see {@link #releaseRegion}); how many, 0 for a run of fewer than two. */
    private int releaseRun(Process p, int page, int end) {
        int first = index.frame(p, page);
        if (first == NO_PAGE) {
            return 0;
        }
        int n = 0;
        while (page + n < end && index.get(p, page + n) == PageIndex.frameEntry(first + n)
                && !map.test(first + n, SWAPCACHE)) {
            n++;
        }
        if (n < 2) {
            return 0;
        }
        for (int i = 0; i < n; i++) {
            index.clear(p, page + i);
        }
        lru.removeRun(first, n);
        counters.anonPages -= n;
        retired.retireRun(first, n);
        return n;
    }

    private void releasePage(Process p, int page) {
        int frame = cache.lockPage(p, page);
        int entry = index.clear(p, page);
        if (PageIndex.isFrame(entry)) {
            if (map.test(frame, SWAPCACHE)) {
                freeSlot(uncache(p, page));
            }
            lru.remove(frame);
            counters.anonPages--;
            locks.release(frame);
            retired.retire(frame);
        } else {
            freeSlot(PageIndex.swapSlotOf(entry));
        }
    }

    /**
     * Writes {@code token} to swap slot {@code slot}, which holds a swapped-out page whose copy a
     * frontswap backend gave up (zswap's writeback, {@code zswap_writeback_entry}): a swap-out.
     */
    void writebackSlot(int slot, long token) {
        swap.write(slot, token);
        counters.swapOuts++;
    }

    private void freeSlot(int slot) {
        if (frontswap != null) {
            frontswap.invalidate(slot);
        }
        swap.free(slot);
        counters.swapSlotsUsed = swap.inUse();
    }

    long bytes() {
        long sum = 0;
        for (Process p : processes.values()) {
            sum += p.directoryBytes() + 16L * p.swapCache.size();
        }
        return sum;
    }

    private int uncache(Process p, int page) {
        swapCached--;
        return p.swapCache.removeKeyIfAbsent(page, SwapDevice.NO_SLOT);
    }
}
