package org.cmmalab.harness.sim;

import org.HdrHistogram.Histogram;
import org.cmmalab.discardfault.HostedGuest;
import org.cmmalab.guestmm.GuestKernel;
import org.cmmalab.guestmm.balloon.Balloon;
import org.cmmalab.harness.result.RaceCounts;
import org.cmmalab.harness.workload.Workload;
import org.cmmalab.hostpager.GuestSpace;
import org.cmmalab.pagestates.Orc;

/**
 * One guest of a {@link Machine}: its kernel on the host, its workload, its single vCPU's
 * virtual time, a balloon if a policy gave it one, and what it measured. Everything it does goes
 * through {@link Machine#charge}, which turns counter deltas into virtual time.
 */
public final class GuestVm {
    final String name;
    final int number;
    final HostedGuest guest;
    final Workload workload;
    final Workload.Step step = new Workload.Step();
    final Histogram latencyMicros = new Histogram(3_600_000_000L, 3);
    final Ledger ledger = new Ledger();
    final Ledger warm = new Ledger();
    /** The kernel's ESSA count per operation-request code when the warm-up ended. */
    final long[] essaAtWarm = new long[Orc.values().length];
    /** The races' counts when the warm-up ended (none before). */
    RaceCounts racesAtWarm = RaceCounts.none();
    /** When the guest's vCPU (vCPU 0, of a guest with several) is free again, in virtual nanoseconds. */
    long busyUntil;
    /** The vCPU threads of a guest with several vCPUs, or null. */
    VcpuThreads threads;
    /** When the workload's finite job was done, in virtual nanoseconds; -1 while it runs or if it has none. */
    long finishedAt = -1;
    long requests;
    long failures;
    /** The guest's next 2 MiB run the host reorganizes, if it is backed by 2 MiB frames ({@link Machine}). */
    int largeHand;
    /** Race 6: host splits and merges of a 2 MiB run while a vCPU of the guest was using a page in it. */
    long splitsAndMergesInUse;
    private Balloon balloon;

    GuestVm(String name, int number, HostedGuest guest, Workload workload) {
        this.name = name;
        this.number = number;
        this.guest = guest;
        this.workload = workload;
    }

    public String name() {
        return name;
    }

    public GuestKernel kernel() {
        return guest.kernel();
    }

    /** The host's backing of this guest's memory (what a live migration reads and logs). */
    public GuestSpace space() {
        return guest.space();
    }

    /** Guest memory in 4 KiB frames. */
    public int frames() {
        return guest.kernel().frames();
    }

    /**
     * The guest's balloon, made on first use with {@code batch} pages per round trip and
     * deflate-on-OOM if {@code deflateOnOom}: the driver that first moves it defines it.
     */
    public Balloon balloon(int batch, boolean deflateOnOom) {
        if (balloon == null) {
            balloon = new Balloon(guest.kernel(), batch, deflateOnOom);
        }
        return balloon;
    }

    /**
     * The balloon of a guest booted below its maximum memory ({@code Machine}): Xen's balloon
     * driver's, which has no deflate-on-OOM.
     */
    public Balloon balloon(int batch) {
        return balloon(batch, Balloon.XEN_DEFLATE_ON_OOM);
    }

    /** Keeps the vCPU busy {@code nanos} longer: work the counters cannot see, such as balloon hypercalls. */
    public void delay(long nanos) {
        busyUntil += nanos;
    }

    /** The balloon if a policy made one, else null. */
    public Balloon balloon() {
        return balloon;
    }

    /** Frames the guest could give up without paging: free, and page cache that is not dirty (MemAvailable). */
    public long availableFrames() {
        var c = guest.kernel().counters();
        return c.freePages() + Math.max(0, c.pageCachePages() - c.dirtyPages());
    }

    /** Host frames this guest occupies now. */
    public int residentFrames() {
        return guest.space().residentFrames();
    }
}
