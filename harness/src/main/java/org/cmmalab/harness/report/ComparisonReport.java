package org.cmmalab.harness.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.cmmalab.harness.result.Comparison;

/**
 * Every report of a comparison in one directory, what {@code cmma compare --out DIR} writes: the
 * CSV files, the JSON, the charts and the page that shows them, written all at once or not at all
 * ({@link ReportDirectory}). The report owns {@value ComparisonHtml#FILE},
 * {@value ComparisonJson#FILE}, the CSV files (the migrations' too, even when it writes none) and
 * the chart names, including every {@code host-memory-RATIO.png}: rewriting a report in place
 * replaces or deletes those and leaves everything else in the directory alone.
 */
public final class ComparisonReport {
    private static final Set<String> OWNED = Set.of(ComparisonHtml.FILE, ComparisonJson.FILE,
            ComparisonCsv.RESULTS, ComparisonCsv.GUESTS, ComparisonCsv.HOST_MEMORY, ComparisonCsv.MIGRATIONS,
            ComparisonCharts.THROUGHPUT, ComparisonCharts.HOST_IO);
    private static final Pattern OWNED_CHART = Pattern.compile("host-memory-[0-9.]+\\.png");

    private ComparisonReport() {
    }

    /** Checks, before any run, that a report can be written to {@code outDir}; writes nothing. */
    public static ReportDirectory check(Path outDir) {
        return ReportDirectory.check(outDir, file -> file.getNameCount() == 1 && owns(file.toString()));
    }

    /** Writes every report of {@code comparison} into {@code outDir}; returns the files, the page last. */
    public static List<Path> writeAll(Comparison comparison, ReportContext context, Path outDir) {
        return write(comparison, context, check(outDir));
    }

    /** Writes every report of {@code comparison} into a checked directory; returns the files, the page last. */
    public static List<Path> write(Comparison comparison, ReportContext context, ReportDirectory dir) {
        return dir.write(staging -> render(comparison, context, staging));
    }

    /** Whether a report owns {@code fileName}, so that rewriting the report may replace or delete it. */
    static boolean owns(String fileName) {
        return OWNED.contains(fileName) || OWNED_CHART.matcher(fileName).matches();
    }

    /** Writes every file into {@code dir} and returns their names, the page last. */
    static List<String> render(Comparison comparison, ReportContext context, Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        ComparisonCsv.write(comparison, dir).forEach(file -> names.add(file.getFileName().toString()));
        ComparisonJson.write(comparison, dir.resolve(ComparisonJson.FILE));
        names.add(ComparisonJson.FILE);
        ComparisonCharts.write(comparison, dir).forEach(file -> names.add(file.getFileName().toString()));
        ComparisonHtml.write(comparison, context, names, dir);
        names.add(ComparisonHtml.FILE);
        return names;
    }
}
