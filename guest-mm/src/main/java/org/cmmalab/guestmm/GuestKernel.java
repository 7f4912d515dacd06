package org.cmmalab.guestmm;

import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.cmmalab.guestmm.tmem.Cleancache;
import org.cmmalab.guestmm.tmem.Frontswap;

/**
 * A Linux-like guest kernel's memory manager, issuing the CMMA hints of the guest it is configured
 * as ({@link GuestHinting}: mainline Linux, or the 2009 guest page hinting series; docs/state-model.md
 * section 5), or no ESSA at all.
 *
 * <p>It is built from small parts, each modelled on the Linux file it names: the buddy allocator
 * ({@link BuddyAllocator}, {@code mm/page_alloc.c}) behind zone watermarks
 * ({@link PageAllocator}, {@link Watermarks}); the page cache ({@link PageCache},
 * {@link FileAccess}, {@code mm/filemap.c}) with time-driven write-back ({@link Writeback});
 * anonymous memory and swap ({@link AnonMemory}, {@code mm/memory.c}, {@code mm/swap_state.c});
 * the LRU lists ({@link Lru}, {@code mm/swap.c}) and reclaim ({@link Reclaim},
 * {@code mm/vmscan.c}); the discard-fault handler and deferred reuse of frames
 * ({@link DiscardFaultHandler}, {@link RetiredFrames}). Like a real kernel it never drops page
 * cache while memory is free, so otherwise free memory fills with it.
 *
 * <p>The kernel keeps all its metadata in Java arrays: every {@link GuestMemory#load} and
 * {@link GuestMemory#store} it issues is an access to a page's own frame that the page's use
 * needs. Each public method is one kernel entry by the current vCPU ({@link Vcpus}), but
 * {@link #touchAnonRun} and {@link #readRun}, which are one per page, or one for a run of pages
 * where that one does exactly what the run's would; the end of each is a quiescent point, where
 * background reclaim runs if free pages fell below the low watermark. The kernel's
 * {@link KernelConfig#discipline} says whether it runs on one thread or on the real threads of its
 * vCPUs (the protocol is {@link PageCache}'s either way). Accesses to resident pages allocate
 * nothing.
 *
 * <p>Bad input (a size below 1, an unknown file or process, a page beyond a file's end or outside
 * a process's regions, an order outside 0..10) is an {@link IllegalArgumentException} that names
 * the value and the limit. Running out of memory is a value: {@link #NO_MEMORY} or {@link #NO_PAGE}.
 */
public final class GuestKernel {
    /** An access that could not be served: no frame was free even after reclaim. */
    public static final long NO_MEMORY = -1;
    /** A page allocation that failed. */
    public static final int NO_PAGE = BuddyAllocator.NO_PAGE;
    /** The highest allocation order: 1024 frames, 4 MiB ({@link BuddyAllocator#MAX_ORDER}). */
    public static final int MAX_ORDER = BuddyAllocator.MAX_ORDER;

    private final KernelConfig config;
    private final GuestMemory memory;
    private final GuestCounters counters = new GuestCounters();
    private final MemMap map;
    private final PageLists lists;
    private final PageIndex index;
    private final BuddyAllocator buddy;
    private final Watermarks marks;
    private final Vcpus vcpus;
    private final RetiredFrames retired;
    private final PageAllocator allocator;
    private final PageCache cache;
    private final FileAccess files;
    private final AnonMemory anon;
    private final Reclaim reclaim;
    private final DiscardFaultHandler handler;
    private final LostPages lost;
    private final DriverApi driverApi;
    /**
     * Whether a run of pages may be taken in one step where that is exact ({@link #touchAnonRun},
     * {@link #readRun}, a region's free): only if every entry is atomic ({@link Vcpus#atomicEntries})
     * and the guest has 4 KiB frames, whose hints do not follow the blocks a split makes.
     */
    private boolean runs;

    public GuestKernel(GuestMemory memory, KernelConfig config) {
        this(memory, config, UnaryOperator.identity(), UnaryOperator.identity());
    }

