package org.cmmalab.jmh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.StringJoiner;

/**
 * Turns a JMH JSON result file into the table {@code jmh/run} prints: each benchmark's median
 * (over the raw iteration scores of all forks, robust to the odd slow iteration a shared machine
 * produces; per reference for the replays, see {@link JmhResult}), its ratio to the bare
 * compareAndSet and to the plain array store baselines of the same run, the bytes it allocates per
 * operation, the published numbers it can be held against; then the model's paths against the
 * bare operations they are built on ({@link Comparisons}), and the {@link Budgets}.
 *
 * <p>{@code java -cp jmh/target/benchmarks.jar org.cmmalab.jmh.Summary jmh/target/jmh-result.json}
 */
public final class Summary {
    static final String STORE = "StateChangeBenchmark.arrayStore";

    /**
     * Baselines first, then the frame table's operations, then the contended ones; anything else
     * after, as JMH ran it. Entries are name prefixes; ESSA benchmarks go in operation order.
     */
    private static final List<String> ORDER = List.of(
            STORE, Budgets.CAS, Budgets.SHORT_CAS, "StateChangeBenchmark.lockedEssa4k",
            Budgets.ESSA_4K, Budgets.RUN_BASES, Budgets.ESSA_2M,
            Comparisons.TABLE_RECLAIM, "StateChangeBenchmark.hostStore",
            Comparisons.ALLOC_FREE, Comparisons.READ, "ContendedStateBenchmark.race",
            Budgets.RECLAIM + "discard", Budgets.RECLAIM + "writeOut",
            Comparisons.RESIDENT_TOUCH, Comparisons.ROUND_TRIP, Budgets.LRU_MAP, Budgets.STACK);

    private static final String ESSA_ANCHOR = "ESSA >100 cyc; PPR hook ~300 cyc";
    private static final String RECYCLE_ANCHOR = "PPR host recycle ~6500 cyc";
    private static final Map<String, String> ANCHORS = Map.of(
            "essa", ESSA_ANCHOR, "lockedEssa4k", ESSA_ANCHOR, "guest", ESSA_ANCHOR,
            "hostReclaimVolatile", RECYCLE_ANCHOR, "hostDiscard", RECYCLE_ANCHOR,
            "discard", RECYCLE_ANCHOR, "writeOut", RECYCLE_ANCHOR);

    private Summary() {
    }

