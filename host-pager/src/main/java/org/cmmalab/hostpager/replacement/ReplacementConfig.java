package org.cmmalab.hostpager.replacement;

/**
 * What a {@link ReplacementPolicy} is built from: the number of host frames (every slot is below
 * it), and, for a policy that sees the future ({@link OptPolicy}), the sequence of
 * {@link UnitKey unit keys} the run will access, in order; empty for every other policy.
 */
public record ReplacementConfig(int capacity, long[] future) {
    public ReplacementConfig {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
        java.util.Objects.requireNonNull(future, "future");
    }
}
