package org.cmmalab.discardfault;

import java.util.function.IntConsumer;

/**
 * When a frame that has left the page cache may be allocated again (docs/state-model.md section 6, race 3): a
 * vCPU that read the page's frame before it left may still load from it, and fault on it, until
 * it has moved on. vCPUs bracket every kernel entry with {@link #enter} and {@link #exit}; a
 * frame is {@link #retire retired} when it leaves the page cache and {@link #release released}
 * to the allocator once that is safe. {@link DiscardQuarantine} is the implementation; the race
 * tests put a deliberately wrong one in its place.
 */
public interface FrameReuse {
    /** vCPU {@code vcpu} enters the kernel: from now on it may read frame numbers and use them. */
    void enter(int vcpu);

    /** vCPU {@code vcpu} leaves the kernel, holding no frame number it read inside: a quiescent point. */
    void exit(int vcpu);

    /** {@code frame} has left the page cache: no vCPU can find it any more from now on. */
    void retire(int frame);

    /** Hands every retired frame that no vCPU can still be using to {@code free}; returns how many. */
    int release(IntConsumer free);

    /** How many retired frames are waiting now. */
    int held();
}
