package org.cmmalab.harness.report;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cmmalab.harness.result.Comparison;
import org.cmmalab.harness.result.Metric;
import org.cmmalab.harness.result.MigrationResult;
import org.cmmalab.harness.result.RunResult;

/**
 * A comparison as three CSV files for spreadsheets and scripts, and a fourth for a scenario with
 * live migrations, each with a header row:
 * <ul>
 * <li>{@value #RESULTS}: {@code policy,overcommit,} then every {@link Metric#key()} in enum order,
 *     one row per run;</li>
 * <li>{@value #GUESTS}: {@code policy,overcommit,guest,} then the metric keys, one row per guest
 *     of each run (empty where a guest has no value for a metric);</li>
 * <li>{@value #HOST_MEMORY}: {@code policy,overcommit,seconds,value}, one row per sample of the
 *     host memory in use, in the unit of the run's series;</li>
 * <li>{@value #MIGRATIONS}, only if a run migrated a guest: {@code policy,overcommit,guest,completed,}
 *     then the quantities of the console's migration table ({@link MigrationTable}), one row per
 *     migration.</li>
 * </ul>
 * Rows follow the comparison's order. Values are exact (they parse back to the same double),
 * without exponents; whole numbers have no decimals. RFC 4180: CRLF line ends, and a field with a
 * comma, a quote or a line break is quoted with its quotes doubled. UTF-8.
 */
public final class ComparisonCsv {
    public static final String RESULTS = "results.csv";
    public static final String GUESTS = "guests.csv";
    public static final String HOST_MEMORY = "host-memory.csv";
    public static final String MIGRATIONS = "migrations.csv";

    private ComparisonCsv() {
    }

    /** Writes the files into {@code dir} and returns them. */
    public static List<Path> write(Comparison comparison, Path dir) throws IOException {
        List<Path> files = new ArrayList<>(List.of(dir.resolve(RESULTS), dir.resolve(GUESTS), dir.resolve(HOST_MEMORY)));
        try (Writer out = Files.newBufferedWriter(files.get(0), StandardCharsets.UTF_8)) {
            writeResults(comparison, out);
        }
        try (Writer out = Files.newBufferedWriter(files.get(1), StandardCharsets.UTF_8)) {
            writeGuests(comparison, out);
        }
        try (Writer out = Files.newBufferedWriter(files.get(2), StandardCharsets.UTF_8)) {
            writeHostMemory(comparison, out);
        }
        if (!MigrationTable.guests(comparison).isEmpty()) {
            files.add(dir.resolve(MIGRATIONS));
            try (Writer out = Files.newBufferedWriter(files.get(3), StandardCharsets.UTF_8)) {
                writeMigrations(comparison, out);
            }
        }
        return files;
    }

    private static void writeResults(Comparison comparison, Writer out) throws IOException {
        List<String> header = new ArrayList<>(List.of("policy", "overcommit"));
        header.addAll(metricKeys());
        row(out, header);
        for (RunResult run : comparison.results()) {
            List<String> fields = new ArrayList<>(List.of(run.policy(), ComparisonNumbers.ratio(run.overcommit())));
            for (Metric metric : Metric.values()) {
                fields.add(ComparisonNumbers.exact(run.get(metric)));
            }
            row(out, fields);
        }
    }

    private static void writeGuests(Comparison comparison, Writer out) throws IOException {
        List<String> header = new ArrayList<>(List.of("policy", "overcommit", "guest"));
        header.addAll(metricKeys());
        row(out, header);
        for (RunResult run : comparison.results()) {
            for (RunResult.GuestResult guest : run.guests()) {
                List<String> fields = new ArrayList<>(
                        List.of(run.policy(), ComparisonNumbers.ratio(run.overcommit()), guest.name()));
                for (Metric metric : Metric.values()) {
                    Double value = guest.metrics().get(metric);
                    fields.add(value == null ? "" : ComparisonNumbers.exact(value));
                }
                row(out, fields);
            }
        }
    }

    private static void writeHostMemory(Comparison comparison, Writer out) throws IOException {
        row(out, List.of("policy", "overcommit", "seconds", "value"));
        for (RunResult run : comparison.results()) {
            RunResult.TimeSeries series = run.hostMemory();
            if (series.seconds().length != series.values().length) {
                throw new IllegalArgumentException(run.policy() + " at overcommit " + run.overcommit()
                        + ": host memory has " + series.seconds().length + " times but "
                        + series.values().length + " values");
            }
            for (int i = 0; i < series.seconds().length; i++) {
                row(out, List.of(run.policy(), ComparisonNumbers.ratio(run.overcommit()),
                        ComparisonNumbers.exact(series.seconds()[i]), ComparisonNumbers.exact(series.values()[i])));
            }
        }
    }

    private static void writeMigrations(Comparison comparison, Writer out) throws IOException {
        List<String> header = new ArrayList<>(List.of("policy", "overcommit", "guest", "completed"));
        MigrationTable.ROWS.forEach(r -> header.add(r.key()));
        row(out, header);
        for (RunResult run : comparison.results()) {
            for (MigrationResult m : run.migrations()) {
                List<String> fields = new ArrayList<>(List.of(run.policy(), ComparisonNumbers.ratio(run.overcommit()),
                        m.guest(), Boolean.toString(m.completed())));
                MigrationTable.ROWS.forEach(r -> fields.add(ComparisonNumbers.exact(r.value().applyAsDouble(m))));
                row(out, fields);
            }
        }
    }

    private static List<String> metricKeys() {
        List<String> keys = new ArrayList<>();
        for (Metric metric : Metric.values()) {
            keys.add(metric.key());
        }
        return keys;
    }

    private static void row(Writer out, List<String> fields) throws IOException {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(quote(fields.get(i)));
        }
        out.write("\r\n");
    }

    /** RFC 4180 section 2, rules 6 and 7. */
    private static String quote(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\r') < 0 && field.indexOf('\n') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }
}