    /** Prints the summary of one or more result files (jmh/run --quick writes two: its replays run apart). */
    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: java -cp jmh/target/benchmarks.jar org.cmmalab.jmh.Summary RESULT.json...");
            System.exit(2);
        }
        List<JmhResult> results = new ArrayList<>();
        for (String arg : args) {
            Path file = Path.of(arg);
            try {
                results.addAll(JmhResult.read(file));
            } catch (NoSuchFileException e) {
                System.err.println(file + ": no such file; run the benchmarks with -rf json -rff " + file + " first");
                System.exit(1);
                return;
            } catch (IOException e) {
                System.err.println(e.getMessage());
                System.exit(1);
                return;
            }
        }
        System.out.print(render(results, String.join(" and ", args), nominalGhz()));
    }

    /** The whole summary: table, counters, comparisons, anchors and budgets. */
    static String render(List<JmhResult> results, String source, OptionalDouble ghz) {
        List<JmhResult> rows = new ArrayList<>(results);
        rows.sort(Comparator.comparingInt(Summary::rank));
        Optional<JmhResult> cas = rows.stream().filter(r -> r.benchmark().equals(Budgets.CAS)).findFirst();
        Optional<JmhResult> store = rows.stream().filter(r -> r.benchmark().equals(STORE)).findFirst();

        StringBuilder out = new StringBuilder();
        int samples = rows.stream().mapToInt(JmhResult::samples).min().orElse(0);
        out.append(String.format(Locale.ROOT, "CMMA Lab benchmarks (%s): median of the iteration scores (at least %d each);"
                + " spread is their interquartile range over the median%n", source, samples));
        ghz.ifPresent(g -> out.append(String.format(
                "cycles at %.2f GHz, the nominal clock in /proc/cpuinfo (turbo and VM scheduling not accounted for)%n", g)));
        out.append(System.lineSeparator());

        List<String[]> table = new ArrayList<>();
        table.add(new String[] {"benchmark", "unit", "median", "spread", "x CAS", "x store",
                ghz.isPresent() ? "cycles" : "", "B/op", "published anchor"});
        String currentClass = "";
        for (JmhResult r : rows) {
            String type = r.benchmark().substring(0, r.benchmark().indexOf('.'));
            if (!type.equals(currentClass)) {
                currentClass = type;
                table.add(new String[] {type, "", "", "", "", "", "", "", ""});
            }
            String label = "  " + r.method() + (r.params().isEmpty() ? "" : " " + shortParams(r.params()));
            table.add(row(label, r.unit(), r.median(), percent(r.spread()), r.allocNorm(), r.method(), cas, store, ghz));
            for (Map.Entry<String, Double> t : r.threads().entrySet()) {
                table.add(row("    " + t.getKey(), r.unit(), t.getValue(), "", OptionalDouble.empty(), t.getKey(),
                        cas, store, ghz));
            }
        }
        appendTable(out, table);

        for (JmhResult r : rows) {
            if (!r.counters().isEmpty()) {
                StringJoiner counts = new StringJoiner(", ");
                r.counters().forEach((name, total) -> counts.add(String.format(Locale.ROOT, "%s %,.0f", name, total)));
                out.append(String.format(Locale.ROOT, "%ncounters of %s %s (totals over all iterations): %s%n",
                        r.benchmark(), r.params(), counts));
            }
        }

        List<String> comparisons = Comparisons.lines(rows, ghz);
        if (!comparisons.isEmpty()) {
            out.append(String.format(Locale.ROOT, "%nAgainst the bare operations they are built on (medians of this run):%n"));
            for (String line : comparisons) {
                out.append("  ").append(line).append(System.lineSeparator());
            }
        }

        out.append(String.format(Locale.ROOT, "%nPublished anchors (other machines; for scale, not measured here):%n"));
        out.append("  ESSA on s390: \"> 100 cycles\" per state change (Schwidefsky, linux-mm 2009-03-30);"
                + " the harness cost model charges 40 ns%n".formatted());
        out.append("  PPR guest hook: ~300 cycles to mark or unmark a page (the PPR RFC, KVM on a 2.2 GHz"
                + " Xeon E5-2650 v4: ~136 ns)%n".formatted());
        out.append("  PPR host recycle: ~6500 cycles per recycled page, 3900 of them page-table work"
                + " (the PPR RFC: ~2950 ns at 2.2 GHz)%n".formatted());

        out.append(String.format(Locale.ROOT, "%nBudgets:%n"));
        for (String line : Budgets.check(results)) {
            out.append("  ").append(line).append(System.lineSeparator());
        }
        return out.toString();
    }

    /** Parameters with any path shortened to its file name: {@code trace=traces/x.gz} is {@code trace=x.gz}. */
    static String shortParams(String params) {
        StringJoiner joined = new StringJoiner(" ");
        for (String p : params.split(" ")) {
            int eq = p.indexOf('=');
            int slash = p.lastIndexOf('/');
            joined.add(eq >= 0 && slash > eq ? p.substring(0, eq + 1) + p.substring(slash + 1) : p);
        }
        return joined.toString();
    }

    /** A score with three significant digits or more: 3.14, 31.4, 314. */
    static String number(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        return String.format(Locale.ROOT, value < 10 ? "%.2f" : value < 100 ? "%.1f" : "%.0f", value);
    }

    private static String[] row(String label, String unit, double median, String spread, OptionalDouble alloc,
                                String method, Optional<JmhResult> cas, Optional<JmhResult> store, OptionalDouble ghz) {
        return new String[] {
            label,
            unit,
            number(median),
            spread,
            ratio(median, unit, cas),
            ratio(median, unit, store),
            ghz.isPresent() && unit.startsWith("ns/") ? String.format(Locale.ROOT, "%.0f", median * ghz.getAsDouble()) : "",
            alloc.isPresent() ? bytes(alloc.getAsDouble()) : "",
            anchor(method)
        };
    }

    private static String ratio(double median, String unit, Optional<JmhResult> baseline) {
        if (baseline.isEmpty() || !baseline.get().unit().equals(unit)) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.2f", median / baseline.get().median());
    }

    /** A fraction as a whole percentage, such as 4%. */
    static String percent(double fraction) {
        return Double.isNaN(fraction) ? "-" : String.format(Locale.ROOT, "%.0f%%", fraction * 100);
    }

    private static String bytes(double perOp) {
        return perOp < Budgets.ZERO_BYTES ? "<" + Budgets.ZERO_BYTES : String.format(Locale.ROOT, "%.2f", perOp);
    }

    private static void appendTable(StringBuilder out, List<String[]> table) {
        int columns = table.get(0).length;
        int[] width = new int[columns];
        for (String[] row : table) {
            for (int c = 0; c < columns; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        for (String[] row : table) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                if (width[c] == 0) {
                    continue;
                }
                boolean text = c == 0 || c == 1 || c == columns - 1;
                String cell = text ? String.format(Locale.ROOT, "%-" + width[c] + "s", row[c]) : String.format(Locale.ROOT, "%" + width[c] + "s", row[c]);
                line.append(c == 0 ? "" : "  ").append(cell);
            }
            out.append(line.toString().stripTrailing()).append(System.lineSeparator());
        }
    }

    private static int rank(JmhResult r) {
        for (int i = 0; i < ORDER.size(); i++) {
            if (r.benchmark().startsWith(ORDER.get(i))) {
                return i * EssaCycle.values().length + operation(r);
            }
        }
        return ORDER.size() * EssaCycle.values().length;
    }

    /** The position of an ESSA benchmark's operation among the ESSA codes; 0 for any other benchmark. */
    private static int operation(JmhResult r) {
        try {
            return EssaCycle.ofBenchmark(r.benchmark()).ordinal();
        } catch (IllegalArgumentException notEssa) {
            return 0;
        }
    }

    /** The published numbers a benchmark's method can be held against, by the start of its name. */
    private static String anchor(String method) {
        return ANCHORS.entrySet().stream().filter(a -> method.startsWith(a.getKey()))
                .map(Map.Entry::getValue).findFirst().orElse("");
    }

    /** The clock in GHz that /proc/cpuinfo states, if this is Linux and it states one. */
    private static OptionalDouble nominalGhz() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("cpu MHz")) {
                    return OptionalDouble.of(Double.parseDouble(line.substring(line.indexOf(':') + 1).trim()) / 1000);
                }
            }
        } catch (IOException | NumberFormatException | IndexOutOfBoundsException e) {
            // no clock to convert with: the table goes without the cycles column
        }
        return OptionalDouble.empty();
    }
}
