package org.cmmalab.harness.experiment.comparison;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.function.LongConsumer;
import org.cmmalab.harness.experiment.RunPool;
import org.cmmalab.harness.experiment.Runs;
import org.cmmalab.harness.policy.Policy;
import org.cmmalab.harness.result.Comparison;
import org.cmmalab.harness.result.Medians;
import org.cmmalab.harness.result.SweepResult;
import org.cmmalab.harness.scenario.Scenario;

/**
 * A sweep: several scenarios, each compared at several seeds. Every run of every comparison is
 * an independent pure function of its scenario, seed, overcommit ratio and policy, so all of them
 * go onto one pool of {@code threads} threads at once (no comparison waits for a slow run of
 * another), and the results, collected in order, are the same bit for bit as running the
 * comparisons one by one.
 */
public final class Sweep {
    /** A scenario and the policies it compares. */
    public record Entry(Scenario scenario, List<Policy> policies) {
        public Entry {
            policies = List.copyOf(policies);
        }
    }

    private final List<Entry> entries;
    private final List<Long> seeds;

    /** {@code seeds} empty: each scenario at its own seed. */
    public Sweep(List<Entry> entries, List<Long> seeds) {
        this.entries = List.copyOf(entries);
        this.seeds = List.copyOf(seeds);
    }

    /** The runs of every comparison of the sweep. */
    public int runs() {
        int runs = 0;
        for (Entry e : entries) {
            runs += e.scenario().overcommit().size() * e.policies().size() * seedsOf(e.scenario()).size();
        }
        return runs;
    }

    /** Runs every comparison; {@code progress} is told each advance of virtual time in nanoseconds, from any thread. */
    public SweepResult run(int threads, LongConsumer progress) {
        List<List<ComparisonRunner>> runners = new ArrayList<>();
        for (Entry e : entries) {
            List<ComparisonRunner> bySeed = new ArrayList<>();
            for (long seed : seedsOf(e.scenario())) {
                Scenario s = e.scenario().withSeed(seed);
                ComparisonRunner runner = new ComparisonRunner(s, s.overcommit(), e.policies());
                runner.check();
                bySeed.add(runner);
            }
            runners.add(bySeed);
        }
        long start = System.nanoTime();
        ExecutorService pool = RunPool.pool(threads, "cmma-sweep");
        try {
            List<List<ComparisonRunner.Started>> started = new ArrayList<>();
            for (List<ComparisonRunner> bySeed : runners) {
                started.add(bySeed.stream().map(r -> r.start(pool, progress)).toList());
            }
            List<SweepResult.ScenarioSweep> scenarios = new ArrayList<>();
            double references = 0;
            for (int i = 0; i < entries.size(); i++) {
                List<Comparison> comparisons = new ArrayList<>();
                for (ComparisonRunner.Started s : started.get(i)) {
                    Comparison c = s.finish(start);
                    comparisons.add(c);
                    references += c.referencesPerSecond() * c.wallSeconds();
                }
                scenarios.add(new SweepResult.ScenarioSweep(entries.get(i).scenario().name(),
                        seedsOf(entries.get(i).scenario()), comparisons, Medians.of(comparisons)));
            }
            double wall = (System.nanoTime() - start) / 1e9;
            return new SweepResult(scenarios, threads, wall, references / Math.max(wall, 1e-9));
        } finally {
            pool.shutdownNow();
        }
    }

    private List<Long> seedsOf(Scenario s) {
        return seeds.isEmpty() ? List.of(s.seed()) : seeds;
    }
}
