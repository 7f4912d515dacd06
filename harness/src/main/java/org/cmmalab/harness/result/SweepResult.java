package org.cmmalab.harness.result;

import java.util.List;

/**
 * A whole sweep: for each scenario its comparison at every seed and, per policy and overcommit
 * ratio, the median of every metric across the seeds.
 *
 * @param scenarios           one per scenario, in the order given
 * @param threads             how many runs went at once; 0 for runs run apart and merged ({@code cmma merge})
 * @param wallSeconds         wall-clock time of the whole sweep (not deterministic)
 * @param referencesPerSecond simulated page references per wall second over the sweep (not deterministic)
 */
public record SweepResult(List<ScenarioSweep> scenarios, int threads, double wallSeconds, double referencesPerSecond) {
    public SweepResult {
        scenarios = List.copyOf(scenarios);
    }

    /**
     * One scenario of a sweep.
     *
     * @param scenario the scenario's name
     * @param seeds    the seeds it ran at, in order
     * @param bySeed   its comparison at each seed, in the same order
     * @param median   per (policy, overcommit), in the comparisons' order, the median of each metric across seeds
     */
    public record ScenarioSweep(String scenario, List<Long> seeds, List<Comparison> bySeed, List<RunResult> median) {
        public ScenarioSweep {
            seeds = List.copyOf(seeds);
            bySeed = List.copyOf(bySeed);
            median = List.copyOf(median);
        }
    }
}
