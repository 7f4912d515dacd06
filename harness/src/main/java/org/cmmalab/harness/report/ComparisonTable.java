package org.cmmalab.harness.report;

import java.io.PrintStream;
import java.util.List;
import org.cmmalab.harness.result.Comparison;
import org.cmmalab.harness.result.Metric;
import org.cmmalab.harness.result.RunResult;

/**
 * The side-by-side console table of a comparison, what {@code cmma compare} prints: one block
 * per overcommit ratio, headed by scenario, seed and ratio; a column per policy, a row per
 * {@link Metric} (every one, or those chosen) with its unit. A {@code *} follows the best value of
 * a ranked row ({@link ComparisonBlock#isBest}); mechanism counts and the invariant rows are never
 * ranked, and when an invariant is broken the block says so in capitals before the table and puts
 * a {@code !} after the value. Columns have one width across all blocks so that the blocks can be
 * read against each other.
 */
public final class ComparisonTable {
    private static final String BEST = "*";
    private static final String BROKEN = "!";
    private static final String GAP = "  ";

    private ComparisonTable() {
    }

    public static void print(Comparison comparison, PrintStream out) {
        print(comparison, List.of(Metric.values()), out);
    }

    /** The table with the rows of {@code metrics} only, in that order. */
    public static void print(Comparison comparison, List<Metric> metrics, PrintStream out) {
        printBlocks(comparison, comparison.scenario() + ", seed " + comparison.seed(), metrics, out);
        printFooter(out);
        out.printf("wall time %s s, %s simulated references per wall second%n",
                ComparisonNumbers.significant(comparison.wallSeconds()),
                ComparisonNumbers.significant(comparison.referencesPerSecond()));
    }

    /** The blocks alone, each headed by {@code heading} and its ratio ({@code web-farm, seed 42, overcommit 2.0}). */
    public static void printBlocks(Comparison comparison, String heading, PrintStream out) {
        printBlocks(comparison, heading, List.of(Metric.values()), out);
    }

    private static void printBlocks(Comparison comparison, String heading, List<Metric> metrics, PrintStream out) {
        List<ComparisonBlock> blocks = ComparisonBlock.of(comparison);
        int keyWidth = "metric".length();
        int unitWidth = "unit".length();
        for (Metric metric : metrics) {
            keyWidth = Math.max(keyWidth, metric.key().length());
            unitWidth = Math.max(unitWidth, metric.unit().length());
        }
        int cellWidth = cellWidth(blocks);
        String rowFormat = "%-" + keyWidth + "s" + GAP + "%-" + unitWidth + "s";

        for (ComparisonBlock block : blocks) {
            out.printf("%s, overcommit %s%n", heading, ComparisonNumbers.ratio(block.overcommit()));
            List<String> violations = block.violations();
            if (!violations.isEmpty()) {
                out.println("!!! INVARIANT BROKEN: DATA WAS LOST OR LEAKED; THESE MUST BE 0:");
                violations.forEach(v -> out.println("!!!   " + v));
            }
            out.printf(rowFormat, "metric", "unit");
            block.policies().forEach(p -> out.print(GAP + pad(p + " ", cellWidth)));
            out.println();
            out.printf(rowFormat, "-".repeat(keyWidth), "-".repeat(unitWidth));
            block.policies().forEach(p -> out.print(GAP + "-".repeat(cellWidth)));
            out.println();
            for (Metric metric : metrics) {
                out.printf(rowFormat, metric.key(), metric.unit());
                for (String policy : block.policies()) {
                    out.print(GAP + pad(cell(block, policy, metric), cellWidth));
                }
                out.println();
            }
            out.println();
        }
    }

    /** The legend under the blocks. */
    public static void printFooter(PrintStream out) {
        out.printf("%s best in its row, by the metric's direction; values that look equal tie, and every policy that ties "
                + "for best is marked (none where all look equal)%n", BEST);
        out.printf("not ranked: %s (what a mechanism did); %s (must be 0, %s marks a broken one)%n",
                keys(Metric.Better.NONE), keys(Metric.Better.ZERO), BROKEN);
    }

    private static String keys(Metric.Better better) {
        return String.join(", ", List.of(Metric.values()).stream().filter(m -> m.better() == better)
                .map(Metric::key).toList());
    }

    /** A value and its marker column: {@code 1,234*}, {@code 1,234!} or {@code 1,234 }. */
    private static String cell(ComparisonBlock block, String policy, Metric metric) {
        RunResult result = block.result(policy);
        String value = result == null ? "-" : ComparisonNumbers.readable(metric, result.get(metric));
        if (block.isBest(policy, metric)) {
            return value + BEST;
        }
        return value + (block.isViolation(policy, metric) ? BROKEN : " ");
    }

    private static int cellWidth(List<ComparisonBlock> blocks) {
        int width = 0;
        for (ComparisonBlock block : blocks) {
            for (String policy : block.policies()) {
                width = Math.max(width, policy.length() + 1);
                for (Metric metric : Metric.values()) {
                    width = Math.max(width, cell(block, policy, metric).length());
                }
            }
        }
        return width;
    }

    private static String pad(String text, int width) {
        return " ".repeat(width - text.length()) + text;
    }
}
