package org.cmmalab.harness.report;

import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cmmalab.harness.result.Comparison;
import org.cmmalab.harness.result.Metric;
import org.cmmalab.harness.result.RunResult;

/**
 * One overcommit ratio of a comparison as the table and the page show it: a column for every
 * policy of the comparison (so that columns line up from block to block), and the judgement of
 * each row. Only a metric that has a better direction ({@link Metric#ranked()}) is ranked;
 * mechanism counts are not, and neither are the invariant rows ({@code lostPages}, {@code leaks}),
 * because any value but 0 is a failure, not a worse score: the block lists those failures instead.
 * Values are compared as the reports show them, so two values that look equal are a tie.
 */
final class ComparisonBlock {
    private final double overcommit;
    private final List<String> policies;
    private final Map<String, RunResult> results = new HashMap<>();

    private ComparisonBlock(double overcommit, List<String> policies) {
        this.overcommit = overcommit;
        this.policies = policies;
    }

    /** The comparison's blocks, by ascending overcommit. */
    static List<ComparisonBlock> of(Comparison comparison) {
        List<String> policies = policies(comparison);
        Map<Double, ComparisonBlock> blocks = new TreeMap<>();
        for (RunResult result : comparison.results()) {
            blocks.computeIfAbsent(result.overcommit(), ratio -> new ComparisonBlock(ratio, policies))
                    .results.put(result.policy(), result);
        }
        return List.copyOf(blocks.values());
    }

    /** Every policy of the comparison, in the order it first ran. */
    static List<String> policies(Comparison comparison) {
        LinkedHashSet<String> policies = new LinkedHashSet<>();
        comparison.results().forEach(result -> policies.add(result.policy()));
        return List.copyOf(policies);
    }

    double overcommit() {
        return overcommit;
    }

    List<String> policies() {
        return policies;
    }

    /** The run of {@code policy} at this ratio, or null if the comparison has none. */
    RunResult result(String policy) {
        return results.get(policy);
    }

    /**
     * Whether {@code policy} holds the best value of the {@code metric} row, as shown: every
     * policy whose shown value equals the best one is marked, and a row where every policy shows
     * the same value has no best. Missing values (no run, NaN) never compete.
     */
    boolean isBest(String policy, Metric metric) {
        RunResult mine = results.get(policy);
        if (!metric.ranked() || mine == null || Double.isNaN(mine.get(metric))) {
            return false;
        }
        DoubleSummaryStatistics values = results.values().stream().mapToDouble(r -> r.get(metric))
                .filter(v -> !Double.isNaN(v)).summaryStatistics();
        String best = shown(metric, metric.better() == Metric.Better.HIGHER ? values.getMax() : values.getMin());
        String worst = shown(metric, metric.better() == Metric.Better.HIGHER ? values.getMin() : values.getMax());
        return !best.equals(worst) && shown(metric, mine.get(metric)).equals(best);
    }

    private static String shown(Metric metric, double value) {
        return ComparisonNumbers.readable(metric, value);
    }

    /** Whether the invariant {@code metric} is broken in the run of {@code policy}. */
    boolean isViolation(String policy, Metric metric) {
        RunResult result = results.get(policy);
        return metric.better() == Metric.Better.ZERO && result != null && result.get(metric) != 0;
    }

    /** Each broken invariant, such as {@code lostPages = 3 under cmma}; empty when all hold. */
    List<String> violations() {
        List<String> violations = new ArrayList<>();
        for (Metric metric : Metric.values()) {
            for (String policy : policies) {
                if (isViolation(policy, metric)) {
                    violations.add(metric.key() + " = "
                            + ComparisonNumbers.readable(metric, results.get(policy).get(metric))
                            + " under " + policy);
                }
            }
        }
        return violations;
    }
}
