package org.cmmalab.harness.workload;

import java.util.SplittableRandom;

/** A workload's validated parameters; makes one {@link Workload} per guest. */
public interface WorkloadSpec {
    /** The registered name, such as {@code web-farm}. */
    String name();

    /** A new instance for a guest of {@code guestFrames} 4 KiB frames, drawing every random choice from {@code random}. */
    Workload create(SplittableRandom random, int guestFrames);
}
