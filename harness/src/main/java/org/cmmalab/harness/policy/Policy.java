package org.cmmalab.harness.policy;

import java.util.List;
import org.cmmalab.pagestates.HostMode;

/**
 * A cooperation policy: how a host and its guests share memory. One class per policy, in the
 * package of its family ({@code policy.balloon}, {@code policy.ksm}, ...), registered by name in
 * {@code policy.registry.Policies}; a combination such as {@code cmma+balloon-vmrm} is the policies
 * together ({@link Composite}). A policy object holds its validated parameters; what it does during
 * a run it starts in {@link #start}, keeping any state of that run there. It sees a run only
 * through {@link RunContext}: the clock, the guests' driver handles, the host's mechanisms and the
 * charging of what they cost, never the simulation engine.
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
     * acts only while a live migration runs.
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
     * Whether this policy sizes a guest booted below its maximum memory itself (virtio-mem plugs
     * what it needs), instead of the boot balloon a Xen guest started below {@code maxmem} has.
     */
    default boolean sizesGuestMemory() {
        return false;
    }

    /**
     * The size of a guest's swap in MiB, given the scenario's {@code swapMiB} and the guest's
     * {@code memoryMiB}: the scenario's, unless the policy gives the guest a swap device of its own
     * (zram).
     */
    default int swapMiB(int scenarioSwapMiB, int memoryMiB) {
        return scenarioSwapMiB;
    }

    /**
     * Whether this policy connects a frontswap backend to every guest (tmem's pool, zram, zswap):
     * a guest has one, so at most one part of a combination may.
     */
    default boolean connectsFrontswap() {
        return false;
    }

    /**
     * The mechanisms this policy switches on that keep bookkeeping of their own beside the guests'
     * and the host's frames ({@link Mechanism}); an experiment that budgets a run's memory reads
     * them. None by default.
     */
    default List<Mechanism> mechanisms() {
        return List.of();
    }

    /** Starts the policy's own work on a booted run, such as a monitor every 60 s. */
    default void start(RunContext run) {
    }
}
