package org.cmmalab.guestmm;

import static org.cmmalab.guestmm.PageFlags.ANON;
import static org.cmmalab.guestmm.PageFlags.DIRTY;
import static org.cmmalab.guestmm.PageFlags.REFERENCED;
import static org.cmmalab.guestmm.PageFlags.YOUNG;

/**
 * Guest page reclaim, after Linux {@code mm/vmscan.c} with the classic two-list LRU.
 *
 * <p>Reclaim runs by priority, from {@link #DEF_PRIORITY} down to 0, scanning
 * {@code size >> priority} pages of each list per round until enough pages are free.
 * {@code get_scan_count} decides which lists: file only when there is no swap to go to, or while
 * the inactive file list is not low (cache-trim mode: plenty of page cache to drop, so the
 * anonymous working set is left alone); anonymous only when page cache plus free pages are below
 * the high watermark; otherwise both, anonymous weighted by {@code swappiness} 60 out of 200.
 * When an inactive list is small next to its active list ({@code inactive_is_low}, ratio
 * {@code sqrt(10 * GiB)}), the active list's tail is first moved to the inactive head.
 *
 * <p>For each page from an inactive tail, {@code folio_check_references}: a page whose young bit
 * was set through a page table is activated if anonymous or also referenced, otherwise marked
 * referenced and kept; an unmapped file page referenced once is reclaimed only if clean; anything
 * else is reclaimed. Clean page cache goes first: the first time reclaim meets a dirty file page it
 * only marks it for reclaim ({@link PageFlags#RECLAIM}, Linux's {@code PG_reclaim}, with which
 * reclaim hands the page to the flusher threads) and moves on; it writes the page back and frees
 * it when it meets it again, by which time every clean page ahead of it has gone. Anonymous pages
 * are swapped out, or activated when no swap slot is left.
 *
 * <p>Reclaim runs only at quiescent points (kswapd at the end of a kernel entry, direct reclaim in
 * the allocator's slow path), so the frames it retires are released ({@link RetiredFrames}) after
 * every round unless another vCPU may still use them. It walks the LRU lists and must find them as
 * it left them, so it runs with preemption disabled ({@link Vcpus}): it only tries each page's
 * state-change lock and leaves locked and pinned pages where they are, as {@code shrink_folio_list}
 * does with {@code folio_trylock}.
 *
 * <p>Background reclaim (kswapd's {@code balance_pgdat}) runs until the high watermark is met;
 * direct reclaim until the allocation fits above min. After {@link #MAX_RECLAIM_RETRIES}
 * fruitless runs kswapd sleeps until some reclaim succeeds again, as
 * {@code pgdat->kswapd_failures} makes it.
 */
final class Reclaim {
    static final int DEF_PRIORITY = 12;
    static final int SWAPPINESS = 60;
    static final int MAX_RECLAIM_RETRIES = 16;

    /** File lists first: clean page cache is the cheapest to reclaim. */
    private static final int[] INACTIVE_LISTS = {PageLists.INACTIVE_FILE, PageLists.INACTIVE_ANON};
    private static final int REF_KEEP = 0;
    private static final int REF_ACTIVATE = 1;
    private static final int REF_RECLAIM_CLEAN = 2;
    private static final int REF_RECLAIM = 3;

    private final MemMap map;
    private final Lru lru;
    private final PageCache cache;
    private final AnonMemory anon;
    private final BuddyAllocator buddy;
    private final Watermarks marks;
    private final RetiredFrames retired;
    private final Vcpus vcpus;
    private final GuestCounters counters;
    private final long[] scan = new long[PageLists.COUNT];
    private int kswapdFailures;

    Reclaim(MemMap map, Lru lru, PageCache cache, AnonMemory anon, BuddyAllocator buddy,
            Watermarks marks, RetiredFrames retired, Vcpus vcpus, GuestCounters counters) {
        this.map = map;
        this.lru = lru;
        this.cache = cache;
        this.anon = anon;
        this.buddy = buddy;
        this.marks = marks;
        this.retired = retired;
        this.vcpus = vcpus;
        this.counters = counters;
    }

    /** kswapd: reclaims until the high watermark is met, unless it has failed too often. */
    void kswapd() {
        if (kswapdFailures >= MAX_RECLAIM_RETRIES) {
            return;
        }
        counters.kswapdRuns++;
        if (reclaimUntil(marks.high()) == 0) {
            kswapdFailures++;
        }
    }

    /** Direct reclaim: until {@code target} pages are free or nothing more can be reclaimed. */
    void direct(long target) {
        reclaimUntil(target);
    }

