package org.cmmalab.harness.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.HdrHistogram.IntCountsHistogram;
import org.cmmalab.discardfault.HostedGuest;
import org.cmmalab.guestmm.GuestKernel;
import org.cmmalab.guestmm.balloon.Balloon;
import org.cmmalab.harness.policy.GuestHandle;
import org.cmmalab.harness.result.Metric;
import org.cmmalab.harness.result.RaceCounts;
import org.cmmalab.harness.workload.Workload;
import org.cmmalab.hostpager.GuestSpace;
import org.cmmalab.pagestates.Orc;

/**
 * One guest of a {@link Machine}: its kernel on the host, its workload, its single vCPU's
 * virtual time, a balloon if a policy gave it one, and what it measured. Everything it does goes
 * through {@link Machine#charge}, which turns counter deltas into virtual time. Drivers see it as
 * a {@link GuestHandle}.
 */
public final class GuestVm implements GuestHandle {
    private final Machine machine;
    final String name;
    final int number;
    final HostedGuest guest;
    /** {@link #memoryFrames()}. */
    private final int memoryFrames;
    final Workload workload;
    final Workload.Step step = new Workload.Step();
    /**
     * Request latencies: 4-byte counts, as a guest's requests in one bucket stay far below 2^31;
     * a histogram of long counts over this range is 188 KiB, which hundreds of guests feel.
     */
    final IntCountsHistogram latencyMicros = new IntCountsHistogram(3_600_000_000L, 3);
    /** What the guest's work was charged so far, and when the warm-up ended. */
    final MetricTally tally = new MetricTally();
    MetricTally tallyAtWarm = new MetricTally();
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
    /** Drivers' CPU time inside the guest's kernel entries so far, each cumulative ({@link #meter}). */
    final List<LongSupplier> meters = new ArrayList<>();
    /** The guest's next 2 MiB run the host reorganizes, if it is backed by 2 MiB frames ({@link Machine}). */
    int largeHand;
    /** Race 6: host splits and merges of a 2 MiB run while a vCPU of the guest was using a page in it. */
    long splitsAndMergesInUse;
    private Balloon balloon;

    GuestVm(Machine machine, String name, int number, HostedGuest guest, Workload workload, int memoryFrames) {
        this.machine = machine;
        this.memoryFrames = memoryFrames;
        this.name = name;
        this.number = number;
        this.guest = guest;
        this.workload = workload;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public GuestKernel kernel() {
        return guest.kernel();
    }

    @Override
    public GuestSpace space() {
        return guest.space();
    }

    @Override
    public int frames() {
        return guest.kernel().frames();
    }

    @Override
    public int memoryFrames() {
        return memoryFrames;
    }

    @Override
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

    @Override
    public void delay(long nanos) {
        busyUntil += nanos;
    }

    @Override
    public Balloon balloon() {
        return balloon;
    }

    @Override
    public long availableFrames() {
        var c = guest.kernel().counters();
        return c.freePages() + Math.max(0, c.pageCachePages() - c.dirtyPages());
    }

    @Override
    public long driverWork(long now, long extraNanos, Runnable work) {
        return machine.driverWork(this, now, extraNanos, work);
    }

    @Override
    public void chargeBalloon(long pages, long nanos) {
        tally.add(Metric.BALLOON_PAGES, pages);
        tally.add(Metric.BALLOON_CPU_MS, nanos);
    }

    @Override
    public void chargeDriver(long nanos) {
        tally.add(Metric.DRIVER_CPU_MS, nanos);
    }

    @Override
    public void chargeHotplug(long pages) {
        tally.add(Metric.HOTPLUG_PAGES, pages);
    }

    @Override
    public void chargePageouts(long pages) {
        tally.add(Metric.DAMON_PAGEOUTS, pages);
    }

    @Override
    public void meter(LongSupplier cumulativeNanos) {
        meters.add(cumulativeNanos);
    }

    /** Host frames this guest occupies now. */
    public int residentFrames() {
        return guest.space().residentFrames();
    }
}
