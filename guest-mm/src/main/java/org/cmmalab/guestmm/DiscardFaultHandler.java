package org.cmmalab.guestmm;

/**
 * The guest's discard-fault handler (program check 0x1a, docs/state-model.md section 3): the host found the
 * frame {@code Vz} on a guest access. The handler finds the page through the reverse map,
 * removes it from the page cache and from every mapping and frees the frame without touching it,
 * through the {@link Quarantine}, so that the frame is not reused before the next quiescent
 * point. The faulting access then retries, misses and reads the page again from its file.
 *
 * <p>It may run more than once for one discard (two vCPUs faulting on the same frame, or the
 * kernel's own retry and a delivery module): a frame that no longer holds a page, because an
 * earlier run or SET_STABLE_IF_RESIDENT already dropped it, is left alone. An anonymous page is
 * made volatile only while it is clean in the swap cache, so it goes back to its swap slot; a
 * discard of any other anonymous page means the host broke the protocol, and the page is lost.
 */
final class DiscardFaultHandler {
    private final PageIndex index;
    private final PageCache cache;
    private final GuestCounters counters;
    private AnonMemory anon;

    DiscardFaultHandler(PageIndex index, PageCache cache, GuestCounters counters) {
        this.index = index;
        this.cache = cache;
        this.counters = counters;
    }

    /** Completes the cycle handler, anonymous memory, handler. */
    void attach(AnonMemory anon) {
        this.anon = anon;
    }

    void handle(int frame) {
        counters.discardFaults++;
        AddressSpace owner = index.ownerOf(frame);
        if (owner == null) {
            return;
        }
        int pgoff = index.pgoffOf(frame);
        if (owner.anon()) {
            anon.dropDiscarded((Process) owner, pgoff, frame);
        } else {
            cache.dropDiscarded((Inode) owner, pgoff, frame);
        }
    }
}
