package org.cmmalab.guestmm;

import org.cmmalab.pagestates.Orc;

/**
 * Freeing of page frames, with deferred reuse of discarded ones (docs/state-model.md section 6, race 3).
 *
 * <p>A vCPU that touched a discarded page has a discard fault in flight until its handler has
 * run. If the frame were freed and reused meanwhile, that late handler would find another page in
 * it and drop the wrong one. So a frame whose content was discarded ({@code Vz}), whether the
 * discard-fault handler, SET_STABLE_IF_RESIDENT or reclaim found it so, is made unused at once
 * (SET_UNUSED, whose returned old state is how reclaim learns of the discard) but is held on the
 * quarantine list instead of the free lists, until {@link #release} at a quiescent point: a
 * moment at which every vCPU that might fault on it has moved on, an RCU grace period in a
 * multi-vCPU kernel. This kernel runs one vCPU, which is outside every fault handler at the end
 * of each kernel entry, when an allocation enters the slow path and while reclaim runs; those
 * are its quiescent points. Frames that were never discarded go straight back to the buddy
 * allocator.
 */
final class Quarantine {
    private final MemMap map;
    private final PageLists lists;
    private final Hints hints;
    private final BuddyAllocator buddy;
    private final GuestCounters counters;

    Quarantine(MemMap map, PageLists lists, Hints hints, BuddyAllocator buddy, GuestCounters counters) {
        this.map = map;
        this.lists = lists;
        this.hints = hints;
        this.buddy = buddy;
        this.counters = counters;
    }

    /** Frees the frame of a page that has left its address space and the LRU. */
    void freePage(int frame) {
        map.setFlags(frame, 0);
        if (!hints.makesVolatile()) {
            buddy.free(frame, 0);
            return;
        }
        int old = hints.essa(frame, Orc.SET_UNUSED);
        if (Hints.discarded(old)) {
            map.set(frame, PageFlags.QUARANTINED);
            lists.addHead(PageLists.QUARANTINE, frame);
            counters.quarantined++;
        } else {
            buddy.freeUnused(frame);
        }
    }

    /** A quiescent point: held frames may be reused now. */
    void release() {
        for (int frame = lists.head(PageLists.QUARANTINE); frame != MemMap.NIL;
             frame = lists.head(PageLists.QUARANTINE)) {
            lists.remove(PageLists.QUARANTINE, frame);
            map.setFlags(frame, 0);
            buddy.freeUnused(frame);
        }
    }

    int size() {
        return lists.size(PageLists.QUARANTINE);
    }

    boolean holds(int frame) {
        return map.test(frame, PageFlags.QUARANTINED);
    }
}
