package org.cmmalab.harness.sim;

import java.util.Map;
import java.util.function.Predicate;
import org.cmmalab.harness.result.Metric;

/**
 * What a run tallied, by metric: a guest's tally is what its own work was charged (its faults,
 * and the direct reclaim they ran into; its drivers), the host's what its own counters say, its
 * background reclaim included. Which metrics each tallies, and how a tally becomes a value, is
 * the metric's definition ({@link Metric.Counting}, {@link Metric#tallyPerUnit()}).
 */
final class MetricTally {
    private static final Metric[] METRICS = Metric.values();
    private final long[] counts = new long[METRICS.length];

    void add(Metric m, long n) {
        counts[m.ordinal()] += n;
    }

    long get(Metric m) {
        return counts[m.ordinal()];
    }

    void set(Metric m, long n) {
        counts[m.ordinal()] = n;
    }

    MetricTally copy() {
        MetricTally c = new MetricTally();
        System.arraycopy(counts, 0, c.counts, 0, counts.length);
        return c;
    }

    /** This tally less {@code warm}, taken when the warm-up ended: an invariant keeps its whole run's count. */
    MetricTally since(MetricTally warm) {
        MetricTally d = new MetricTally();
        for (Metric m : METRICS) {
            int i = m.ordinal();
            d.counts[i] = m.counting() == Metric.Counting.WHOLE_RUN ? counts[i] : counts[i] - warm.counts[i];
        }
        return d;
    }

    void addAll(MetricTally o) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += o.counts[i];
        }
    }

    /**
     * Puts the value of every metric that {@code which} accepts into {@code out}
     * ({@link Metric#talliedPerGuest}, {@link Metric#talliedByHost}).
     */
    void putMetrics(Map<Metric, Double> out, Predicate<Metric> which) {
        for (Metric m : METRICS) {
            if (which.test(m)) {
                out.put(m, counts[m.ordinal()] / m.tallyPerUnit());
            }
        }
    }
}
