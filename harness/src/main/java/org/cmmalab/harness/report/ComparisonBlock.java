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
 * each row. The best value of a row is marked by {@link Metric#higherIsBetter()}; the invariant
 * rows ({@code lostPages}, {@code leaks}) are never ranked, because any value but 0 is a failure,
 * not a worse score, and the block lists those failures instead.
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

    /** Whether {@code metric} is an invariant that must be 0 rather than a score. */
    static boolean isInvariant(Metric metric) {
        return metric == Metric.LOST_PAGES || metric == Metric.LEAKS;
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
     * Whether {@code policy} holds the best value of the {@code metric} row. Ties for best are all
     * marked; a row where every policy has the same value has no best; missing values (no run,
     * NaN) never compete.
     */
    boolean isBest(String policy, Metric metric) {
        RunResult mine = results.get(policy);
        if (isInvariant(metric) || mine == null || Double.isNaN(mine.get(metric))) {
            return false;
        }
        DoubleSummaryStatistics values = results.values().stream().mapToDouble(r -> r.get(metric))
                .filter(v -> !Double.isNaN(v)).summaryStatistics();
        if (values.getMin() == values.getMax()) {
            return false;
        }
        return mine.get(metric) == (metric.higherIsBetter() ? values.getMax() : values.getMin());
    }

    /** Whether the invariant {@code metric} is broken in the run of {@code policy}. */
    boolean isViolation(String policy, Metric metric) {
        RunResult result = results.get(policy);
        return isInvariant(metric) && result != null && result.get(metric) != 0;
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
