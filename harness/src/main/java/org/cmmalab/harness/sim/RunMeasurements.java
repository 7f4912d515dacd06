package org.cmmalab.harness.sim;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.Histogram;
import org.cmmalab.guestmm.GuestCounters;
import org.cmmalab.harness.result.Metric;
import org.cmmalab.harness.result.RaceCounts;
import org.cmmalab.harness.result.RunResult;
import org.cmmalab.hostpager.Host;
import org.cmmalab.hostpager.HostCounters;
import org.cmmalab.pagestates.Orc;

/**
 * What a run measures beside the guests' charges, and the result it makes of them: the host's
 * memory in use and what page sharing saved, sampled at a fixed virtual interval; the host's
 * daemons' CPU; the guests' and the host's tallies when the warm-up ended
 * ({@link MetricTally}); and at the end every {@link Metric}, per guest and for the run.
 */
final class RunMeasurements {
    private final Host host;
    private final HostPaging paging;
    private final String policy;
    private final double overcommit;
    private final long warmupNanos;
    private final List<double[]> memorySamples = new ArrayList<>();
    /** The host's tally when the warm-up ended. */
    private MetricTally hostAtWarmup = new MetricTally();
    private long hostCpuNanos;
    private double sharingSavedSum;
    private int sharingSavedSamples;
    private double tierFramesSum;

    RunMeasurements(Host host, HostPaging paging, String policy, double overcommit, long warmupNanos) {
        this.host = host;
        this.paging = paging;
        this.policy = policy;
        this.overcommit = overcommit;
        this.warmupNanos = warmupNanos;
    }

    /**
     * Samples host memory in use at {@code t}, and after the warm-up what page sharing saves and
     * what the memory tier in front of the paging device holds of host memory (the host's zswap).
     */
    void sample(long t) {
        memorySamples.add(new double[] {t / 1e9, (host.frames() - host.freeFrames()) / (double) Machine.FRAMES_PER_MIB});
        if (t >= warmupNanos) {
            sharingSavedSum += host.sharing().framesSaved() / (double) Machine.FRAMES_PER_MIB;
            sharingSavedSamples++;
            tierFramesSum += host.device().tier().hostFrames();
        }
    }

    /** Records host CPU time of a host-side daemon (the PPR recycler, KSM), which no guest waits for. */
    void chargeHost(long nanos) {
        hostCpuNanos += nanos;
    }

    /** The warm-up ends: what every guest and the host counted so far is left out of the metrics. */
    void markWarm(List<GuestVm> guests) {
        for (GuestVm vm : guests) {
            vm.tallyAtWarm = vm.tally.copy();
            for (Orc orc : Orc.values()) {
                vm.essaAtWarm[orc.ordinal()] = vm.kernel().counters().essa(orc);
            }
            vm.racesAtWarm = Races.read(vm);
        }
        hostAtWarmup = hostTally();
    }

    /** What the host's own counters say now, for every metric whose run value is the host's. */
    private MetricTally hostTally() {
        HostCounters hc = host.counters();
        MetricTally t = new MetricTally();
        t.set(Metric.HOST_PAGE_INS, hc.pageIns());
        t.set(Metric.HOST_PAGE_OUTS, hc.pageOuts());
        t.set(Metric.DISCARDS, hc.discards());
        t.set(Metric.ZERO_FILLS, hc.zeroFills());
        paging.tally(t, host.device().tier());
        t.set(Metric.HOST_CPU_MS, hostCpuNanos);
        return t;
    }

