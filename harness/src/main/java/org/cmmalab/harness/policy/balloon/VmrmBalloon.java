package org.cmmalab.harness.policy.balloon;

import org.cmmalab.guestmm.balloon.Balloon;
import org.cmmalab.harness.policy.GuestHandle;
import org.cmmalab.harness.policy.Policy;
import org.cmmalab.harness.policy.RunContext;
import org.cmmalab.harness.yaml.YamlMapping;
import org.cmmalab.hostpager.HostCounters;

/**
 * {@code balloon-vmrm}: z/VM's VM Resource Manager driving the guests' CMM balloons
 * ({@code arch/s390/mm/cmm.c}). Every {@code intervalSeconds} (default 60) VMRM looks at monitor
 * data; if the host was constrained in the last interval (it paged more than
 * {@code pagingThreshold} pages per second) it sends each guest {@code CMM SHRINK}, a target of
 * pages to give up, and when the constraint is gone it releases half of each target per interval.
 *
 * <p>The shrink target is our reading of VMRM's rule (IBM, "VMRM-CMM"): the memory the guests
 * have beyond the host's, shared out in proportion to each guest's size, scaled by
 * {@code shrinkFactor} (default 1), capped at what the guest can give without paging
 * ({@link GuestHandle#availableFrames}: free memory and clean page cache) plus what it already gave.
 * The guest gives pages one by one (one DIAGNOSE X'10' each, charged as the design's 2 us per
 * balloon page); VMRM's message and the driver's page arrays make one round trip per {@code batch}
 * pages (default 256, as virtio-balloon). The guest always deflates 256 pages before an
 * allocation would fail: {@code cmm.c} registers its OOM notifier unconditionally
 * ({@link Balloon#CMM_DEFLATE_ON_OOM}), so there is no parameter for it.
 */
public final class VmrmBalloon implements Policy {
    private final long intervalNanos;
    private final double pagingThreshold;
    private final double shrinkFactor;
    private final int batch;

    private VmrmBalloon(long intervalNanos, double pagingThreshold, double shrinkFactor, int batch) {
        this.intervalNanos = intervalNanos;
        this.pagingThreshold = pagingThreshold;
        this.shrinkFactor = shrinkFactor;
        this.batch = batch;
    }

    public static VmrmBalloon parse(YamlMapping p) {
        VmrmBalloon v = new VmrmBalloon(
                Math.round(p.number("intervalSeconds", 60, 1e-3, 1e6) * 1e9),
                p.number("pagingThreshold", 10, 0, 1e12),
                p.number("shrinkFactor", 1, 0, 10),
                (int) p.integer("batch", 256, 1, 1 << 20));
        p.done();
        return v;
    }

    @Override
    public String name() {
        return "balloon-vmrm";
    }

    @Override
    public void start(RunContext run) {
        long[] lastPaging = {0};
        run.every(intervalNanos, intervalNanos, now -> {
            HostCounters hc = run.host().counters();
            long paging = hc.pageIns() + hc.pageOuts();
            boolean constrained = (paging - lastPaging[0]) / (intervalNanos / 1e9) > pagingThreshold;
            lastPaging[0] = paging;
            long guestFrames = 0;
            for (GuestHandle vm : run.guests()) {
                guestFrames += vm.frames();
            }
            long excess = Math.max(0, guestFrames - run.host().frames());
            for (GuestHandle vm : run.guests()) {
                long current = vm.balloon() == null ? 0 : vm.balloon().pages();
                long target;
                if (constrained) {
                    long share = Math.round(excess * shrinkFactor * vm.frames() / (double) guestFrames);
                    target = Math.min(share, current + vm.availableFrames());
                } else {
                    target = current / 2;
                }
                BalloonTarget.moveTo(run, vm, batch, Balloon.CMM_DEFLATE_ON_OOM, target, now);
            }
        });
    }
}
