package org.cmmalab.harness.result;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.cmmalab.pagestates.Orc;

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
 * @param essaByOp   ESSA operations after warm-up, all guests, by operation-request code (every
 *                   code present; all zero for a policy without hints)
 * @param races      the protocol's races met after warm-up, all guests ({@link RaceCounts})
 */
public record RunResult(String policy, double overcommit, Map<Metric, Double> total,
                        List<GuestResult> guests, TimeSeries hostMemory, List<MigrationResult> migrations,
                        Map<Orc, Double> essaByOp, RaceCounts races) {
    public RunResult {
        total = new EnumMap<>(total);
        guests = List.copyOf(guests);
        migrations = List.copyOf(migrations);
        essaByOp = byOp(essaByOp);
    }

    /** A run without a migration. */
    public RunResult(String policy, double overcommit, Map<Metric, Double> total, List<GuestResult> guests,
                     TimeSeries hostMemory) {
        this(policy, overcommit, total, guests, hostMemory, List.of(), Map.of(), RaceCounts.none());
    }

    /** A run that counted no ESSA by operation and no race. */
    public RunResult(String policy, double overcommit, Map<Metric, Double> total, List<GuestResult> guests,
                     TimeSeries hostMemory, List<MigrationResult> migrations) {
        this(policy, overcommit, total, guests, hostMemory, migrations, Map.of(), RaceCounts.none());
    }

    /** This result with {@code runs} as its live migrations. */
    public RunResult withMigrations(List<MigrationResult> runs) {
        return new RunResult(policy, overcommit, total, guests, hostMemory, runs, essaByOp, races);
    }

    public double get(Metric metric) {
        Double v = total.get(metric);
        return v == null ? 0 : v;
    }

    /** One guest's metrics, its ESSA operations after warm-up by operation-request code, and the races it met. */
    public record GuestResult(String name, Map<Metric, Double> metrics, Map<Orc, Double> essaByOp, RaceCounts races) {
        public GuestResult {
            metrics = new EnumMap<>(metrics);
            essaByOp = byOp(essaByOp);
        }

        public GuestResult(String name, Map<Metric, Double> metrics) {
            this(name, metrics, Map.of(), RaceCounts.none());
        }
    }

    /** Every code, in code order; a code missing from {@code counts} counts 0. */
    private static Map<Orc, Double> byOp(Map<Orc, Double> counts) {
        Map<Orc, Double> all = new EnumMap<>(Orc.class);
        for (Orc orc : Orc.values()) {
            all.put(orc, counts.getOrDefault(orc, 0.0));
        }
        return all;
    }

    /** Samples of one quantity over virtual time: seconds and values, same length. */
    public record TimeSeries(String unit, double[] seconds, double[] values) {
    }
}
