package org.cmmalab.harness.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import org.cmmalab.harness.result.Comparison;
import org.cmmalab.harness.result.Metric;
import org.cmmalab.harness.result.RunResult;

/**
 * A comparison as one self-contained page, {@value #FILE}: no scripts, no fonts or styles from
 * elsewhere, only the small stylesheet below and images of the charts beside it. From the top:
 * the scenario, seed and speed, with links to each ratio; a warning if any run broke an
 * invariant; the charts against overcommit; a section per ratio with its table (best values
 * highlighted, as the console table stars them), its live migrations if there were any, and its
 * host memory chart; a legend of the
 * metrics; links to the data files.
 * The page shows the charts and data files it is given, so it never links to a missing file.
 */
public final class ComparisonHtml {
    public static final String FILE = "index.html";

    private static final String STYLE = """
            body { font: 15px/1.5 "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; color: #1f2328;
                   max-width: 1000px; margin: 2rem auto; padding: 0 1.5rem; }
            h1 { font-size: 1.7rem; margin: 0 0 .3rem; }
            h2 { font-size: 1.25rem; margin: 2.5rem 0 .8rem; padding-bottom: .3rem; border-bottom: 1px solid #d0d7de; }
            .facts { color: #57606a; margin: 0; }
            .alert { border: 2px solid #cf222e; background: #ffebe9; color: #82071e; font-weight: bold;
                     padding: .7rem 1rem; border-radius: 6px; margin: 1rem 0; }
            .alert ul { margin: .3rem 0 0; }
            .alert a { color: inherit; }
            table { border-collapse: collapse; font-variant-numeric: tabular-nums; margin: .5rem 0 1rem; }
            th, td { padding: .28rem .75rem; border-bottom: 1px solid #e4e8ec; }
            th { text-align: left; background: #f6f8fa; border-bottom: 2px solid #d0d7de; }
            th.num, td.num { text-align: right; white-space: nowrap; }
            td.unit { color: #57606a; }
            td.best { background: #dafbe1; font-weight: bold; }
            td.broken { background: #ffebe9; color: #cf222e; font-weight: bold; }
            tr.invariant td { border-top: 1px solid #d0d7de; }
            .key { font-size: .9rem; color: #57606a; }
            .key .best { background: #dafbe1; font-weight: bold; padding: 0 .3rem; }
            figure { margin: 0 0 1rem; }
            img { max-width: 100%; height: auto; border: 1px solid #d0d7de; border-radius: 6px; }
            nav a { margin-right: .6rem; }
            footer { margin-top: 2.5rem; color: #57606a; font-size: .9rem; }
            """;

    private ComparisonHtml() {
    }

    /** The page, showing those of {@code files} (names beside it) that are charts or data. */
    public static String render(Comparison comparison, Collection<String> files) {
        List<ComparisonBlock> blocks = ComparisonBlock.of(comparison);
        String title = "CMMA Lab comparison: " + comparison.scenario();
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>").append(escape(title)).append("</title>\n")
                .append("<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");

        header(html, comparison, title, blocks);

        List<String> overall = List.of(ComparisonCharts.THROUGHPUT, ComparisonCharts.HOST_IO).stream()
                .filter(files::contains).toList();
        if (!overall.isEmpty()) {
            html.append("<h2>Across overcommit ratios</h2>\n");
            overall.forEach(file -> figure(html, file, file.equals(ComparisonCharts.THROUGHPUT)
                    ? "Throughput against overcommit, one line per policy"
                    : "Host page I/O against overcommit, one line per policy"));
        }
        for (ComparisonBlock block : blocks) {
            block(html, comparison, block, files);
        }
        legend(html);

        List<String> data = files.stream().filter(f -> !f.endsWith(".png") && !f.equals(FILE)).toList();
        if (!data.isEmpty()) {
            html.append("<footer>Data: ");
            html.append(data.stream().map(f -> "<a href=\"" + escape(f) + "\">" + escape(f) + "</a>")
                    .collect(Collectors.joining(" &middot; ")));
            html.append("</footer>\n");
        }
        return html.append("</body>\n</html>\n").toString();
    }

    /** Writes the page to {@code dir}/{@value #FILE} and returns it. */
    public static Path write(Comparison comparison, Collection<String> files, Path dir) throws IOException {
        return Files.writeString(dir.resolve(FILE), render(comparison, files), StandardCharsets.UTF_8);
    }

    /** Title, facts, links to each ratio, and the alarm if any run broke an invariant. */
    private static void header(StringBuilder html, Comparison comparison, String title, List<ComparisonBlock> blocks) {
        html.append("<header>\n<h1>").append(escape(title)).append("</h1>\n<p class=\"facts\">seed ")
                .append(comparison.seed()).append(" &middot; policies ")
                .append(escape(String.join(", ", ComparisonBlock.policies(comparison))))
                .append("<br>wall time ").append(ComparisonNumbers.significant(comparison.wallSeconds()))
                .append(" s &middot; ").append(ComparisonNumbers.significant(comparison.referencesPerSecond()))
                .append(" simulated references per wall second</p>\n<nav class=\"facts\">overcommit ");
        for (ComparisonBlock block : blocks) {
            String ratio = ComparisonNumbers.ratio(block.overcommit());
            html.append("<a href=\"#overcommit-").append(ratio).append("\">").append(ratio).append("</a> ");
        }
        html.append("<a href=\"#metrics\">metrics</a></nav>\n</header>\n");
        List<String> broken = blocks.stream().filter(b -> !b.violations().isEmpty())
                .map(b -> ComparisonNumbers.ratio(b.overcommit()))
                .map(ratio -> "<a href=\"#overcommit-" + ratio + "\">" + ratio + "</a>").toList();
        if (!broken.isEmpty()) {
            html.append("<div class=\"alert\">Invariant broken: data was lost or leaked at overcommit ")
                    .append(String.join(", ", broken)).append(". Those results are not valid.</div>\n");
        }
    }