    /**
     * A kernel whose state-change locks and grace periods are {@code locks} and {@code periods}
     * applied to its own: for the race tests, which put deliberately wrong ones in their place (a
     * wrapper that breaks one rule) to show that each rule of the protocol is needed.
     */
    public GuestKernel(GuestMemory memory, KernelConfig config, UnaryOperator<PageLocks> locks,
                       UnaryOperator<GracePeriods> periods) {
        this.memory = Objects.requireNonNull(memory, "memory");
        this.config = Objects.requireNonNull(config, "config");
        this.lost = new LostPages(counters, config.guest(), config.image());
        int frames = memory.frames();
        if (config.largeFrames() && frames % (1 << BuddyAllocator.LARGE_ORDER) != 0) {
            throw new IllegalArgumentException("a guest backed by 2 MiB frames needs a multiple of "
                    + (1 << BuddyAllocator.LARGE_ORDER) + " frames, had " + frames);
        }
        vcpus = Vcpus.of(memory, config);
        map = new MemMap(frames);
        lists = new PageLists(map);
        HintPoints hints = new HintPoints(vcpus, map, config.hinting(), config.largeFrames(), counters);
        buddy = new BuddyAllocator(map, lists, hints, counters);
        marks = config.watermarks() != null ? config.watermarks() : Watermarks.forFrames(frames);
        retired = new RetiredFrames(vcpus, periods.apply(new Epochs(config.vcpus())), map, buddy, counters);
        PageLocks pageLocks = vcpus.watched(locks.apply(map));
        allocator = new PageAllocator(buddy, marks, counters);
        index = new PageIndex(map);
        Lru lru = new Lru(map, lists);
        cache = new PageCache(vcpus, map, pageLocks, index, lru, hints, allocator, retired, counters, lost,
                config.guest(), config.image(), config.dirtyExpireNanos());
        cache.attach(this);
        handler = new DiscardFaultHandler(vcpus, index, cache, counters);
        files = new FileAccess(vcpus, map, pageLocks, index, lru, cache, allocator, handler, counters);
        SwapDevice swap = config.swapPages() > 0 ? new SwapDevice(config.swapPages()) : null;
        anon = new AnonMemory(vcpus, map, pageLocks, index, lru, hints, allocator, cache, retired, handler, swap, counters, lost,
                config.guest());
        handler.attach(anon);
        reclaim = new Reclaim(map, lru, cache, anon, buddy, marks, retired, vcpus, counters);
        allocator.setReclaim(reclaim, retired);
        PageMigration migration = new PageMigration(map, index, pageLocks, lru, hints, allocator, buddy, retired, cache,
                anon, vcpus, counters);
        driverApi = new DriverApi(this, memory, map, buddy, allocator, marks, lru, anon, lost,
                new ContigRange(buddy, map, lru, cache, migration), new ReclaimPages(map, lru, cache, anon));
        runs = vcpus.atomicEntries() && !config.largeFrames();
    }

    /** Takes every page on its own from now on: for the tests that compare the run paths with the per-page path. */
    void pageByPage() {
        runs = false;
    }

    /**
     * Whether the kernel entry just entered may take a run of pages in one step: the kernel takes
     * runs, and no kswapd is wanted, so that the quiescent points between the run's own entries,
     * where free pages stay at or above the low watermark ({@link PageAllocator#fastRun}), would
     * have done nothing.
     */
    private boolean runMayStart() {
        return runs && !allocator.kswapdWanted();
    }

    public KernelConfig config() {
        return config;
    }

    public GuestCounters counters() {
        return counters;
    }

    public Watermarks watermarks() {
        return marks;
    }

    public int frames() {
        return map.frames();
    }

    /** The first {@value LostPages#KEPT} lost pages in detail; {@link GuestCounters#lostPages()} counts all. */
    public List<LostPage> lostPages() {
        return lost.reports();
    }

    /** The guest's vCPUs: which runs, and the discipline they run under. */
    public Vcpus vcpus() {
        return vcpus;
    }

    /** What the kernel's drivers may call: see {@link DriverApi}. */
    public DriverApi driverApi() {
        return driverApi;
    }

    // ---- kernel entries: each public method below is one, by the current vCPU

    /** The start of a kernel entry: the kernel lock, and an announcement for deferred reuse. */
    private void enter() {
        vcpus.enter();
        retired.enter();
    }

    /**
     * The end of a kernel entry: pending interrupts run, then a quiescent point (retired frames are
     * released; background reclaim runs if free pages are below the low watermark), and the vCPU
     * holds nothing of the kernel's any more.
     */
    private void leave() {
        try {
            vcpus.interruptWindow(this);
            quiescentPoint();
        } finally {
            retired.exit();
            vcpus.exit();
        }
    }

    // ---- files and the page cache

    /** Creates a file of {@code pages} pages whose content is known; returns its id. */
    public int createFile(int pages) {
        enter();
        try {
            return cache.create(pages);
        } finally {
            leave();
        }
    }

    /** The file's length in pages. */
    public int filePages(int file) {
        enter();
        try {
            return cache.inode(file).pages;
        } finally {
            leave();
        }
    }

