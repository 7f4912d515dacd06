package org.cmmalab.jmh;

/**
 * Where a single-threaded benchmark is in its walk over the frames: the frame to touch next, and
 * the lap, counted modulo the length of the benchmark's cycle of operations. Every frame gets the
 * same operation within one lap and the next operation of the cycle in the next lap, so no
 * operation ever meets a frame it has already changed.
 *
 * <p>Every single-threaded benchmark in this module, baselines included, walks with a cursor, so
 * the walk costs the same in all of them and drops out of their ratios.
 */
final class Cursor {
    private final int frames;
    private final int period;
    private int frame;
    private int phase;

    /** A cursor over {@code frames} frames whose cycle has {@code period} operations. */
    Cursor(int frames, int period) {
        if (frames <= 0 || period <= 0) {
            throw new IllegalArgumentException("frames and period must be positive, were " + frames + " and " + period);
        }
        this.frames = frames;
        this.period = period;
    }

    /** The frame the current step touches. */
    int frame() {
        return frame;
    }

    /** Which operation of the cycle this lap applies, 0 to period - 1. */
    int phase() {
        return phase;
    }

    /** Moves to the next frame; after the last frame, to the first frame and the next operation. */
    void advance() {
        if (++frame == frames) {
            frame = 0;
            if (++phase == period) {
                phase = 0;
            }
        }
    }
}
