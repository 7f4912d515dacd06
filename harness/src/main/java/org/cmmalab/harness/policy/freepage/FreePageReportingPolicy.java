package org.cmmalab.harness.policy.freepage;

import org.cmmalab.guestmm.Arch;
import org.cmmalab.guestmm.GuestKernel;
import org.cmmalab.guestmm.pagereporting.FreePageReporting;
import org.cmmalab.harness.policy.GuestHandle;
import org.cmmalab.harness.policy.Policy;
import org.cmmalab.harness.policy.RunContext;
import org.cmmalab.harness.yaml.YamlMapping;

/**
 * {@code free-page-reporting}: Linux {@code mm/page_reporting.c} (Duyck, Linux 5.7) over
 * virtio-balloon's reporting queue ({@code VIRTIO_BALLOON_F_REPORTING}); the guest side is
 * {@link FreePageReporting}. A free that leaves a block of order {@code order} or more on the
 * free lists schedules a pass ({@code order}: Linux's {@code page_reporting_order} parameter, 0 to
 * the largest buddy order; by default the guests' {@code pageblock_order}, 8 on s390 and 9 on x86,
 * {@code host.arch}: {@link FreePageReporting#defaultOrder})
 * {@code delaySeconds} later (2, {@code PAGE_REPORTING_DELAY}); a pass reports unreported free
 * blocks {@code capacity} at a time (32, {@code PAGE_REPORTING_CAPACITY}), about a sixteenth of a
 * free list plus one report, skips the zone below its low watermark plus {@code capacity} blocks,
 * and schedules another pass if blocks are left. QEMU discards every reported frame
 * ({@code MADV_DONTNEED}); the guest keeps the blocks on its free lists marked reported, and a
 * reused frame faults in a zeroed host frame (charged as any zero fill).
 *
 * <p>Cost: each report is one virtqueue round trip, charged to the guest's vCPU as the design's
 * balloon round trip ({@code costs.balloonRoundTripNs}, 50 us) and counted in
 * {@code driverCpuMs}; the host's discard is part of that round trip (QEMU answers the request
 * after discarding).
 */
public final class FreePageReportingPolicy implements Policy {
    /** {@link #order} when the scenario sets none: the guests' {@code pageblock_order}. */
    private static final int UNSET = -1;
    private final int order;
    private final long delayNanos;
    private final int capacity;

    private FreePageReportingPolicy(int order, long delayNanos, int capacity) {
        this.order = order;
        this.delayNanos = delayNanos;
        this.capacity = capacity;
    }

    public static FreePageReportingPolicy parse(YamlMapping p) {
        FreePageReportingPolicy f = new FreePageReportingPolicy(
                (int) p.integer("order", UNSET, 0, GuestKernel.MAX_ORDER),
                Math.round(p.number("delaySeconds", 2, 1e-3, 1e6) * 1e9),
                (int) p.integer("capacity", FreePageReporting.DEFAULT_CAPACITY, 1, 4096));
        p.done();
        return f;
    }

    @Override
    public String name() {
        return "free-page-reporting";
    }

    /** {@link FreePageReporting} reports 4 KiB frames to a host that drops each; its rules for larger host pages are not modelled. */
    @Override
    public String largeFramesRefused() {
        return "QEMU discards a reported range only where it covers whole host pages (virtio_balloon_handle_report "
                + "skips one that is not aligned to them), and the model's free page reporting is for 4 KiB frames only";
    }

    @Override
    public void start(RunContext run) {
        int reportingOrder = reportingOrder(run.arch());
        for (GuestHandle vm : run.guests()) {
            FreePageReporting[] driver = new FreePageReporting[1];
            driver[0] = new FreePageReporting(vm.kernel(), reportingOrder, capacity, () -> run.at(
                    run.now() + delayNanos, t -> pass(run, vm, driver[0], t)));
        }
    }

    /** The order guests of {@code arch} report from: {@code order} if the scenario set it, else their pageblock_order. */
    public int reportingOrder(Arch arch) {
        return order != UNSET ? order : FreePageReporting.defaultOrder(arch);
    }

    private static void pass(RunContext run, GuestHandle vm, FreePageReporting driver, long now) {
        int[] reports = {0};
        vm.driverWork(now, 0, () -> reports[0] = driver.process());
        long nanos = reports[0] * run.costs().balloonRoundTrip();
        vm.delay(nanos);
        vm.chargeDriver(nanos);
    }
}
