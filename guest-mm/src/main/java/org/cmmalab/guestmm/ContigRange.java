package org.cmmalab.guestmm;

import java.util.BitSet;

/**
 * {@code alloc_contig_range} ({@code mm/page_alloc.c}) for movable memory: takes a range of frames
 * from the guest, emptying it first, as virtio-mem's {@code virtio_mem_fake_offline} asks it to.
 * The range is isolated in the buddy allocator ({@link BuddyAllocator#isolateRange}: its free
 * frames are taken, and frames freed there later stay out of reach); its clean page cache is
 * dropped ({@code reclaim_clean_pages_from_list}); every other page in it on an LRU list
 * (anonymous, or dirty) is migrated ({@link PageMigration}). A frame left that is neither taken
 * nor movable (a driver's, a page busy under write-back or pinned) makes the range busy: every
 * frame taken goes back and the caller tries another range or later. Migration that finds no
 * memory fails the request the same way. On success the range is the caller's, allocated, as
 * {@link DriverApi#allocPagesNoReclaim}'s blocks are, and the descriptors of its whole 2 MiB
 * chunks are dropped: the caller keeps nothing in them, as a balloon does not.
 */
final class ContigRange {
    /** {@link #alloc}'s answers. */
    static final int DONE = 0;
    static final int BUSY = 1;
    static final int NO_MEMORY = 2;

    private final BuddyAllocator buddy;
    private final MemMap map;
    private final Lru lru;
    private final PageCache cache;
    private final PageMigration migration;

    ContigRange(BuddyAllocator buddy, MemMap map, Lru lru, PageCache cache, PageMigration migration) {
        this.buddy = buddy;
        this.map = map;
        this.lru = lru;
        this.cache = cache;
        this.migration = migration;
    }

    /** Takes frames {@code lo} to {@code lo + n}: {@link #DONE} with all of them the caller's, or {@link #BUSY} or {@link #NO_MEMORY} with none. */
    int alloc(int lo, int n) {
        BitSet taken = new BitSet(n);
        buddy.isolateRange(lo, lo + n, (frame, order) -> taken.set(frame - lo, frame - lo + (1 << order)));
        int result = DONE;
        try {
            for (int f = lo; f < lo + n; f++) {
                if (!taken.get(f - lo) && lru.holdsPage(f) && !map.test(f, PageFlags.ANON | PageFlags.DIRTY)) {
                    cache.reclaimPage(f, false); // reclaim_clean_pages_from_list: clean cache is dropped, not moved
                }
            }
            for (int f = lo; f < lo + n && result == DONE; f++) {
                if (taken.get(f - lo)) {
                    continue;
                }
                switch (migration.migrate(f)) {
                    case PageMigration.MOVED, PageMigration.GONE_PAGE -> { }
                    case PageMigration.NO_MEMORY -> result = NO_MEMORY;
                    default -> result = BUSY;
                }
            }
            if (result == DONE && taken.cardinality() != n) {
                result = BUSY; // a moved or dropped page's frame still retired
            }
        } finally {
            buddy.undoIsolateRange();
        }
        if (result == DONE) {
            for (int chunk = lo + MemMap.CHUNK - 1 & -MemMap.CHUNK; chunk + MemMap.CHUNK <= lo + n; chunk += MemMap.CHUNK) {
                map.dropIfClear(chunk); // the caller keeps nothing in their descriptors, as a balloon
            }
        } else {
            for (int i = taken.nextSetBit(0); i >= 0; ) {
                int end = taken.nextClearBit(i);
                buddy.freeRun(lo + i, lo + end - 1);
                i = taken.nextSetBit(end);
            }
        }
        return result;
    }
}