    /** read(2) of one page: the content token seen, or {@link #NO_MEMORY}. */
    public long read(int file, int page) {
        enter();
        try {
            return files.read(file, page);
        } finally {
            leave();
        }
    }

    /**
     * {@link #read} of the {@code pages} pages from {@code page}, in order, each a kernel entry:
     * returns how many it read before one found no memory ({@code pages} if none did). Misses are
     * taken a run at a time, one entry for the run, where that entry does exactly what the run's
     * entries would ({@code FileAccess.readRun}; when: {@link #touchAnonRun}); every other read is
     * an entry of its own.
     */
    public int readRun(int file, int page, int pages) {
        int done = 0;
        while (done < pages) {
            enter();
            try {
                int n = runMayStart() ? files.readRun(file, page + done, pages - done) : 0;
                if (n == 0) {
                    if (files.read(file, page + done) == NO_MEMORY) {
                        return done;
                    }
                    n = 1;
                }
                done += n;
            } finally {
                leave();
            }
        }
        return done;
    }

    /** write(2) of one page at virtual time {@code now}: the token written, or {@link #NO_MEMORY}. */
    public long write(int file, int page, long now) {
        enter();
        try {
            return files.write(file, page, now);
        } finally {
            leave();
        }
    }

    /** mmap(MAP_SHARED) of a whole file; stores need a writable mapping. */
    public FileMapping map(int file, boolean writable) {
        enter();
        try {
            return files.map(file, writable);
        } finally {
            leave();
        }
    }

    public void unmap(FileMapping mapping) {
        enter();
        try {
            files.unmap(mapping);
        } finally {
            leave();
        }
    }

    /**
     * A process's load or store of page {@code page} through {@code mapping} at virtual time
     * {@code now}: the token seen or written, or {@link #NO_MEMORY}. A mapped page is accessed
     * directly; an unmapped one page-faults; a discarded one raises a discard fault first.
     */
    public long touchMapped(FileMapping mapping, int page, boolean store, long now) {
        enter();
        try {
            return files.touch(mapping, page, store, now);
        } finally {
            leave();
        }
    }

    /** Shrinks a file to {@code pages} pages (0 to its length); the pages beyond are gone, dirty or not. */
    public void truncate(int file, int pages) {
        enter();
        try {
            cache.truncate(cache.inode(file), pages);
        } finally {
            leave();
        }
    }

    /** Deletes a file: its pages leave the page cache and its mappings die. */
    public void deleteFile(int file) {
        enter();
        try {
            cache.delete(cache.inode(file));
        } finally {
            leave();
        }
    }

    /**
     * posix_fadvise(POSIX_FADV_DONTNEED) of one page: if it is cached, clean, unused and not under
     * write-back, it leaves the page cache (with its mappings: the model keeps no page tables to
     * refuse it). Whether it left.
     */
    public boolean dropPage(int file, int page) {
        enter();
        try {
            Inode ino = cache.inode(file);
            PageCache.checkPage(ino, page);
            return cache.drop(ino, page);
        } finally {
            leave();
        }
    }

    /**
     * sync_file_range(SYNC_FILE_RANGE_WRITE) of one page: starts writing it back if it is cached,
     * dirty and not under write-back already. Whether it started. The write completes at once in a
     * simulation, and as an interrupt ({@link Vcpus.Interrupts}) under threads.
     */
    public boolean writebackPage(int file, int page) {
        enter();
        try {
            Inode ino = cache.inode(file);
            PageCache.checkPage(ino, page);
            return cache.writebackPage(ino, page, false);
        } finally {
            leave();
        }
    }

    /**
     * The interrupt for a completed write-back of the page in {@code frame} (end_page_writeback):
     * it takes no lock that waits and may find the page's state-change lock held by the vCPU it
     * interrupted. Only from {@link Vcpus.Interrupts#take}, at an interrupt window.
     */
    public void endWriteback(int frame) {
        checkFrame(frame);
        cache.endWriteback(frame);
    }

    /** The flusher: writes back every file dirtied at least the dirty-expire time before {@code now}. */
    public void writeback(long now) {
        enter();
        try {
            cache.writeback().writebackExpired(now);
        } finally {
            leave();
        }
    }

    /** sync(2): writes back every dirty page now. */
    public void sync() {
        enter();
        try {
            cache.writeback().sync();
        } finally {
            leave();
        }
    }

    // ---- processes and anonymous memory

    /** Creates a process with an empty heap; returns its id. */
    public int createProcess() {
        enter();
        try {
            return anon.createProcess();
        } finally {
            leave();
        }
    }

