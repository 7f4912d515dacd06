package org.cmmalab.guestmm;

import java.util.Arrays;

/**
 * Deferred reuse of the frames that leave the page cache and anonymous memory (docs/state-model.md
 * section 6, race 3), by quiescent states, as RCU or epoch-based reclamation does it.
 *
 * <p>A vCPU that read a page's frame number (a mapped load follows its page-table entry to the
 * frame) may still load from the frame, take a discard fault on it and run the handler, which
 * knows only the frame number, after another vCPU took the page out of the cache. If the frame
 * were allocated again meanwhile, the load would see another page's content and the handler would
 * drop another page. So a frame that leaves is <em>retired</em>: it keeps its state (a late access
 * still finds it volatile or discarded, never unused) and goes back to the buddy allocator, made
 * unused there, only when <em>released</em>: once every vCPU that was in a kernel entry when the
 * frame left, other than the one that took it out, has passed a quiescent point since. The vCPU
 * that takes a page out holds no other copy of its frame number (it holds the page's
 * state-change lock, and looks the page up again after), so it need not wait for itself.
 *
 * <p>The bookkeeping: a global epoch, advanced by every retirement; per vCPU the epoch it last
 * announced at the start of a kernel entry or at a quiescent point inside one ({@link #enter},
 * {@link #quiescent}), or {@code IDLE} between entries; the retired frames in retirement order,
 * each with its epoch and retiring vCPU. A frame is released when every other vCPU is idle or
 * announced at least its epoch. The kernel's own threads ({@link Vcpus#runAsKernelThread}) count as
 * one more context. With one vCPU, whose kernel threads run between its kernel entries, there is no
 * other inside, and a frame is released the moment it is retired, as a grace period is empty on a
 * uniprocessor kernel. All of it is changed
 * under the kernel lock ({@link Vcpus}), so plain fields serve both disciplines; a vCPU in a
 * preemption point keeps its announcement, since it may still hold frame numbers it read.
 */
final class FrameReuse {
    private static final long IDLE = Long.MAX_VALUE;
    private static final int FRAME_BITS = 24;
    private static final int VCPU_BITS = 6;
    /** More vCPUs than a guest may have: a vCPU number, and the kernel threads', must fit {@value #VCPU_BITS} bits of an entry. */
    static final int MAX_VCPUS = 1 << VCPU_BITS;

    private final Vcpus vcpus;
    private final MemMap map;
    private final BuddyAllocator buddy;
    private final GuestCounters counters;
    private final long[] announced;
    private long epoch;
    /** Retired frames, oldest first: {@code epoch << 30 | vcpu << 24 | frame}, a ring from {@code head}. */
    private long[] retired = new long[16];
    private int head;
    private int size;

    FrameReuse(Vcpus vcpus, MemMap map, BuddyAllocator buddy, GuestCounters counters) {
        this.vcpus = vcpus;
        this.map = map;
        this.buddy = buddy;
        this.counters = counters;
        this.announced = new long[vcpus.count() + 1]; // and the kernel threads' context
        Arrays.fill(announced, IDLE);
    }

    /** The current vCPU enters the kernel: from now on it may read frame numbers and use them. */
    void enter() {
        announced[vcpus.current()] = epoch;
    }

    /** The current vCPU leaves the kernel, holding no frame number it read inside. */
    void exit() {
        announced[vcpus.current()] = IDLE;
    }

    /** A quiescent point inside a kernel entry: the current vCPU holds no frame number it read before. */
    void quiescent() {
        announced[vcpus.current()] = epoch;
    }

    /**
     * The page in {@code frame} has left its address space and the LRU: no vCPU can find it any
     * more. Released at once if no other vCPU could still hold its number.
     */
    void retire(int frame) {
        map.setFlags(frame, PageFlags.RETIRED);
        int by = vcpus.current();
        long at = ++epoch;
        if (size == retired.length) {
            long[] bigger = new long[size * 2];
            for (int i = 0; i < size; i++) {
                bigger[i] = retired[(head + i) % size];
            }
            retired = bigger;
            head = 0;
        }
        retired[(head + size) % retired.length] = at << (FRAME_BITS + VCPU_BITS) | (long) by << FRAME_BITS | frame;
        size++;
        if (!release()) {
            counters.framesDeferred++;
        }
    }

    /**
     * Releases every retired frame that no vCPU other than its retirer can still be using, oldest
     * first: made unused and freed to the buddy allocator. Returns whether nothing is left retired.
     */
    boolean release() {
        while (size > 0) {
            long entry = retired[head];
            long at = entry >>> (FRAME_BITS + VCPU_BITS);
            int by = (int) (entry >>> FRAME_BITS) & MAX_VCPUS - 1;
            if (!elapsed(at, by)) {
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

    /** Whether every vCPU but {@code by} has been idle or announced epoch {@code at} or later. */
    private boolean elapsed(long at, int by) {
        for (int v = 0; v < announced.length; v++) {
            if (v != by && announced[v] < at) {
                return false;
            }
        }
        return true;
    }
}
