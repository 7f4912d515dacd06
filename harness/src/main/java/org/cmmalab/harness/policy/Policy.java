package org.cmmalab.harness.policy;

import org.cmmalab.harness.sim.Machine;
import org.cmmalab.pagestates.HostMode;

/**
 * A cooperation policy: how a host and its guests share memory. One small class per policy,
 * registered by name in {@link Policies}; a combination such as {@code cmma+balloon-vmrm} is the
 * policies together. A policy object holds its validated parameters; what it does during a run
 * it starts in {@link #start}, keeping any state of that run there.
 */
public interface Policy {
    /** The registered name, such as {@code balloon-vmrm}. */
    String name();

    /** Whether guests issue CMMA hints (ESSA). */
    default boolean guestHints() {
        return false;
    }

    /**
     * Whether guests run the free page hint driver ({@code VIRTIO_BALLOON_F_FREE_PAGE_HINT}), which
     * acts only while a live migration runs ({@link org.cmmalab.harness.migration.PreCopy}).
     */
    default boolean freePageHints() {
        return false;
    }

    /**
     * Why this policy cannot run guests backed by 2 MiB frames ({@code largeFrames:}), or null if
     * it can: the scenario is then refused before any run starts.
     */
    default String largeFramesRefused() {
        return null;
    }

    /** The host mode this policy runs the host in, given the scenario's. */
    default HostMode hostMode(HostMode scenarioMode) {
        return scenarioMode;
    }

    /**
     * The most heap, in bytes, this policy's own bookkeeping may take in a run that has at most
     * {@code residentFrames} guest frames resident at once (no more than the host's frames) of
     * guests that have {@code guestFrames} frames in all, beyond what every run keeps (frame
     * tables, descriptors, host frames). The density search admits runs by it; an estimate too
     * low costs a retry, not a wrong answer ({@code DensitySearch}).
     */
    default long heapBytes(long residentFrames, long guestFrames) {
        return 0;
    }

    /** Starts the policy's own work on a booted machine, such as a monitor every 60 s. */
    default void start(Machine machine) {
    }
}
