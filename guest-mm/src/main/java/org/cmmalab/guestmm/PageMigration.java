package org.cmmalab.guestmm;

import static org.cmmalab.guestmm.BuddyAllocator.NO_PAGE;

/**
 * Page migration, after Linux {@code mm/migrate.c} ({@code migrate_pages},
 * {@code move_to_new_folio}, {@code folio_migrate_mapping}, {@code folio_migrate_flags}): the page
 * in one frame moves to another, so that the first can be taken, as {@code alloc_contig_range}
 * does ({@link ContigRange}).
 *
 * <p>What is movable is what Linux moves here: a page-cache or anonymous page on an LRU list
 * ({@link Lru#holdsPage}). Every other allocated frame is unmovable in this model: pages a driver
 * holds (a balloon's, a compressed swap pool's, a free page hint's) and a driver's own data. Linux
 * can move balloon and zsmalloc pages as well; this model cannot.
 *
 * <p>A move: the target frame is allocated through the watermarks (which may reclaim, and may
 * even reclaim the page being moved: then there is nothing left to move); the page's owner locks
 * it, makes it stable and loads and checks its content ({@link PageCache#lockForMigration},
 * {@link AnonMemory#lockForMigration}), a page locked, pinned or under write-back being busy, as
 * Linux's {@code folio_trylock} and its reference count check make it; the content is stored into
 * the target, real accesses the host sees; the page's flags move with it except those of the frame
 * ({@link #FRAME_FLAGS}), it takes the old one's place on its LRU list (at the head, as
 * {@code folio_putback_lru} puts a migrated page) and in its owner's index, and the old frame is
 * retired. Only for guests of one vCPU: a vCPU stopped inside a kernel entry may hold a page's
 * frame number, which Linux's migration entries in the page tables would make it look up again and
 * this model has no such entry for.
 */
final class PageMigration {
    /** {@link #migrate}'s answers. */
    static final int MOVED = 0;
    static final int UNMOVABLE = 1;
    static final int NO_MEMORY = 2;
    /** The page left while it was being moved (reclaimed, or found discarded and dropped): the frame is free or retired. */
    static final int GONE_PAGE = 3;
    /** Locked, pinned or under write-back: try again later. */
    static final int BUSY_PAGE = 4;

    /** What an owner's {@code lockForMigration} returns for a busy page; no content token is negative. */
    static final long BUSY = Long.MIN_VALUE + 1;
    /** What an owner's {@code lockForMigration} returns for a page it dropped. */
    static final long GONE = Long.MIN_VALUE + 2;

    /**
     * Flags of the frame rather than the page, which stay behind: the hint mark (the target is
     * stable), deferred reuse and the zero content of a fresh allocation.
     */
    private static final int FRAME_FLAGS = PageFlags.HINTED | PageFlags.RETIRED | PageFlags.ZERO_CONTENT;

    private final MemMap map;
    private final PageIndex index;
    private final PageLocks locks;
    private final Lru lru;
    private final HintPoints hints;
    private final PageAllocator allocator;
    private final BuddyAllocator buddy;
    private final RetiredFrames retired;
    private final PageCache cache;
    private final AnonMemory anon;
    private final Vcpus vcpus;
    private final GuestCounters counters;

    PageMigration(MemMap map, PageIndex index, PageLocks locks, Lru lru, HintPoints hints, PageAllocator allocator,
                  BuddyAllocator buddy, RetiredFrames retired, PageCache cache, AnonMemory anon, Vcpus vcpus,
                  GuestCounters counters) {
        this.map = map;
        this.index = index;
        this.locks = locks;
        this.lru = lru;
        this.hints = hints;
        this.allocator = allocator;
        this.buddy = buddy;
        this.retired = retired;
        this.cache = cache;
        this.anon = anon;
        this.vcpus = vcpus;
        this.counters = counters;
    }

    /** Moves the page in {@code from} to a new frame: {@link #MOVED}, {@link #UNMOVABLE}, {@link #NO_MEMORY}, {@link #GONE_PAGE} or {@link #BUSY_PAGE}. */
    int migrate(int from) {
        if (vcpus.count() != 1) {
            throw new IllegalStateException("page migration is modelled for guests of one vCPU");
        }
        if (!lru.holdsPage(from)) {
            return UNMOVABLE;
        }
        int to = allocator.allocPages(0);
        if (to == NO_PAGE) {
            return NO_MEMORY;
        }
        if (!lru.holdsPage(from)) {
            buddy.free(to, 0); // the target's reclaim took the page
            return GONE_PAGE;
        }
        AddressSpace owner = index.ownerOf(from);
        int pgoff = index.pgoffOf(from);
        long content = map.test(from, PageFlags.ANON) ? anon.lockForMigration(from) : cache.lockForMigration(from);
        if (content == BUSY || content == GONE) {
            buddy.free(to, 0);
            return content == BUSY ? BUSY_PAGE : GONE_PAGE;
        }
        if (!vcpus.store(to, content)) {
            throw new IllegalStateException("frame " + to + " faulted as discarded right after its allocation");
        }
        int flags = map.flags(from) & ~FRAME_FLAGS;
        lru.replace(from, to, flags);
        index.set(owner, pgoff, PageIndex.frameEntry(to));
        if ((flags & PageFlags.ANON) == 0 ? (flags & PageFlags.DIRTY) == 0 : (flags & PageFlags.SWAPCACHE) != 0) {
            hints.matchesBacking(to); // the copy equals its backing store, as the old frame did
        }
        locks.release(from);
        retired.retire(from);
        counters.migratedPages++;
        return MOVED;
    }
}
