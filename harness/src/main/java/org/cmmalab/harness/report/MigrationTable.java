package org.cmmalab.harness.report;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.cmmalab.harness.result.Comparison;
import org.cmmalab.harness.result.MigrationResult;
import org.cmmalab.harness.result.RunResult;

/**
 * The live migrations of a comparison, printed after its main table when the scenario has a
 * {@code migration:} section: one block per overcommit ratio, rows per guest and quantity, a
 * column per policy. A migration that had not completed when the run ended shows {@code -} for
 * its times and is named under the table.
 */
public final class MigrationTable {
    /** One row: a quantity of a migration, its unit, and how to get it. */
    record Row(String key, String unit, boolean count, ToDoubleFunction<MigrationResult> value) {
    }

    static final List<Row> ROWS = List.of(
            new Row("totalMs", "ms", false, MigrationResult::totalMs),
            new Row("downtimeMs", "ms", false, MigrationResult::downtimeMs),
            new Row("rounds", "rounds", true, MigrationResult::rounds),
            new Row("pagesSent", "pages", true, MigrationResult::pagesSent),
            new Row("zeroPages", "pages", true, MigrationResult::zeroPages),
            new Row("skippedHinted", "pages", true, MigrationResult::skippedHinted),
            new Row("skippedUnused", "pages", true, MigrationResult::skippedUnused),
            new Row("skippedDiscarded", "pages", true, MigrationResult::skippedDiscarded),
            new Row("skippedZero", "pages", true, MigrationResult::skippedZero),
            new Row("sentMiB", "MiB", false, m -> m.bytesSent() / 1048576.0),
            new Row("attributeBytes", "bytes", true, MigrationResult::attributeBytes),
            new Row("slowdownMs", "ms", false, MigrationResult::slowdownMs),
            new Row("guestDiskReads", "pages", true, MigrationResult::guestDiskReads),
            new Row("lostPages", "pages", true, MigrationResult::lostPages));

    private MigrationTable() {
    }

    /** Prints the migrations of {@code comparison}; prints nothing if it has none. */
    public static void print(Comparison comparison, PrintStream out) {
        List<String> policies = new ArrayList<>();
        Set<Double> ratios = new LinkedHashSet<>();
        for (RunResult run : comparison.results()) {
            if (!policies.contains(run.policy())) {
                policies.add(run.policy());
            }
            ratios.add(run.overcommit());
        }
        if (guests(comparison).isEmpty()) {
            return;
        }
        int cell = 10;
        for (String p : policies) {
            cell = Math.max(cell, p.length());
        }
        String format = "%-12s  %-16s  %-6s" + ("  %" + cell + "s").repeat(policies.size()) + "%n";
        for (double ratio : ratios) {
            out.printf("%n%s, seed %d, overcommit %s: live migration of each guest%n", comparison.scenario(),
                    comparison.seed(), ComparisonNumbers.ratio(ratio));
            List<Object> header = new ArrayList<>(List.of("guest", "quantity", "unit"));
            header.addAll(policies);
            out.printf(format, header.toArray());
            Block block = block(comparison, ratio, policies);
            block.lines().forEach(line -> out.printf(format, line.toArray()));
            block.incomplete().forEach(i -> out.println("did not complete within the run: " + i));
        }
    }

    /**
     * One ratio's migrations as the table shows them, for the console and the page alike: a line
     * per guest and quantity (guest, quantity, unit, then a cell per policy, {@code -} where the
     * policy has no such migration), and the migrations that did not complete ("GUEST under POLICY").
     */
    record Block(List<List<String>> lines, List<String> incomplete) {
    }

    /** The block of the migrations at {@code ratio}, a column per policy of {@code policies}. */
    static Block block(Comparison comparison, double ratio, List<String> policies) {
        List<List<String>> lines = new ArrayList<>();
        List<String> incomplete = new ArrayList<>();
        for (String guest : guests(comparison)) {
            for (Row row : ROWS) {
                List<String> line = new ArrayList<>(List.of(guest, row.key, row.unit));
                for (String policy : policies) {
                    MigrationResult m = find(comparison, policy, ratio, guest);
                    line.add(m == null ? "-" : format(row, row.value.applyAsDouble(m)));
                    if (m != null && !m.completed() && row == ROWS.get(0)) {
                        incomplete.add(guest + " under " + policy);
                    }
                }
                lines.add(line);
            }
        }
        return new Block(lines, incomplete);
    }

    private static String format(Row row, double value) {
        if (row.count && Double.isFinite(value)) {
            return String.format(Locale.ROOT, "%,d", Math.round(value));
        }
        return ComparisonNumbers.significant(value);
    }

    /** The guests migrated in {@code comparison}, in the order they first appear. */
    static Set<String> guests(Comparison comparison) {
        Set<String> guests = new LinkedHashSet<>();
        comparison.results().forEach(run -> run.migrations().forEach(m -> guests.add(m.guest())));
        return guests;
    }

    private static MigrationResult find(Comparison comparison, String policy, double ratio, String guest) {
        for (RunResult run : comparison.results()) {
            if (run.policy().equals(policy) && run.overcommit() == ratio) {
                for (MigrationResult m : run.migrations()) {
                    if (m.guest().equals(guest)) {
                        return m;
                    }
                }
            }
        }
        return null;
    }
}