    /** Maps a region of {@code pages} anonymous pages; returns its first page. Frames come on first touch. */
    public int malloc(int pid, int pages) {
        enter();
        try {
            return anon.malloc(pid, pages);
        } finally {
            leave();
        }
    }

    /** Unmaps the region that starts at {@code start}: its frames and swap slots are freed. */
    public void free(int pid, int start) {
        enter();
        try {
            anon.free(pid, start, runs);
        } finally {
            leave();
        }
    }

    /** A load or store of anonymous page {@code page}: the token seen or written, or {@link #NO_MEMORY}. */
    public long touchAnon(int pid, int page, boolean store) {
        enter();
        try {
            return anon.touch(pid, page, store);
        } finally {
            leave();
        }
    }

    /**
     * {@link #touchAnon} of the {@code pages} pages from {@code start}, in order, each a kernel
     * entry: returns how many it touched before one found no memory ({@code pages} if none did).
     * Stores to fresh pages (mapped, never given a frame) are taken a run at a time, one entry for
     * the run, wherever that entry does exactly what the run's entries would
     * ({@code AnonMemory.storeFreshRun}): with one vCPU of a simulation
     * ({@link Vcpus#atomicEntries}), whose preemption points, interrupt windows and retired-frame
     * releases are no-ops; on 4 KiB frames; and with no kswapd wanted at the start, so that the
     * quiescent points between the run's entries, where free pages stay at or above the low
     * watermark, would do nothing. Every other touch is an entry of its own.
     */
    public int touchAnonRun(int pid, int start, int pages, boolean store) {
        int done = 0;
        while (done < pages) {
            enter();
            try {
                int n = store && runMayStart() ? anon.storeFreshRun(pid, start + done, pages - done) : 0;
                if (n == 0) {
                    if (anon.touch(pid, start + done, store) == NO_MEMORY) {
                        return done;
                    }
                    n = 1;
                }
                done += n;
            } finally {
                leave();
            }
        }
        return done;
    }

    /** Process exit: every region is freed. */
    public void exit(int pid) {
        enter();
        try {
            anon.exit(pid, runs);
        } finally {
            leave();
        }
    }

    // ---- pages

    /**
     * alloc_pages as a kernel entry: allocates {@code 1 << order} aligned frames through the
     * watermarks, reclaiming if needed; the first frame, or {@link #NO_PAGE}. The frames are
     * stable and belong to the caller. A driver, which runs inside the kernel, allocates through
     * {@link DriverApi} instead.
     */
    public int allocPages(int order) {
        enter();
        try {
            return allocator.allocPages(order);
        } finally {
            leave();
        }
    }

    /** free_pages as a kernel entry: frees a block from {@link #allocPages}; it becomes unused. */
    public void freePages(int frame, int order) {
        enter();
        try {
            buddy.free(frame, order);
        } finally {
            leave();
        }
    }

    /**
     * Whether {@code frame} holds a page the guest may read: a page-cache or anonymous page. Free,
     * retired and driver-held frames (a balloon's, a free page hint's) hold none; their content
     * does not matter to the guest, which is what a check of a migrated guest's memory needs.
     */
    public boolean holdsPage(int frame) {
        checkFrame(frame);
        return map.owner(frame) != MemMap.NO_OWNER;
    }

    /** Frames on the free lists. */
    public long freeFrames() {
        return buddy.freePages();
    }

    /** Free blocks of one order. */
    public int freeBlocks(int order) {
        return buddy.freeBlocks(order);
    }

    // ---- transcendent memory frontends (cleancache, frontswap)

    /**
     * Connects a cleancache backend: clean page-cache pages that reclaim drops are offered to
     * it, and page-cache misses ask it before the disk (see {@link Cleancache}). Null disconnects.
     */
    public void setCleancache(Cleancache backend) {
        cache.setCleancache(backend);
    }

    /**
     * Connects a frontswap backend: swap-outs offer pages to it before the swap device, swap-ins
     * ask it first (see {@link Frontswap}). Only a kernel with a swap device swaps. Null disconnects.
     */
    public void setFrontswap(Frontswap backend) {
        anon.setFrontswap(backend);
    }

    // ---- discard faults and quiescence

    /**
     * The discard-fault handler (program check 0x1a on {@code frame}) as a kernel entry of its own:
     * drops the page in the frame from the page cache or its process and from every mapping, and
     * retires the frame. The faulting access must then be retried. Safe to call for a frame whose
     * page is gone already.
     */
    public void handleDiscardFault(int frame) {
        checkFrame(frame);
        enter();
        try {
            handler.handle(frame);
        } finally {
            leave();
        }
    }

