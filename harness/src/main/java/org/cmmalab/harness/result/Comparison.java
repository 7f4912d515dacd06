package org.cmmalab.harness.result;

import java.util.List;

/**
 * A whole comparison: a scenario run under several policies and overcommit ratios.
 *
 * @param scenario             the scenario's name
 * @param seed                 the seed every run used
 * @param results              one per (policy, overcommit), overcommit-major in the order run
 * @param wallSeconds          wall-clock time of the whole comparison (the one number that is not deterministic)
 * @param referencesPerSecond  simulated page references per wall second, the harness's own speed
 */
public record Comparison(String scenario, long seed, List<RunResult> results, double wallSeconds,
                         double referencesPerSecond) {
    public Comparison {
        results = List.copyOf(results);
    }
}
