package org.cmmalab.guestmm;

/**
 * The guest's discard-fault handler (program check 0x1a, docs/state-model.md section 3): the host
 * found the frame {@code Vz} on a guest access. The handler knows only the frame: it finds the
 * page through the reverse map and, holding the page's state-change lock, removes it from the page
 * cache or its process and from every mapping, and retires the frame without touching it
 * ({@link RetiredFrames}). The faulting access then retries, misses and reads the page again.
 *
 * <p>It may run after the page has gone (race 3: another vCPU's handler or make-stable dropped
 * it first, or reclaim took it): the frame then holds no page, or, once the page was read
 * again, a page in another frame, and the handler leaves everything alone; the frame cannot hold
 * another page yet, since it is not reused before this vCPU moves on. An anonymous page is made
 * volatile only while it is clean in the swap cache, so it goes back to its swap slot; a discard
 * of any other anonymous page means the host broke the protocol, and the page is lost.
 */
final class DiscardFaultHandler {
    private final Vcpus vcpus;
    private final PageIndex index;
    private final PageCache cache;
    private final GuestCounters counters;
    private AnonMemory anon;

    DiscardFaultHandler(Vcpus vcpus, PageIndex index, PageCache cache, GuestCounters counters) {
        this.vcpus = vcpus;
        this.index = index;
        this.cache = cache;
        this.counters = counters;
    }

    /** Completes the cycle handler, anonymous memory, handler. */
    void attach(AnonMemory anon) {
        this.anon = anon;
    }

    /** A discard fault on {@code frame} was delivered to the current vCPU, which holds nothing of the page. */
    void handle(int frame) {
        counters.discardFaults++;
        vcpus.discardFault();
        AddressSpace owner = index.ownerOf(frame);
        if (owner == null) {
            counters.lateDiscardFaults++;
            return;
        }
        int pgoff = index.pgoffOf(frame);
        if (owner.anon()) {
            anon.dropDiscardedFault((Process) owner, pgoff, frame);
        } else {
            cache.dropDiscarded((Inode) owner, pgoff, frame);
        }
    }
}
