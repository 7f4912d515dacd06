package org.cmmalab.harness.policy;

import java.util.function.LongSupplier;
import org.cmmalab.guestmm.GuestKernel;
import org.cmmalab.guestmm.balloon.Balloon;
import org.cmmalab.hostpager.GuestSpace;

/**
 * One guest as a driver sees it: its kernel (where a driver's guest side runs), the host's
 * backing of its memory, its balloon, and the charging of driver work to its vCPU. Work done here
 * costs the guest's vCPU virtual time and shows in its metrics ({@code balloonCpuMs},
 * {@code driverCpuMs}).
 */
public interface GuestHandle {
    /** The guest's name, such as {@code web-0}. */
    String name();

    GuestKernel kernel();

    /** The host's backing of this guest's memory (what a live migration reads and logs). */
    GuestSpace space();

    /** Guest memory in 4 KiB frames: its maximum ({@code maxMemoryMiB}). */
    int frames();

    /** The guest's memory at boot in 4 KiB frames ({@code memoryMiB}): its maximum less what it boots without. */
    int memoryFrames();

    /** Frames the guest could give up without paging: free, and page cache that is not dirty (MemAvailable). */
    long availableFrames();

    /** The balloon if a driver made one (or the guest booted below its maximum memory), else null. */
    Balloon balloon();

    /**
     * The guest's balloon, made on first use with {@code batch} pages per round trip and
     * deflate-on-OOM if {@code deflateOnOom}: the driver that first moves it defines it.
     */
    Balloon balloon(int batch, boolean deflateOnOom);

    /**
     * Runs driver {@code work} on the guest's vCPU at {@code now} (a balloon moving pages, a
     * hint): charged like a workload's step, plus {@code extraNanos} the counters cannot see, and
     * delaying the guest's next step by as much; returns the cost.
     */
    long driverWork(long now, long extraNanos, Runnable work);

    /** Keeps the vCPU busy {@code nanos} longer: work the counters cannot see, such as balloon hypercalls. */
    void delay(long nanos);

    /** Records balloon traffic: pages moved and the CPU they cost (the caller has delayed the vCPU by as much). */
    void chargeBalloon(long pages, long nanos);

    /**
     * Records guest CPU time of a cooperation driver (the caller has delayed the vCPU by as much),
     * such as a free page report's round trip to the host.
     */
    void chargeDriver(long nanos);

    /** Records memory a hot-plug driver (virtio-mem) plugged or unplugged, in pages ({@code hotplugPages}). */
    void chargeHotplug(long pages);

    /** Records pages a proactive reclaimer in the guest (DAMON_RECLAIM) paged out ({@code damonPageouts}). */
    void chargePageouts(long pages);

    /**
     * Guest CPU time that a driver spends inside the guest's own kernel entries (a per-page hook, a
     * tmem copy): {@code cumulativeNanos} says how much so far, and every charged piece of the
     * guest's work is charged its growth too, on the vCPU and as driver CPU.
     */
    void meter(LongSupplier cumulativeNanos);
}
