package org.cmmalab.harness.policy.damon;

import java.util.List;
import java.util.SplittableRandom;
import org.cmmalab.guestmm.damon.DamonReclaim;
import org.cmmalab.harness.policy.GuestHandle;
import org.cmmalab.harness.policy.Mechanism;
import org.cmmalab.harness.policy.Policy;
import org.cmmalab.harness.policy.RunContext;
import org.cmmalab.harness.yaml.YamlMapping;

/**
 * {@code damon-reclaim}: each guest runs DAMON_RECLAIM ({@link DamonReclaim}; Linux
 * {@code mm/damon/reclaim.c}, 5.16 and later, modelled as of 6.7), which pages out memory DAMON
 * found not accessed for {@code minAgeSeconds}, under its time and size quotas, between its
 * free-memory watermarks. Every parameter has the kernel's default: {@code sampleMillis} 5,
 * {@code aggrMillis} 100, {@code minRegions} 10, {@code maxRegions} 1000, {@code minAgeSeconds}
 * 120, {@code quotaMillis} 10, {@code quotaMiB} 128, {@code quotaResetMillis} 1000,
 * {@code wmarksIntervalSeconds} 5, {@code wmarksHigh} 500, {@code wmarksMid} 400,
 * {@code wmarksLow} 200 (permille of free memory). Combined with {@code free-page-reporting}, what
 * it frees goes back to the host.
 *
 * <p>Cost: kdamond runs on the guest's vCPU: each sample makes one page of every region old and
 * checks one, {@code accessCheckNanos} (100, our estimate of one reverse-map walk that tests or
 * clears a page's accessed bits) each, charged in {@code driverCpuMs}; the page-out is reclaim's
 * work, charged as any (swap writes, page-ins of the copies it reads) and measured for the time
 * quota. Pages paged out are counted in {@code damonPageouts}.
 */
public final class DamonReclaimPolicy implements Policy {
    /** Mixes the scenario's seed with a guest's number into DAMON's random choices for that guest. */
    private static final long SEED_MIX = 0xD1B54A32D192ED03L;

    private final DamonReclaim.Params params;
    private final long accessCheckNanos;

    private DamonReclaimPolicy(DamonReclaim.Params params, long accessCheckNanos) {
        this.params = params;
        this.accessCheckNanos = accessCheckNanos;
    }

    public static DamonReclaimPolicy parse(YamlMapping p) {
        DamonReclaim.Params d = DamonReclaim.DEFAULTS;
        long sample = millis(p, "sampleMillis", d.sampleNanos(), 0.1, 1e5);
        long aggr = millis(p, "aggrMillis", d.aggrNanos(), 0.1, 1e6);
        if (aggr < sample) {
            throw p.error("aggrMillis", "aggrMillis must be at least sampleMillis (" + sample / 1e6 + ")");
        }
        int minRegions = (int) p.integer("minRegions", d.minRegions(), 3, 100_000);
        int maxRegions = (int) p.integer("maxRegions", d.maxRegions(), 3, 100_000);
        if (maxRegions < minRegions) {
            throw p.error("maxRegions", "maxRegions must be at least minRegions (" + minRegions + ")");
        }
        long minAge = Math.round(p.number("minAgeSeconds", d.minAgeNanos() / 1e9, 0, 1e7) * 1e9);
        long quota = millis(p, "quotaMillis", d.quotaNanos(), 0, 1e6);
        long quotaBytes = p.integer("quotaMiB", d.quotaBytes() >> 20, 0, 1 << 20) << 20;
        long reset = millis(p, "quotaResetMillis", d.resetNanos(), 1, 1e7);
        long wmarks = Math.round(p.number("wmarksIntervalSeconds", d.wmarksNanos() / 1e9, 1e-3, 1e6) * 1e9);
        int high = (int) p.integer("wmarksHigh", d.high(), 0, 1000);
        int mid = (int) p.integer("wmarksMid", d.mid(), 0, 1000);
        int low = (int) p.integer("wmarksLow", d.low(), 0, 1000);
        if (!(low <= mid && mid <= high)) {
            throw p.error("wmarksMid", "the watermarks must satisfy wmarksLow <= wmarksMid <= wmarksHigh, were " + low
                    + ", " + mid + ", " + high);
        }
        long check = p.integer("accessCheckNanos", 100, 0, 1_000_000);
        p.done();
        return new DamonReclaimPolicy(new DamonReclaim.Params(sample, aggr, minRegions, maxRegions, minAge, quota,
                quotaBytes, reset, wmarks, high, mid, low), check);
    }

    private static long millis(YamlMapping p, String key, long fallbackNanos, double min, double max) {
        return Math.round(p.number(key, fallbackNanos / 1e6, min, max) * 1e6);
    }

    @Override
    public String name() {
        return "damon-reclaim";
    }

    @Override
    public List<Mechanism> mechanisms() {
        return List.of(new Mechanism.DamonRegions(params.maxRegions()));
    }

    @Override
    public void start(RunContext run) {
        for (GuestHandle vm : run.guests()) {
            SplittableRandom random = new SplittableRandom(run.seed() * SEED_MIX + vm.kernel().config().guest());
            DamonReclaim damon = new DamonReclaim(vm.kernel(), params, random);
            run.every(0, params.sampleNanos(), now -> sample(vm, damon, now));
        }
    }

    /** One sampling interval of kdamond on the guest's vCPU. */
    private void sample(GuestHandle vm, DamonReclaim damon, long now) {
        boolean wasActive = damon.active();
        long pagedOut = damon.pagedOut();
        long[] charged = {0};
        long cost = vm.driverWork(now, 0, () -> charged[0] = damon.sample(now));
        if (charged[0] > 0) {
            damon.charged(cost);
        }
        vm.chargePageouts(damon.pagedOut() - pagedOut);
        if (wasActive || damon.active()) {
            long checks = 2L * damon.regions() * accessCheckNanos;
            vm.delay(checks);
            vm.chargeDriver(checks);
        }
    }
}
