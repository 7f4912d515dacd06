package org.cmmalab.hostpager.replacement;

/**
 * The name of a unit of residency that does not change while it moves between host frames: the
 * guest and the guest frame the unit starts at (the frame itself for a 4 KiB unit, the first frame
 * of the run for a large one), packed into one {@code long} so that a policy can key on it without
 * boxing. {@link OptPolicy}'s future sequence is written in these keys.
 */
public final class UnitKey {
    private UnitKey() {
    }

    /** The key of the unit that starts at guest frame {@code frame} of guest {@code guestId}. */
    public static long of(int guestId, int frame) {
        return (long) guestId << 32 | frame & 0xFFFF_FFFFL;
    }
}
