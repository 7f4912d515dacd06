package org.cmmalab.guestmm;

import java.util.Arrays;

/**
 * The kernel's grace periods ({@link GracePeriods}), by epochs as in epoch-based reclamation: a
 * global epoch advanced by every retirement; per vCPU the epoch it last announced on entering the
 * kernel or at a quiescent point inside it, or {@code IDLE} between entries. A retirement stamped
 * {@code e} has elapsed for a vCPU that is idle or announced at least {@code e}: it has passed a
 * quiescent point since. The kernel's own threads ({@link Vcpus#runAsKernelThread}) count as one
 * more context. All of it changes under the kernel lock, so plain fields serve both disciplines;
 * a vCPU at a preemption point keeps its announcement, since it may still hold frame numbers.
 */
final class Epochs implements GracePeriods {
    private static final long IDLE = Long.MAX_VALUE;

    private final long[] announced;
    private long epoch;

    /** Grace periods over {@code vcpus} vCPUs and the kernel threads' context. */
    Epochs(int vcpus) {
        this.announced = new long[vcpus + 1];
        Arrays.fill(announced, IDLE);
    }

    @Override
    public void enter(int vcpu) {
        announced[vcpu] = epoch;
    }

    @Override
    public void exit(int vcpu) {
        announced[vcpu] = IDLE;
    }

    @Override
    public void quiescent(int vcpu) {
        announced[vcpu] = epoch;
    }

    @Override
    public long retire(int vcpu) {
        return ++epoch;
    }

    @Override
    public boolean elapsed(long stamp, int by) {
        for (int v = 0; v < announced.length; v++) {
            if (v != by && announced[v] < stamp) {
                return false;
            }
        }
        return true;
    }
}
