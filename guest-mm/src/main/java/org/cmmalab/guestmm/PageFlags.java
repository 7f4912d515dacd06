package org.cmmalab.guestmm;

/**
 * The bits of a page descriptor's flags ({@link MemMap}), after Linux
 * {@code include/linux/page-flags.h}. A free block's head carries {@link #BUDDY} and its order in
 * {@link #ORDER_MASK}; every other bit belongs to a page in use, so the two sets may overlap.
 */
final class PageFlags {
    /** Head of a free block on a buddy free list (PG_buddy); the low bits hold its order. */
    static final int BUDDY = 1 << 15;
    /** The order of a free block, valid with {@link #BUDDY}. */
    static final int ORDER_MASK = 0xF;
    /**
     * A free block's head whose frames free page reporting has handed to the host (PG_reported,
     * Linux {@code mm/page_reporting.c}), valid with {@link #BUDDY}: allocation and merging clear
     * it, since both take the block off its free list.
     */
    static final int REPORTED = 1 << 13;

    /** On one of the four LRU lists (PG_lru). */
    static final int LRU = 1;
    /** On the active rather than the inactive list (PG_active). */
    static final int ACTIVE = 1 << 1;
    /** Accessed through a system call since the last scan (PG_referenced). */
    static final int REFERENCED = 1 << 2;
    /** Accessed through a page table since the last scan: the PTE young bit, summed over mappings. */
    static final int YOUNG = 1 << 3;
    /** Holds data its backing store does not have yet (PG_dirty). */
    static final int DIRTY = 1 << 4;
    /** An anonymous page, backed by swap (PG_swapbacked). */
    static final int ANON = 1 << 5;
    /** An anonymous page that also has an unchanged copy in a swap slot (PG_swapcache). */
    static final int SWAPCACHE = 1 << 6;
    /** A page-cache page mapped into a process (page_mapped()). */
    static final int MAPPED = 1 << 7;
    /** A page-cache page mapped by a writable shared mapping. */
    static final int MAPPED_WRITE = 1 << 8;
    /**
     * The guest has made this page volatile or potentially volatile and not stable since: the
     * host may have discarded it, so the next use must start with SET_STABLE_IF_RESIDENT.
     */
    static final int HINTED = 1 << 9;
    /** A dirty page reclaim has met once and will write and free when it meets it again (PG_reclaim). */
    static final int RECLAIM = 1 << 11;
    /** A frame that left the page cache or anonymous memory and waits for reuse ({@link RetiredFrames}; race 3). */
    static final int RETIRED = 1 << 10;
    /** Write-back I/O of this page is in flight (PG_writeback); its completion clears it. */
    static final int WRITEBACK = 1 << 14;
    /**
     * Set at allocation when SET_STABLE's old state said the host holds no content for the frame
     * (content z): the frame reads as zeros without the guest clearing it.
     */
    static final int ZERO_CONTENT = 1 << 12;
    /**
     * Not accessed since DAMON last made it old (PG_idle, Linux {@code mm/page_idle.c}), valid on
     * a page in use: DAMON's {@code mkold} sets it on a page it samples, and every access clears
     * it, through a system call ({@code folio_mark_accessed}) or a page table (where Linux DAMON
     * reads the PTE's young bit). It shares its bit with {@link #REPORTED}, which is valid on a
     * free block's head only: every frame's flags are rewritten when it is allocated or freed.
     */
    static final int IDLE = REPORTED;

    private PageFlags() {
    }
}