    private static void block(StringBuilder html, Comparison comparison, ComparisonBlock block, Collection<String> files) {
        String ratio = ComparisonNumbers.ratio(block.overcommit());
        html.append("<section id=\"overcommit-").append(ratio).append("\">\n<h2>Overcommit ").append(ratio)
                .append("</h2>\n<p class=\"key\">").append(escape(comparison.scenario())).append(", seed ")
                .append(comparison.seed()).append(". <span class=\"best\">Highlighted</span>: best in its row. ")
                .append(Metric.LOST_PAGES.key()).append(" and ").append(Metric.LEAKS.key())
                .append(" are not ranked: they must be 0.</p>\n");
        List<String> violations = block.violations();
        if (!violations.isEmpty()) {
            html.append("<div class=\"alert\">INVARIANT BROKEN: DATA WAS LOST OR LEAKED; THESE MUST BE 0:\n<ul>\n");
            violations.forEach(v -> html.append("<li>").append(escape(v)).append("</li>\n"));
            html.append("</ul>\n</div>\n");
        }
        html.append("<table>\n<thead><tr><th>metric</th><th>unit</th>");
        block.policies().forEach(p -> html.append("<th class=\"num\">").append(escape(p)).append("</th>"));
        html.append("</tr></thead>\n<tbody>\n");
        for (Metric metric : Metric.values()) {
            html.append(metric.better() == Metric.Better.ZERO ? "<tr class=\"invariant\">" : "<tr>")
                    .append("<td title=\"").append(escape(metric.description())).append("\">").append(metric.key())
                    .append("</td><td class=\"unit\">").append(metric.unit()).append("</td>");
            for (String policy : block.policies()) {
                RunResult run = block.result(policy);
                String cls = block.isBest(policy, metric) ? "num best"
                        : block.isViolation(policy, metric) ? "num broken" : "num";
                html.append("<td class=\"").append(cls).append("\">")
                        .append(run == null ? "-" : ComparisonNumbers.readable(metric, run.get(metric))).append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</tbody>\n</table>\n");
        migrations(html, comparison, block);
        String chart = ComparisonCharts.hostMemoryFile(block.overcommit());
        if (files.contains(chart)) {
            figure(html, chart, "Host memory in use over virtual time at overcommit " + ratio + ", one line per policy");
        }
        html.append("</section>\n");
    }

    /** The live migrations at the block's ratio, as the console prints them ({@link MigrationTable}); none, nothing. */
    private static void migrations(StringBuilder html, Comparison comparison, ComparisonBlock block) {
        if (MigrationTable.guests(comparison).isEmpty()) {
            return;
        }
        html.append("<h3>Live migration of each guest</h3>\n<table>\n<thead><tr><th>guest</th><th>quantity</th><th>unit</th>");
        block.policies().forEach(p -> html.append("<th class=\"num\">").append(escape(p)).append("</th>"));
        html.append("</tr></thead>\n<tbody>\n");
        MigrationTable.Block migrations = MigrationTable.block(comparison, block.overcommit(), block.policies());
        for (List<String> line : migrations.lines()) {
            html.append("<tr><td>").append(escape(line.get(0))).append("</td><td>").append(line.get(1))
                    .append("</td><td class=\"unit\">").append(line.get(2)).append("</td>");
            line.subList(3, line.size()).forEach(c -> html.append("<td class=\"num\">").append(escape(c)).append("</td>"));
            html.append("</tr>\n");
        }
        html.append("</tbody>\n</table>\n");
        if (!migrations.incomplete().isEmpty()) {
            html.append("<p class=\"key\">Did not complete within the run: ")
                    .append(escape(String.join(", ", migrations.incomplete()))).append(".</p>\n");
        }
    }

    private static void legend(StringBuilder html) {
        html.append("<h2 id=\"metrics\">Metrics</h2>\n<table>\n<thead><tr><th>metric</th><th>unit</th><th>better</th>")
                .append("<th>meaning</th></tr></thead>\n<tbody>\n");
        for (Metric metric : Metric.values()) {
            String better = metric.better().words();
            html.append("<tr><td>").append(metric.key()).append("</td><td class=\"unit\">").append(metric.unit())
                    .append("</td><td>").append(better).append("</td><td>").append(escape(metric.description()))
                    .append("</td></tr>\n");
        }
        html.append("</tbody>\n</table>\n");
    }

    private static void figure(StringBuilder html, String file, String alt) {
        html.append("<figure><img src=\"").append(escape(file)).append("\" alt=\"").append(escape(alt))
                .append("\"></figure>\n");
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
