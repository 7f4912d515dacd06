package org.cmmalab.guestmm;

import static org.cmmalab.guestmm.BuddyAllocator.NO_PAGE;
import static org.cmmalab.guestmm.PageFlags.ANON;
import static org.cmmalab.guestmm.PageFlags.SWAPCACHE;
import static org.cmmalab.guestmm.PageFlags.YOUNG;

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
 * <p>With the v7 guest's volatile hints ({@link Hints#makesVolatile}), a page in the swap cache is
 * made volatile once it is clean there ("volatile swap cache", patch 2/6 of the series): at the
 * end of the load that swapped it in, whose page-table entry is read-only (Linux's
 * {@code do_swap_page} maps a swapped-in page writable only on a write fault, which takes it
 * out of the swap cache). The host may then discard it; a load that meets the discard takes a
 * discard fault and swaps the page in again from the slot it kept, and a store makes the page
 * stable first (the write-protect fault), dropping and swapping in again if it was discarded.
 * Every other anonymous page is stable, so its free is the buddy's SET_UNUSED and nothing else.
 *
 * <p>With a {@link Frontswap} backend, a swap-out offers the page to it after taking a slot and
 * writes the device only if the backend refuses; a swap-in asks the backend before reading the
 * device; freeing a slot invalidates the backend's copy ({@code mm/page_io.c},
 * {@code mm/swapfile.c} with frontswap).
 */
final class AnonMemory {
    private final GuestMemory memory;
    private final MemMap map;
    private final PageIndex index;
    private final Lru lru;
    private final Hints hints;
    private final PageAllocator allocator;
    private final Quarantine quarantine;
    private final DiscardFaultHandler handler;
    private final SwapDevice swap;
    private final GuestCounters counters;
    private final LostPages lost;
    private final int guest;
    private final IntObjectHashMap<Process> processes = new IntObjectHashMap<>();
    private int nextPid;
    private int swapCached;
    private Frontswap frontswap;