    /** The result of a run that ended at {@code end}: {@code durationSeconds}, or earlier when every finite job was done. */
    RunResult result(List<GuestVm> guests, long end) {
        double seconds = (end - warmupNanos) / 1e9;
        Histogram all = new Histogram(3_600_000_000L, 3);
        List<RunResult.GuestResult> perGuest = new ArrayList<>();
        MetricTally sum = new MetricTally();
        Map<Orc, Double> essaByOp = new EnumMap<>(Orc.class);
        RaceCounts races = RaceCounts.none();
        long requests = 0;
        double jobSeconds = 0;
        for (GuestVm vm : guests) {
            GuestCounters gc = vm.kernel().counters();
            vm.tally.set(Metric.LOST_PAGES, gc.lostPages());
            vm.tally.set(Metric.LEAKS, gc.leaks());
            MetricTally tally = vm.tally.since(vm.tallyAtWarm);
            Map<Metric, Double> m = metrics(tally, throughput(vm.requests, seconds), vm.latencyMicros);
            m.put(Metric.JOB_SECONDS, vm.finishedAt < 0 ? Double.NaN : vm.finishedAt / 1e9);
            jobSeconds = Math.max(jobSeconds, m.get(Metric.JOB_SECONDS)); // NaN, if any guest's job is not done
            Map<Orc, Double> essa = essaSinceWarm(vm);
            essa.forEach((orc, n) -> essaByOp.merge(orc, n, Double::sum));
            RaceCounts guestRaces = Races.read(vm).since(vm.racesAtWarm);
            races = races.plus(guestRaces);
            perGuest.add(new RunResult.GuestResult(vm.name, m, essa, guestRaces));
            all.add(vm.latencyMicros);
            requests += vm.requests;
            sum.addAll(tally);
        }
        Map<Metric, Double> total = metrics(sum, throughput(requests, seconds), all);
        total.put(Metric.JOB_SECONDS, jobSeconds);
        hostTally().since(hostAtWarmup).putMetrics(total, Metric::talliedByHost);
        double peak = 0, mean = 0;
        int n = 0;
        double[] secs = new double[memorySamples.size()];
        double[] mib = new double[memorySamples.size()];
        for (int i = 0; i < secs.length; i++) {
            secs[i] = memorySamples.get(i)[0];
            mib[i] = memorySamples.get(i)[1];
            if (secs[i] * 1e9 >= warmupNanos) {
                peak = Math.max(peak, mib[i]);
                mean += mib[i];
                n++;
            }
        }
        total.put(Metric.HOST_MEMORY_PEAK, peak);
        total.put(Metric.HOST_MEMORY_MEAN, n == 0 ? 0 : mean / n);
        total.put(Metric.SHARING_SAVED_MIB, sharingSavedSamples == 0 ? 0 : sharingSavedSum / sharingSavedSamples);
        total.put(Metric.HOST_ZSWAP_MIB,
                sharingSavedSamples == 0 ? 0 : tierFramesSum / Machine.FRAMES_PER_MIB / sharingSavedSamples);
        return new RunResult(policy, overcommit, total, perGuest, new RunResult.TimeSeries("MiB", secs, mib),
                List.of(), essaByOp, races);
    }

    /** The guest's ESSA operations since the warm-up ended, by operation-request code. */
    private static Map<Orc, Double> essaSinceWarm(GuestVm vm) {
        Map<Orc, Double> essa = new EnumMap<>(Orc.class);
        for (Orc orc : Orc.values()) {
            essa.put(orc, (double) (vm.kernel().counters().essa(orc) - vm.essaAtWarm[orc.ordinal()]));
        }
        return essa;
    }

    /** Requests per second of measured time; 0 if every job was done before the warmup ended. */
    private static double throughput(long requests, double seconds) {
        return seconds > 0 ? requests / seconds : 0;
    }

    /** The metrics of a guest's (or the guests' summed) tally since warm-up, with its requests' throughput and latency. */
    private static Map<Metric, Double> metrics(MetricTally tally, double throughput, AbstractHistogram latency) {
        Map<Metric, Double> m = new EnumMap<>(Metric.class);
        m.put(Metric.THROUGHPUT, throughput);
        m.put(Metric.LATENCY_P50, latency.getTotalCount() == 0 ? 0 : latency.getValueAtPercentile(50) / 1000.0);
        m.put(Metric.LATENCY_P99, latency.getTotalCount() == 0 ? 0 : latency.getValueAtPercentile(99) / 1000.0);
        tally.putMetrics(m, Metric::talliedPerGuest);
        return m;
    }
}
