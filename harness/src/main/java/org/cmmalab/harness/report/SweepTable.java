package org.cmmalab.harness.report;

import java.io.PrintStream;
import java.util.stream.Collectors;
import org.cmmalab.harness.result.Comparison;
import org.cmmalab.harness.result.SweepResult;

/**
 * The console report of {@code cmma sweep}: for each scenario, its comparison table at every
 * seed, then the same table of medians across the seeds; the wall time last.
 */
public final class SweepTable {
    private SweepTable() {
    }

    public static void print(SweepResult sweep, PrintStream out) {
        for (SweepResult.ScenarioSweep s : sweep.scenarios()) {
            for (Comparison c : s.bySeed()) {
                ComparisonTable.printBlocks(c, s.scenario() + ", seed " + c.seed(), out);
            }
            String seeds = s.seeds().stream().map(String::valueOf).collect(Collectors.joining(", "));
            ComparisonTable.printBlocks(new Comparison(s.scenario(), 0, s.median(), 0, 0),
                    s.scenario() + ", median of seeds " + seeds, out);
        }
        ComparisonTable.printFooter(out);
        String where = sweep.threads() == 0 ? "in all, the runs run apart" : "on " + sweep.threads() + " threads";
        out.printf("wall time %s s %s, %s simulated references per wall second%n",
                ComparisonNumbers.significant(sweep.wallSeconds()), where,
                ComparisonNumbers.significant(sweep.referencesPerSecond()));
    }
}
