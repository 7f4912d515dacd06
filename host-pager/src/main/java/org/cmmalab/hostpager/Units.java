package org.cmmalab.hostpager;

import org.cmmalab.pagestates.FrameTable;

/**
 * One guest's units of residency: a unit is one 4 KiB frame, or a large frame of
 * {@link FrameTable#framesPerLarge()} frames where the guest's run is merged (see
 * {@link Backing#LARGE}). This class says which unit holds a frame, and holds a unit's frame words
 * the way {@link GuestSpace}'s protocol says (its class comment): one word fixes a small unit,
 * and a large unit needs every word of its run, taken in ascending order.
 *
 * <p>Whether a run is merged changes only under the host lock and every word of the run
 * ({@link GuestSpace#split}, {@link GuestSpace#merge}, which tell {@link #merged} and
 * {@link #split}), so it holds for anyone who has the host lock or a word of the run.
 */
final class Units {
    private final FrameTable table;
    private final FrameSync sync;
    private final int guestId;
    private final int framesPerLarge;
    private final int largeShift;
    /** Runs merged now: while none is, no frame is inside a large frame, without a look at the table. */
    private int mergedRuns;

    Units(FrameTable table, FrameSync sync, int guestId) {
        this.table = table;
        this.sync = sync;
        this.guestId = guestId;
        this.framesPerLarge = table.framesPerLarge();
        this.largeShift = Integer.numberOfTrailingZeros(framesPerLarge);
    }

    /** The large frame (run) that {@code frame} lies in, merged or not. */
    int largeOf(int frame) {
        return frame >>> largeShift;
    }

    /** The first frame of run {@code large}; an {@link IndexOutOfBoundsException} for a run the guest does not have. */
    int base(int large) {
        if (large < 0 || large >= table.largeFrames()) {
            throw new IndexOutOfBoundsException("large frame " + large + " is out of range 0.." + (table.largeFrames() - 1));
        }
        return large << largeShift;
    }

    /** Whether {@code frame} is part of a merged large frame. */
    boolean isInLarge(int frame) {
        int large = frame >>> largeShift;
        return mergedRuns != 0 && large < table.largeFrames() && table.isLarge(large);
    }

    /** The first frame of the unit that holds {@code frame}. */
    int start(int frame) {
        return isInLarge(frame) ? frame >>> largeShift << largeShift : frame;
    }

    /** The first frame of the unit of {@code n} frames that holds {@code frame}. */
    int startOf(int frame, int n) {
        return n == 1 ? frame : frame >>> largeShift << largeShift;
    }

    /** How many small frames the unit that starts at {@code first} has. */
    int frames(int first) {
        return isInLarge(first) ? framesPerLarge : 1;
    }

    /**
     * Takes the words of the unit that holds {@code frame} and returns its size. One word fixes a
     * small unit (a merge needs every word of the run); a large unit needs its whole run, taken in
     * ascending order after letting go of the one word, and is checked again once held.
     */
    int lock(int frame) {
        for (;;) {
            sync.lock(frame);
            if (!isInLarge(frame)) {
                return 1;
            }
            sync.unlock(frame);
            int base = frame >>> largeShift << largeShift;
            sync.lockRange(base, framesPerLarge);
            if (isInLarge(base)) {
                return framesPerLarge;
            }
            sync.unlockRange(base, framesPerLarge); // split between our two looks
        }
    }

    /** Lets go of the words {@link #lock} took for the unit of {@code n} frames that holds {@code frame}. */
    void unlock(int frame, int n) {
        if (n == 1) {
            sync.unlock(frame);
        } else {
            sync.unlockRange(frame >>> largeShift << largeShift, n);
        }
    }

    /** An {@link IllegalStateException} for a 4 KiB operation on {@code frame} if it is inside a large frame. */
    void refuseInsideLarge(int frame) {
        if (isInLarge(frame)) {
            throw insideLarge(frame);
        }
    }

    /** How many of the {@code count} frames from {@code first}, which is not inside a large frame, come before the first that is. */
    int smallRun(int first, int count) {
        for (int f = first + 1; mergedRuns != 0 && f < first + count; f++) {
            if (isInLarge(f)) {
                return f - first;
            }
        }
        return count;
    }

    IllegalStateException insideLarge(int frame) {
        return new IllegalStateException("guest " + guestId + " frame " + frame + " is part of large frame "
                + (frame >>> largeShift) + ": use the large-frame operation, or split it first");
    }

    /** A run was merged into a large frame. */
    void merged() {
        mergedRuns++;
    }

    /** A large frame was split into small frames. */
    void split() {
        mergedRuns--;
    }
}