    /**
     * A quiescent point: retired frames are released if no other vCPU may still use them; then
     * background reclaim runs if free pages are below the low watermark. The kernel reaches one at
     * the end of every kernel entry.
     */
    void quiescentPoint() {
        retired.release();
        if (allocator.kswapdWanted()) {
            allocator.kswapdDone();
            reclaim.kswapd();
            retired.release();
        }
    }

    /**
     * Checks the kernel's own invariants while no vCPU is in a kernel entry, and throws an
     * {@link IllegalStateException} naming the first frame that breaks one: every frame is in
     * exactly one place (a free block, the page cache, a process, retired, or held by a driver as
     * {@code heldByDrivers} says), a page's index entry and its frame's reverse map agree, no page
     * is pinned but by its write-back in flight, none is locked, and with hints on every free frame is unused and
     * every page in use is not, as ESSA reports them.
     */
    public void checkAtRest(java.util.function.IntPredicate heldByDrivers) {
        int frames = map.frames();
        byte[] place = new byte[frames];
        for (int order = 0; order <= MAX_ORDER; order++) {
            for (int b = buddy.firstFree(order); b != MemMap.NIL; b = buddy.nextFree(b)) {
                for (int f = b; f < b + (1 << order); f++) {
                    place(place, f, 1, "free");
                }
            }
        }
        for (Inode ino : cache.inodes()) {
            for (int p = index.nextPresent(ino, 0); p >= 0; p = index.nextPresent(ino, p + 1)) {
                placePage(place, ino, p, 2);
            }
        }
        for (Process proc : anon.processes()) {
            for (int p = index.nextPresent(proc, 0); p >= 0; p = index.nextPresent(proc, p + 1)) {
                if (index.frame(proc, p) != NO_PAGE) {
                    placePage(place, proc, p, 3);
                }
            }
        }
        boolean hinted = config.hinting() != GuestHinting.NONE && !config.largeFrames();
        for (int f = 0; f < frames; f++) {
            if (retired.holds(f)) {
                place(place, f, 4, "retired");
            }
            if (place[f] == 0 && !heldByDrivers.test(f)) {
                throw new IllegalStateException("frame " + f + " is neither free, cached, anonymous, retired nor a driver's: leaked");
            }
            int io = map.test(f, PageFlags.WRITEBACK) ? 1 : 0; // a write-back in flight holds its page
            if (map.pins(f) != io || map.isPageLocked(f)) {
                throw new IllegalStateException("frame " + f + " has " + map.pins(f) + " pins"
                        + (map.isPageLocked(f) ? " and its state-change lock held" : "") + " at rest, with "
                        + io + " write-back in flight");
            }
            if (hinted && (place[f] == 1 || place[f] == 2 || place[f] == 3)) {
                boolean unused = org.cmmalab.pagestates.FrameState.usage(memory.essa(f, org.cmmalab.pagestates.Orc.GET_STATE))
                        == org.cmmalab.pagestates.UsageState.UNUSED;
                if (unused != (place[f] == 1)) {
                    throw new IllegalStateException("frame " + f + (place[f] == 1 ? " is free but not unused" : " holds a page but is unused"));
                }
            }
        }
    }

    private void placePage(byte[] place, AddressSpace space, int pgoff, int what) {
        int f = index.frame(space, pgoff);
        place(place, f, what, space + " page " + pgoff);
        if (index.ownerOf(f) != space || index.pgoffOf(f) != pgoff) {
            throw new IllegalStateException("frame " + f + " holds " + space + " page " + pgoff + " but maps back elsewhere");
        }
    }

    private static void place(byte[] place, int frame, int what, String as) {
        if (place[frame] != 0) {
            throw new IllegalStateException("frame " + frame + " is in two places: the second as " + as);
        }
        place[frame] = (byte) what;
    }

    /**
     * The kernel's own bookkeeping on the heap, in bytes: page descriptors, page index and
     * reverse map, file and process directories. Not counted: the frame table (the machine's),
     * the files' disk contents and written versions and the processes' versions (the disk and
     * the checker), and the swap device's contents (the disk).
     */
    public long bookkeepingBytes() {
        return map.bytes() + index.bytes() + cache.bytes() + anon.bytes();
    }

    /** An {@link IllegalArgumentException} naming {@code frame} unless it is one of the guest's. */
    void checkFrame(int frame) {
        if (frame < 0 || frame >= map.frames()) {
            throw new IllegalArgumentException("frame " + frame + " is outside frames 0.." + (map.frames() - 1));
        }
    }
}
