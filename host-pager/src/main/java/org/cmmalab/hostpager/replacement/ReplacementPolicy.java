package org.cmmalab.hostpager.replacement;

/**
 * Which resident unit the host reclaims next. A unit is one 4 KiB guest frame, or one large frame
 * of 512, resident in host frames. The host names a unit to its policy two ways: by its
 * <em>slot</em>, the host frame that holds the unit's first guest frame (dense, below
 * {@link ReplacementConfig#capacity()}, so that a policy can keep its bookkeeping in arrays), and by its
 * {@link UnitKey key}, which stays the same while the unit is paged out and in again.
 *
 * <p>The host calls these from its one thread, under its lock; none of them may allocate.
 * Every slot handed to {@link #onResident} stays the policy's until {@link #onRemove}.
 */
public interface ReplacementPolicy {
    /** The unit {@code key} became resident in {@code slot}: a fault, or an ESSA that made it resident. */
    void onResident(int slot, long key);

    /** A guest load or store reached the resident unit in {@code slot}. */
    void onAccess(int slot, long key);

    /** The unit in {@code slot} is no longer resident (it was reclaimed, or merged into a large frame). */
    void onRemove(int slot);

    /**
     * The slot of the unit to reclaim next, or -1 if no unit is resident. Does not remove it: the
     * host reclaims it and then calls {@link #onRemove}, or {@link #onSkip} if it could not.
     */
    int victim();

    /**
     * The host could not reclaim the unit {@link #victim()} named (its write-out found the paging
     * device full); it stays resident. Place it so that the next {@link #victim()} names another
     * unit if there is one, as a kernel puts an unreclaimable page back on its active list.
     */
    void onSkip(int slot);
}
