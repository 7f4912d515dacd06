package org.cmmalab.harness.policy;

/**
 * A mechanism a policy switches on that keeps bookkeeping of its own, beside the guests' and the
 * host's frames: what an experiment that budgets a run's memory (the density search's admission)
 * needs to know of a policy, and nothing it does. A policy names its mechanisms with their
 * parameters ({@link Policy#mechanisms}); the experiment prices them.
 */
public sealed interface Mechanism {
    /** Kernel same-page merging's scanner (its checksums, its trees), with smart scanning or not. */
    record SamePageMerging(boolean smartScan) implements Mechanism {
    }

    /** The per-page recycler's marks shared by guest and host: a bit per configured guest frame. */
    record RecyclerMarks() implements Mechanism {
    }

    /** Balloons that take at most {@code maxShare} of every guest's memory. */
    record Balloons(double maxShare) implements Mechanism {
    }

    /** virtio-mem's devices: a bit per subblock and the frame numbers of hot-plugged blocks' page descriptors. */
    record HotplugBlocks() implements Mechanism {
    }

    /** DAMON's region table in every guest, with at most {@code maxRegions} regions ({@code max_nr_regions}). */
    record DamonRegions(int maxRegions) implements Mechanism {
    }

    /** Compressed swap pools in the guests, holding at most {@code maxPagesPerGuestFrame} pages per guest frame. */
    record CompressedSwapPools(double maxPagesPerGuestFrame) implements Mechanism {
    }

    /** The host's zswap pool, holding at most {@code maxPagesPerHostFrame} pages per host frame. */
    record HostCompressedPool(double maxPagesPerHostFrame) implements Mechanism {
    }
}
