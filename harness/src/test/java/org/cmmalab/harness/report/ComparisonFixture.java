package org.cmmalab.harness.report;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.cmmalab.harness.result.Comparison;
import org.cmmalab.harness.result.Metric;
import org.cmmalab.harness.result.RunResult;
import org.cmmalab.harness.scenario.ScenarioFixtures;

/**
 * A small synthetic comparison for the report tests: policies {@code none} and {@code cmma} at
 * overcommit 1.0 and 2.0, two guests each, five host memory samples. Every metric is 0 (a tie,
 * so unmarked) except the ones set below, whose best values the tests know:
 * <pre>
 *                 1.0 none   1.0 cmma   2.0 none   2.0 cmma
 * throughput      1200.4*    1180.25    650.0      1100.75*
 * latencyP50Ms    1.5        1.25*      0          0
 * hostPageIns     0          0          123456     2048*
 * hostPageOuts    0          0          100000     512*
 * discards        0          0          0          50000     (a mechanism count: not ranked)
 * hintCpuMs       0          0          0.1+0.2*   12.5
 * </pre>
 */
final class ComparisonFixture {
    static final String SCENARIO = "web-farm";
    static final long SEED = 42;
    static final double WALL_SECONDS = 1.234;
    static final double REFERENCES_PER_SECOND = 2_345_678.9;
    /** The second guest's name needs RFC 4180 quoting. */
    static final List<String> GUESTS = List.of("web-1", "db \"2\", main");
    static final double[] SECONDS = {0, 10, 20, 30, 40};

    private ComparisonFixture() {
    }

    static Comparison comparison() {
        return comparison(runs());
    }

    /** The scenario the fixture stands for (two guests of 64 MiB, 40 s with 10 s of warm-up) and a command line. */
    static ReportContext context() {
        return ReportContext.of(ScenarioFixtures.parse(String.join("\n",
                "name: " + SCENARIO,
                "seed: " + SEED,
                "durationSeconds: 40",
                "warmupSeconds: 10",
                "overcommit: [1.0, 2.0]",
                "policies: [none, cmma]",
                "guests:",
                "  - {name: web, count: 2, memoryMiB: 64, workload: web-farm}",
                "")), List.of("compare", "--out", "my report"));
    }

    static Comparison comparison(List<RunResult> runs) {
        return new Comparison(SCENARIO, SEED, runs, WALL_SECONDS, REFERENCES_PER_SECOND);
    }

    /** The four runs, overcommit-major: none 1.0, cmma 1.0, none 2.0, cmma 2.0; a list to change. */
    static List<RunResult> runs() {
        return new ArrayList<>(List.of(
                run("none", 1.0, Map.of(Metric.THROUGHPUT, 1200.4, Metric.LATENCY_P50, 1.5)),
                run("cmma", 1.0, Map.of(Metric.THROUGHPUT, 1180.25, Metric.LATENCY_P50, 1.25)),
                run("none", 2.0, Map.of(Metric.THROUGHPUT, 650.0, Metric.HOST_PAGE_INS, 123456.0,
                        Metric.HOST_PAGE_OUTS, 100000.0, Metric.HINT_CPU_MS, 0.1 + 0.2)),
                run("cmma", 2.0, Map.of(Metric.THROUGHPUT, 1100.75, Metric.HOST_PAGE_INS, 2048.0,
                        Metric.HOST_PAGE_OUTS, 512.0, Metric.DISCARDS, 50000.0, Metric.HINT_CPU_MS, 12.5))));
    }

    /** A run with every metric 0 but {@code set}, guests that split it in half, and a rising host memory line. */
    static RunResult run(String policy, double overcommit, Map<Metric, Double> set) {
        double[] values = new double[SECONDS.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = overcommit * 1000 - (policy.equals("cmma") ? 300 : 0) + i * 37.5;
        }
        return run(policy, overcommit, set, new RunResult.TimeSeries("MiB", SECONDS, values));
    }

    static RunResult run(String policy, double overcommit, Map<Metric, Double> set, RunResult.TimeSeries hostMemory) {
        Map<Metric, Double> total = new EnumMap<>(Metric.class);
        for (Metric metric : Metric.values()) {
            total.put(metric, set.getOrDefault(metric, 0.0));
        }
        List<RunResult.GuestResult> guests = new ArrayList<>();
        for (String name : GUESTS) {
            Map<Metric, Double> half = new EnumMap<>(Metric.class);
            total.forEach((metric, value) -> half.put(metric, value / 2));
            half.remove(Metric.HOST_MEMORY_PEAK);
            half.remove(Metric.HOST_MEMORY_MEAN);
            guests.add(new RunResult.GuestResult(name, half));
        }
        return new RunResult(policy, overcommit, total, guests, hostMemory);
    }

    /** The fixture with one more metric set in the cmma run at 2.0. */
    static Comparison withCmmaAt2(Metric metric, double value) {
        List<RunResult> runs = runs();
        RunResult old = runs.get(3);
        Map<Metric, Double> set = new EnumMap<>(old.total());
        set.put(metric, value);
        runs.set(3, run(old.policy(), old.overcommit(), set, old.hostMemory()));
        return comparison(runs);
    }
}