    AnonMemory(GuestMemory memory, MemMap map, PageIndex index, Lru lru, Hints hints, PageAllocator allocator,
               Quarantine quarantine, DiscardFaultHandler handler, SwapDevice swap, GuestCounters counters,
               LostPages lost, int guest) {
        this.memory = memory;
        this.map = map;
        this.index = index;
        this.lru = lru;
        this.hints = hints;
        this.allocator = allocator;
        this.quarantine = quarantine;
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

    void free(int pid, int start) {
        Process p = process(pid);
        int pages = p.regionLength(start);
        if (pages == 0) {
            throw new IllegalArgumentException("page " + start + " does not start a region of " + p);
        }
        releaseRegion(p, start, pages);
    }

    void exit(int pid) {
        Process p = process(pid);
        for (int start : p.regionStarts()) {
            releaseRegion(p, start, p.regionLength(start));
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
            counters.anonAccesses++;
            map.set(frame, YOUNG);
            int version = p.versions.get(page);
            if (store) {
                if (!makeStable(p, page, frame)) {
                    continue; // discarded: dropped, and swapped in again from its slot
                }
                long token = ContentToken.anon(guest, p.id, page, version + 1);
                if (!memory.store(frame, token)) {
                    handler.handle(frame);
                    continue;
                }
                p.versions.set(page, version + 1);
                if (map.testAndClear(frame, SWAPCACHE)) {
                    freeSlot(uncache(p, page));
                }
                return token;
            }
            long seen = memory.load(frame);
            if (seen == GuestMemory.DISCARD_FAULT) {
                handler.handle(frame);
                continue;
            }
            verify(p, page, frame, seen);
            // the end of the use: a clean swap-cache page, mapped read-only, becomes volatile
            hints.makeVolatile(frame);
            return seen;
        }
    }

    /**
     * The write-protect fault on a volatile swap-cache page makes it stable first
     * ({@link Hints#makeStable}); false if the host had discarded it, which drops it here.
     */
    private boolean makeStable(Process p, int page, int frame) {
        if (hints.makeStable(frame)) {
            return true;
        }
        dropDiscarded(p, page, frame);
        return false;
    }

    /** Whether reclaim can move anonymous pages anywhere: a free slot, or a page in the swap cache. */
    boolean canSwap() {
        return swap != null && (!swap.full() || swapCached > 0);
    }

    /** Swaps a resident anonymous page out; false if there is no slot for it. */
    boolean reclaimPage(int frame) {
        Process p = (Process) index.ownerOf(frame);
        int page = index.pgoffOf(frame);
        int slot;
        if (map.test(frame, SWAPCACHE)) {
            slot = uncache(p, page);
        } else {
            if (swap == null || (slot = swap.alloc()) == SwapDevice.NO_SLOT) {
                return false;
            }
            long seen = memory.load(frame);
            if (seen == GuestMemory.DISCARD_FAULT) {
                swap.free(slot);
                handler.handle(frame);
                return true;
            }
            long content = verify(p, page, frame, seen);
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
        quarantine.freePage(frame);
        return true;
    }

    /**
     * The anonymous side of a discard: a swap-cache page goes back to its slot, to be swapped in
     * again; any other anonymous page was never volatile, so its discard broke the protocol and
     * its content is lost.
     */
    void dropDiscarded(Process p, int page, int frame) {
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
        quarantine.freePage(frame);
    }

    /** The page's frame, faulting it in or swapping it in as needed; NO_PAGE if memory ran out. */
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
        index.set(p, page, PageIndex.frameEntry(frame));
        lru.add(frame);
        counters.anonPages++;
        long content;
        if (PageIndex.isSwap(entry)) {
            int slot = PageIndex.swapSlotOf(entry);
            content = frontswap == null ? Frontswap.MISS : frontswap.load(slot);
            if (content == Frontswap.MISS) {
                content = swap.read(slot);
                counters.swapIns++;
            } else {
                counters.frontswapLoads++;
            }
            p.swapCache.put(page, slot);
            swapCached++;
            map.set(frame, SWAPCACHE);
        } else {
            counters.anonFaults++;
            if (readsAsZero) {
                // The host holds nothing for this frame: it reads as zeros already. Clearing it
                // (Linux's clear_page) would be a store, and the host would then write a page of
                // zeros out on reclaim. Knowing this is a benefit of the hint's returned state;
                // Linux itself maps the shared zero page on a read fault instead.
                return frame;
            }
            content = ContentToken.ZERO;
        }
        if (!memory.store(frame, content)) {
            throw new IllegalStateException("frame " + frame + " faulted as discarded right after SET_STABLE");
        }
        if (PageIndex.isSwap(entry)) {
            hints.matchesBacking(frame);
        }
        return frame;
    }

    /** As {@link PageCache#verify}; returns the content the page should have. */
    private long verify(Process p, int page, int frame, long seen) {
        long expected = expected(p, page, p.versions.get(page));
        if (seen != expected) {
            lost.report(p, page, frame, expected, seen);
            memory.store(frame, expected);
        }
        return expected;
    }

    private long expected(Process p, int page, int version) {
        return version <= Process.ZEROED ? ContentToken.ZERO : ContentToken.anon(guest, p.id, page, version);
    }

    private void releaseRegion(Process p, int start, int pages) {
        for (int page = index.nextPresent(p, start); page >= 0 && page < start + pages;
             page = index.nextPresent(p, page + 1)) {
            int entry = index.clear(p, page);
            if (PageIndex.isFrame(entry)) {
                int frame = PageIndex.frameOf(entry);
                if (map.test(frame, SWAPCACHE)) {
                    freeSlot(uncache(p, page));
                }
                lru.remove(frame);
                counters.anonPages--;
                quarantine.freePage(frame);
            } else {
                freeSlot(PageIndex.swapSlotOf(entry));
            }
        }
        p.unmapRegion(start);
        counters.committedPages -= pages;
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
