package org.cmmalab.harness.result;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What one run (one policy at one overcommit ratio) measured: every {@link Metric} for the whole
 * machine and for each guest, and the host's memory in use over virtual time.
 *
 * @param policy     the policy's registered name, such as {@code cmma+balloon-vmrm}
 * @param overcommit guest memory over host memory
 * @param total      every metric, summed (or for latencies, taken) over all guests
 * @param guests     the same metrics per guest, in guest order
 * @param hostMemory host memory in use, sampled at a fixed virtual interval
 * @param migrations each guest's live migration, in guest order; empty without a {@code migration:} section
 */
public record RunResult(String policy, double overcommit, Map<Metric, Double> total,
                        List<GuestResult> guests, TimeSeries hostMemory, List<MigrationResult> migrations) {
    public RunResult {
        total = new EnumMap<>(total);
        guests = List.copyOf(guests);
        migrations = List.copyOf(migrations);
    }

    /** A run without a migration. */
    public RunResult(String policy, double overcommit, Map<Metric, Double> total, List<GuestResult> guests,
                     TimeSeries hostMemory) {
        this(policy, overcommit, total, guests, hostMemory, List.of());
    }

    public double get(Metric metric) {
        Double v = total.get(metric);
        return v == null ? 0 : v;
    }

    /** One guest's metrics. */
    public record GuestResult(String name, Map<Metric, Double> metrics) {
        public GuestResult {
            metrics = new EnumMap<>(metrics);
        }
    }

    /** Samples of one quantity over virtual time: seconds and values, same length. */
    public record TimeSeries(String unit, double[] seconds, double[] values) {
    }
}
