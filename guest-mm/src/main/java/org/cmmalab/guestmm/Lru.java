package org.cmmalab.guestmm;

import static org.cmmalab.guestmm.PageFlags.ACTIVE;
import static org.cmmalab.guestmm.PageFlags.ANON;
import static org.cmmalab.guestmm.PageFlags.BUDDY;
import static org.cmmalab.guestmm.PageFlags.IDLE;
import static org.cmmalab.guestmm.PageFlags.LRU;
import static org.cmmalab.guestmm.PageFlags.REFERENCED;
import static org.cmmalab.guestmm.PageFlags.YOUNG;

/**
 * The four evictable LRU lists of Linux ({@code include/linux/mmzone.h}): inactive and active,
 * each for anonymous and for file pages, and the moves between them from {@code mm/swap.c}.
 *
 * <p>A new page goes to the head of its inactive list ({@code lru_cache_add}). An access through
 * a system call marks it ({@code folio_mark_accessed}): the first sets {@link PageFlags#REFERENCED},
 * the second, with the page still inactive, activates it. Accesses through page tables only set
 * the young bit, which reclaim reads ({@link Reclaim}). Reclaim takes pages from the tails. Both
 * kinds of access clear the page's idle flag ({@link PageFlags#IDLE}), DAMON's access check, in
 * the same update of the descriptor.
 */
final class Lru {
    private final MemMap map;
    private final PageLists lists;

    Lru(MemMap map, PageLists lists) {
        this.map = map;
        this.lists = lists;
    }

    /** The list a page on the LRU is on, from its flags. */
    int listOf(int frame) {
        int flags = map.flags(frame);
        int base = (flags & ANON) != 0 ? PageLists.INACTIVE_ANON : PageLists.INACTIVE_FILE;
        return (flags & ACTIVE) != 0 ? base + 1 : base;
    }

    /** lru_cache_add: a new page joins the head of its inactive list. */
    void add(int frame) {
        map.set(frame, LRU);
        lists.addHead(listOf(frame), frame);
    }

    /**
     * {@link #add} of the {@code count} new pages in frames {@code first} onward, in frame order,
     * all bound for the same list (their flags agree), with one write of each frame's links.
     */
    void addRun(int first, int count) {
        for (int f = first; f < first + count; f++) {
            map.set(f, LRU);
        }
        lists.addHeadRun(listOf(first), first, count);
    }

    /** Takes a page off its list for good (it is being freed). */
    void remove(int frame) {
        if (map.test(frame, LRU)) {
            lists.remove(listOf(frame), frame);
            map.clear(frame, LRU | ACTIVE | REFERENCED);
        }
    }

    /**
     * {@link #remove} of the pages in frames {@code first} to {@code first + count - 1}, in that
     * order. Pages that still lie next to each other on one list as {@link #addRun} linked them
     * leave it as one segment ({@link PageLists#removeSegment}); the lists end as the removals one
     * by one leave them.
     */
    void removeRun(int first, int count) {
        for (int i = 0; i < count; ) {
            int f = first + i;
            if (!map.test(f, LRU)) {
                i++;
                continue;
            }
            int list = listOf(f);
            int j = i + 1;
            while (j < count && map.prev(first + j - 1) == first + j && map.test(first + j, LRU)
                    && listOf(first + j) == list) {
                j++;
            }
            lists.removeSegment(list, f, j - i);
            for (int g = f; g < first + j; g++) {
                map.clear(g, LRU | ACTIVE | REFERENCED);
            }
            i = j;
        }
    }

    /** folio_mark_accessed, which also clears the page's idle flag ({@code folio_clear_idle}). */
    void markAccessed(int frame) {
        if ((map.flags(frame) & (ACTIVE | REFERENCED)) == REFERENCED) {
            map.clear(frame, REFERENCED | IDLE);
            activate(frame);
        } else {
            map.update(frame, IDLE, REFERENCED);
        }
    }

    /** An access through a page table: the PTE's young bit, which reclaim reads, and no longer idle to DAMON. */
    void pteAccessed(int frame) {
        map.update(frame, IDLE, YOUNG);
    }

    /**
     * Whether {@code frame} holds a page on an LRU list. For a frame found by address (DAMON's
     * sample, a range being emptied) rather than on a list: it may be anything, and a free block's
     * head carries its order in the bits the LRU flags use ({@link PageFlags#ORDER_MASK}).
     */
    boolean holdsPage(int frame) {
        return (map.flags(frame) & (BUDDY | LRU)) == LRU && map.owner(frame) != MemMap.NO_OWNER;
    }

    /**
     * Page migration's move on the LRU: the page in {@code from} leaves its list and the page now in
     * {@code to}, with {@code flags}, joins the head of the same list ({@code folio_putback_lru}).
     */
    void replace(int from, int to, int flags) {
        int list = listOf(from);
        lists.remove(list, from);
        map.setFlags(to, flags);
        lists.addHead(list, to);
    }

    /** Moves an inactive page to the head of its active list. */
    void activate(int frame) {
        int from = listOf(frame);
        if (!map.test(frame, ACTIVE)) {
            map.set(frame, ACTIVE);
            lists.move(from, listOf(frame), frame);
        }
    }

    /** Moves an active page to the head of its inactive list. */
    void deactivate(int frame) {
        int from = listOf(frame);
        if (map.test(frame, ACTIVE)) {
            map.clear(frame, ACTIVE);
            lists.move(from, listOf(frame), frame);
        }
    }

    /** Moves a page to the head of the list it is on: reclaim looked at it and keeps it. */
    void rotate(int frame) {
        int list = listOf(frame);
        lists.move(list, list, frame);
    }

    int size(int list) {
        return lists.size(list);
    }

    int tail(int list) {
        return lists.tail(list);
    }

    /** The page after {@code frame} toward the head, for scanning from the tail. */
    int towardHead(int frame) {
        return map.prev(frame);
    }
}
