package org.cmmalab.guestmm;

/**
 * A driver that follows the buddy allocator ({@link DriverApi#addBuddyListener}): told after
 * every allocation and every free, inside the allocator, so it must not allocate or free pages
 * itself, nor read the free lists: a run of allocations or frees taken in one step (a buddy block
 * taken whole for a run of first touches, a run of frames freed as whole blocks) tells it of each
 * frame or block with the lists as that step leaves them, not as the page-by-page calls would at
 * that point. Linux has such hooks at the same two points: {@code arch_alloc_page} and
 * {@code arch_free_page} (where a per-page recycler marks and unmarks), and
 * {@code page_reporting_notify_free} at the end of {@code __free_one_page} (which sees the order
 * after merging).
 */
public interface BuddyListener {
    /** A block of {@code 1 << order} frames from {@code frame} was allocated. */
    default void allocated(int frame, int order) {
    }

    /**
     * The block of {@code 1 << order} frames from {@code frame} was freed; merged with its free
     * buddies it is now the free block of order {@code mergedOrder} whose head is {@code head}.
     */
    default void freed(int frame, int order, int head, int mergedOrder) {
    }
}
