package org.cmmalab.guestmm;

/**
 * Reclaim of chosen pages, after Linux {@code reclaim_pages} ({@code mm/vmscan.c}, Linux 6.7): a
 * page is taken off its LRU list and run through {@code shrink_folio_list} without ignoring
 * references. Its referenced flag is cleared first (as {@code damon_pa_pageout} does); a page
 * accessed through a page table since reclaim last looked is kept (anonymous: activated) and loses
 * its young bit, so that the next attempt takes it; clean page cache is dropped; dirty page cache
 * is marked for reclaim and activated (only kswapd writes file pages from reclaim); anonymous
 * pages are swapped out (to a frontswap backend if one is connected), or activated when no slot is
 * left. Freed frames are retired, as reclaim's are. DAMON_RECLAIM's page-out and the reclaim of an
 * allocation limited to part of memory ({@link DriverApi#allocPageBelow}) use it.
 */
final class ReclaimPages {
    private final MemMap map;
    private final Lru lru;
    private final PageCache cache;
    private final AnonMemory anon;

    ReclaimPages(MemMap map, Lru lru, PageCache cache, AnonMemory anon) {
        this.map = map;
        this.lru = lru;
        this.cache = cache;
        this.anon = anon;
    }

    /** Reclaims the page in {@code frame} if it holds one on an LRU list; whether the page left. */
    boolean reclaim(int frame) {
        if (!lru.holdsPage(frame)) {
            return false;
        }
        map.clear(frame, PageFlags.REFERENCED);
        boolean isAnon = map.test(frame, PageFlags.ANON);
        if (map.testAndClear(frame, PageFlags.YOUNG)) {
            if (isAnon) {
                lru.activate(frame);
            } else {
                map.set(frame, PageFlags.REFERENCED);
                lru.rotate(frame);
            }
            return false;
        }
        if (isAnon) {
            if (anon.reclaimPage(frame)) {
                return true;
            }
            lru.activate(frame);
            return false;
        }
        if (map.test(frame, PageFlags.DIRTY)) {
            map.set(frame, PageFlags.RECLAIM);
            lru.activate(frame);
            return false;
        }
        return cache.reclaimPage(frame, false);
    }
}
