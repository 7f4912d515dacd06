package org.cmmalab.harness.result;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.cmmalab.pagestates.Race;

/**
 * The median across seeds of one scenario's comparisons: run by run (the same policy and ratio
 * sit at the same index in every comparison of one scenario), metric by metric, for the machine
 * and for each guest. The median of an even count is the mean of the middle two. A metric that is
 * missing (NaN) at any seed, such as the time of a job that did not finish, has no median: NaN.
 */
public final class Medians {
    private static final RunResult.TimeSeries NO_SAMPLES = new RunResult.TimeSeries("MiB", new double[0], new double[0]);

    private Medians() {
    }

    /** One median run per run of the comparisons, which must all come from one scenario. */
    public static List<RunResult> of(List<Comparison> bySeed) {
        List<RunResult> first = bySeed.get(0).results();
        List<RunResult> median = new ArrayList<>();
        for (int r = 0; r < first.size(); r++) {
            int run = r;
            List<RunResult> runs = bySeed.stream().map(c -> c.results().get(run)).toList();
            List<RunResult.GuestResult> guests = new ArrayList<>();
            for (int g = 0; g < first.get(r).guests().size(); g++) {
                int guest = g;
                guests.add(new RunResult.GuestResult(first.get(r).guests().get(g).name(),
                        median(runs, x -> x.guests().get(guest).metrics()),
                        median(runs, x -> x.guests().get(guest).essaByOp()),
                        races(runs, x -> x.guests().get(guest).races())));
            }
            median.add(new RunResult(first.get(r).policy(), first.get(r).overcommit(), median(runs, RunResult::total),
                    guests, NO_SAMPLES, List.of(), median(runs, RunResult::essaByOp), races(runs, RunResult::races)));
        }
        return median;
    }

    /** Key by key, the median of each run's value ({@link Metric}s, or ESSA counts by code). */
    private static <K extends Enum<K>> Map<K, Double> median(List<RunResult> runs, Function<RunResult, Map<K, Double>> metrics) {
        Map<K, Double> out = new java.util.HashMap<>();
        for (K m : metrics.apply(runs.get(0)).keySet()) {
            double[] values = runs.stream().mapToDouble(r -> metrics.apply(r).getOrDefault(m, Double.NaN)).toArray();
            out.put(m, median(values));
        }
        return out;
    }

    /** Count by count, the median of each run's race counts. */
    private static RaceCounts races(List<RunResult> runs, Function<RunResult, RaceCounts> races) {
        Map<Race, double[]> out = new java.util.EnumMap<>(Race.class);
        for (Race race : Race.values()) {
            double[] m = new double[race.counts().size()];
            for (int i = 0; i < m.length; i++) {
                int count = i;
                m[i] = median(runs.stream().mapToDouble(r -> races.apply(r).values(race)[count]).toArray());
            }
            out.put(race, m);
        }
        return RaceCounts.of(out);
    }

    /** The median of {@code values}; NaN if any is NaN. */
    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v); // NaN sorts last
        if (Double.isNaN(v[v.length - 1])) {
            return Double.NaN;
        }
        int mid = v.length / 2;
        return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    }
}
