package org.cmmalab.guestmm;

/**
 * Grace periods over the kernel's vCPUs, as RCU keeps them: which retirements every vCPU that
 * might still hold their frame numbers has moved on from. {@link RetiredFrames} asks before it lets
 * a retired frame be allocated again (race 3). The kernel's own is {@link Epochs}; a race test puts
 * a deliberately wrong one in its place to show that the rule is needed.
 *
 * <p>Called by the current vCPU under the kernel lock ({@link Vcpus}).
 */
public interface GracePeriods {
    /** vCPU {@code vcpu} enters the kernel: from now on it may read frame numbers and use them. */
    void enter(int vcpu);

    /** vCPU {@code vcpu} leaves the kernel, holding no frame number it read inside. */
    void exit(int vcpu);

    /** A quiescent point inside a kernel entry of {@code vcpu}: it holds no frame number it read before. */
    void quiescent(int vcpu);

    /** vCPU {@code vcpu} retires a frame now; returns the stamp of this retirement. */
    long retire(int vcpu);

    /** Whether every vCPU but {@code by} has moved on since the retirement stamped {@code stamp}. */
    boolean elapsed(long stamp, int by);
}