    private long reclaimUntil(long target) {
        long reclaimed = 0;
        vcpus.preemptDisable();
        try {
            for (int priority = DEF_PRIORITY; priority >= 0 && buddy.freePages() < target; priority--) {
                reclaimed += shrinkNode(priority, target - buddy.freePages());
                retired.release();
            }
        } finally {
            vcpus.preemptEnable();
        }
        if (reclaimed > 0) {
            kswapdFailures = 0;
        }
        return reclaimed;
    }

    private long shrinkNode(int priority, long wanted) {
        scanCounts(priority);
        long reclaimed = 0;
        for (int inactive : INACTIVE_LISTS) {
            if (reclaimed >= wanted) {
                break;
            }
            int active = inactive + 1;
            if (scan[inactive] + scan[active] == 0) {
                continue;
            }
            if (inactiveIsLow(inactive)) {
                shrinkActive(active, scan[active]);
            }
            reclaimed += shrinkInactive(inactive, scan[inactive], wanted - reclaimed);
        }
        return reclaimed;
    }

    /** get_scan_count, without the refault-driven cost balancing. */
    private void scanCounts(int priority) {
        long file = lru.size(PageLists.INACTIVE_FILE) + lru.size(PageLists.ACTIVE_FILE);
        long anonPages = lru.size(PageLists.INACTIVE_ANON) + lru.size(PageLists.ACTIVE_ANON);
        long fileShare;
        if (!anon.canSwap() || anonPages == 0) {
            fileShare = 200;
        } else if (file + buddy.freePages() <= marks.high()) {
            fileShare = 0;
        } else if (!inactiveIsLow(PageLists.INACTIVE_FILE)
                && lru.size(PageLists.INACTIVE_FILE) >> priority > 0) {
            fileShare = 200;
        } else {
            fileShare = 200 - SWAPPINESS;
        }
        for (int list = PageLists.INACTIVE_ANON; list <= PageLists.ACTIVE_FILE; list++) {
            long share = list >= PageLists.INACTIVE_FILE ? fileShare : 200 - fileShare;
            long base = (long) lru.size(list) >> priority;
            scan[list] = (base * share + 199) / 200;
        }
    }

    private boolean inactiveIsLow(int inactive) {
        long in = lru.size(inactive);
        long act = lru.size(inactive + 1);
        long gb = (in + act) >> 18;
        long ratio = gb == 0 ? 1 : (long) Math.sqrt(10.0 * gb);
        return in * ratio < act;
    }

    /** shrink_active_list: the active tail moves to the inactive head; young bits are consumed. */
    private void shrinkActive(int active, long nr) {
        for (int frame = lru.tail(active); frame != MemMap.NIL && nr-- > 0; ) {
            int next = lru.towardHead(frame);
            counters.reclaimScans++;
            map.clear(frame, YOUNG);
            lru.deactivate(frame);
            frame = next;
        }
    }

    /** shrink_inactive_list and shrink_folio_list. */
    private long shrinkInactive(int inactive, long nr, long wanted) {
        long reclaimed = 0;
        for (int frame = lru.tail(inactive); frame != MemMap.NIL && nr-- > 0 && reclaimed < wanted; ) {
            int next = lru.towardHead(frame);
            counters.reclaimScans++;
            int verdict = checkReferences(frame);
            if (verdict == REF_ACTIVATE) {
                lru.activate(frame);
            } else if (verdict == REF_KEEP) {
                lru.rotate(frame);
            } else if (evict(frame, verdict == REF_RECLAIM)) {
                reclaimed++;
                counters.reclaimedPages++;
            } else if (map.test(frame, ANON)) {
                lru.activate(frame);
            } else {
                lru.rotate(frame);
            }
            frame = next;
        }
        return reclaimed;
    }

    private boolean evict(int frame, boolean mayWrite) {
        if (map.test(frame, ANON)) {
            return anon.reclaimPage(frame);
        }
        if (map.test(frame, DIRTY) && !map.testAndClear(frame, PageFlags.RECLAIM)) {
            map.set(frame, PageFlags.RECLAIM);
            return false;
        }
        return cache.reclaimPage(frame, mayWrite);
    }

    /** folio_check_references. */
    private int checkReferences(int frame) {
        boolean young = map.testAndClear(frame, YOUNG);
        boolean referenced = map.testAndClear(frame, REFERENCED);
        boolean isAnon = map.test(frame, ANON);
        if (young) {
            if (isAnon || referenced) {
                return REF_ACTIVATE;
            }
            map.set(frame, REFERENCED);
            return REF_KEEP;
        }
        return referenced && !isAnon ? REF_RECLAIM_CLEAN : REF_RECLAIM;
    }
}
