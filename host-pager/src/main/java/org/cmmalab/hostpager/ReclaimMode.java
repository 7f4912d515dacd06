package org.cmmalab.hostpager;

/**
 * When the host reclaims. Whatever the mode, an allocation that finds no free host frame reclaims
 * directly, one victim at a time, until it has the frames it needs.
 * <ul>
 *   <li>{@link #ON_DEMAND}: only that (both watermarks 0). Trace replay uses it: every fault past
 *       a full host costs exactly one victim, which is what LRU and OPT miss counts assume.</li>
 *   <li>{@link #watermarks}: in addition, {@link Host#balance} (the harness calls it, as a kernel
 *       wakes its reclaim daemon) reclaims in policy order, when free frames have fallen below
 *       {@code low}, until they are at least {@code high}.</li>
 * </ul>
 */
public record ReclaimMode(int lowWatermark, int highWatermark) {
    public static final ReclaimMode ON_DEMAND = new ReclaimMode(0, 0);

    public ReclaimMode {
        if (lowWatermark < 0 || highWatermark < lowWatermark) {
            throw new IllegalArgumentException("watermarks must satisfy 0 <= low <= high, were low "
                    + lowWatermark + " and high " + highWatermark);
        }
    }

    public static ReclaimMode watermarks(int low, int high) {
        return new ReclaimMode(low, high);
    }

    public boolean isOnDemand() {
        return highWatermark == 0;
    }
}
