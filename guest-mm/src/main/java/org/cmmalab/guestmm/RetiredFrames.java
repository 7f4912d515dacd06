package org.cmmalab.guestmm;

/**
 * The retired frames: deferred reuse of the frames that leave the page cache and anonymous memory
 * (docs/state-model.md section 6, race 3). Linux has no one name for it; it is what RCU's
 * {@code call_rcu} does for an object that readers may still hold, done for page frames: a frame
 * is <em>retired</em> when its page leaves, and <em>released</em> to the buddy allocator after a
 * grace period.
 *
 * <p>A vCPU that read a page's frame number (a mapped load follows its page-table entry to the
 * frame) may still load from the frame, take a discard fault on it and run the handler, which
 * knows only the frame number, after another vCPU took the page out of the cache. If the frame
 * were allocated again meanwhile, the load would see another page's content and the handler would
 * drop another page. So a frame that leaves is <em>retired</em>: it keeps its state (a late access
 * still finds it volatile or discarded, never unused) and goes back to the buddy allocator, made
 * unused there, only when <em>released</em>: once the grace period of its retirement has elapsed
 * ({@link GracePeriods}): every vCPU that was in a kernel entry when the frame left, other than the
 * one that took it out, has passed a quiescent point since. The vCPU that takes a page out holds
 * no other copy of its frame number (it holds the page's state-change lock, and looks the page up
 * again after), so it need not wait for itself. With one vCPU, whose kernel threads run between its
 * kernel entries, no other can be inside, and a frame is released the moment it is retired, as a
 * grace period is empty on a uniprocessor kernel: no grace periods are kept then at all.
 *
 * <p>Retired frames wait in retirement order, each with its stamp and retiring vCPU, and are
 * released oldest first. Changed under the kernel lock ({@link Vcpus}).
 */
final class RetiredFrames {
    private static final int FRAME_BITS = 24;
    private static final int VCPU_BITS = 6;
    /** More vCPUs than a guest may have: a vCPU number, and the kernel threads', must fit {@value #VCPU_BITS} bits of an entry. */
    static final int MAX_VCPUS = 1 << VCPU_BITS;

    private final Vcpus vcpus;
    private final GracePeriods periods;
    private final MemMap map;
    private final BuddyAllocator buddy;
    private final GuestCounters counters;
    /** One vCPU: a retired frame is released at once, without the queue. */
    private final boolean uniprocessor;
    /** Retired frames, oldest first: {@code stamp << 30 | vcpu << 24 | frame}, a ring from {@code head}. */
    private long[] retired = new long[16];
    private int head;
    private int size;

    RetiredFrames(Vcpus vcpus, GracePeriods periods, MemMap map, BuddyAllocator buddy, GuestCounters counters) {
        this.vcpus = vcpus;
        this.periods = periods;
        this.map = map;
        this.buddy = buddy;
        this.counters = counters;
        this.uniprocessor = vcpus.count() == 1;
    }

    /** The current vCPU enters the kernel. */
    void enter() {
        if (!uniprocessor) {
            periods.enter(vcpus.current());
        }
    }

    /** The current vCPU leaves the kernel. */
    void exit() {
        if (!uniprocessor) {
            periods.exit(vcpus.current());
        }
    }

    /** A quiescent point inside a kernel entry of the current vCPU. */
    void quiescent() {
        if (!uniprocessor) {
            periods.quiescent(vcpus.current());
        }
    }

    /**
     * The page in {@code frame} has left its address space and the LRU: no vCPU can find it any
     * more. Released at once if no other vCPU could still hold its number.
     */
    void retire(int frame) {
        if (uniprocessor) { // the grace period is empty, as synchronize_rcu() returns at once on a !SMP kernel
            map.setFlags(frame, 0);
            buddy.free(frame, 0);
            return;
        }
        map.setFlags(frame, PageFlags.RETIRED);
        int by = vcpus.current();
        long stamp = periods.retire(by);
        if (size == retired.length) {
            long[] bigger = new long[size * 2];
            for (int i = 0; i < size; i++) {
                bigger[i] = retired[(head + i) % size];
            }
            retired = bigger;
            head = 0;
        }
        retired[(head + size) % retired.length] = stamp << (FRAME_BITS + VCPU_BITS) | (long) by << FRAME_BITS | frame;
        size++;
        if (!release()) {
            counters.framesDeferred++;
        }
    }

    /**
     * {@link #retire} of frames {@code first} to {@code first + count - 1}, in that order. With one
     * vCPU each would be freed at once, so the run is freed as one ({@link BuddyAllocator#freeRun}),
     * which leaves the allocator, the hints and the listeners as the frees one by one do.
     */
    void retireRun(int first, int count) {
        if (!uniprocessor) {
            for (int f = first; f < first + count; f++) {
                retire(f);
            }
            return;
        }
        for (int f = first; f < first + count; f++) {
            map.setFlags(f, 0);
        }
        buddy.freeRun(first, first + count - 1);
    }

    /**
     * Releases every retired frame whose grace period has elapsed, oldest first: made unused and
     * freed to the buddy allocator. Returns whether nothing is left retired.
     */
    boolean release() {
        while (size > 0) {
            long entry = retired[head];
            if (!periods.elapsed(entry >>> (FRAME_BITS + VCPU_BITS), (int) (entry >>> FRAME_BITS) & MAX_VCPUS - 1)) {
                return false;
            }
            head = (head + 1) % retired.length;
            size--;
            int frame = (int) entry & (1 << FRAME_BITS) - 1;
            map.setFlags(frame, 0);
            buddy.free(frame, 0);
        }
        return true;
    }

    /** How many frames are retired and not yet released. */
    int held() {
        return size;
    }

    /** Whether {@code frame} is retired and not yet released. */
    boolean holds(int frame) {
        return map.test(frame, PageFlags.RETIRED);
    }
}
