package org.cmmalab.harness.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.cmmalab.harness.result.Comparison;
import org.cmmalab.harness.result.Metric;
import org.cmmalab.harness.result.RunResult;

/**
 * A comparison as one page, {@value #FILE}, that can be mailed as it is: the chart library
 * (Chart.js, from its WebJar in the jar), the page's script and its data are inlined, and nothing
 * is loaded from elsewhere. From the top: the finding (the lines the console prints); the
 * scenario in words and numbers; the published comparison it stands beside, if any; interactive
 * charts against overcommit (the headline, host paging, guest I/O, and any metric chosen); a
 * per-guest chart; a section per ratio with its table (best values highlighted, as the console
 * table stars them), its live migrations if any, and its host memory chart with the host's
 * capacity and the warm-up marked; a legend of the metrics; the data files and PNG charts beside
 * the page; and what produced it: version, commit and command line.
 */
public final class ComparisonHtml {
    public static final String FILE = "index.html";
    private static final String SCRIPT = "comparison.js";
    private static final String CHART_JS = "/META-INF/resources/webjars/chart.js/%s/dist/chart.umd.min.js";

    private static final String STYLE = """
            body { font: 15px/1.5 "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; color: #1f2328;
                   max-width: 1100px; margin: 2rem auto; padding: 0 1.5rem; }
            h1 { font-size: 1.7rem; margin: 0 0 .3rem; }
            h2 { font-size: 1.25rem; margin: 2.5rem 0 .8rem; padding-bottom: .3rem; border-bottom: 1px solid #d0d7de; }
            .facts { color: #57606a; margin: 0; }
            .alert { border: 2px solid #cf222e; background: #ffebe9; color: #82071e; font-weight: bold;
                     padding: .7rem 1rem; border-radius: 6px; margin: 1rem 0; }
            .alert ul { margin: .3rem 0 0; }
            .alert a { color: inherit; }
            pre.finding { background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 6px; padding: .8rem 1rem;
                          white-space: pre-wrap; font-size: .85rem; line-height: 1.45; }
            blockquote { margin: 0; padding: 0 1rem; border-left: 4px solid #d0d7de; color: #424a53; }
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
            figure { margin: 0 0 1.5rem; }
            .chart { position: relative; height: 420px; border: 1px solid #d0d7de; border-radius: 6px; padding: .5rem; }
            figcaption { font-size: .9rem; color: #57606a; margin-top: .3rem; }
            label { margin-right: 1rem; }
            nav a { margin-right: .6rem; }
            footer { margin-top: 2.5rem; color: #57606a; font-size: .9rem; }
            code { font-size: .9em; }
            """;

    private ComparisonHtml() {
    }

    /** The page, linking those of {@code files} (names beside it) that are data or PNG charts. */
    public static String render(Comparison comparison, ReportContext context, Collection<String> files) {
        List<ComparisonBlock> blocks = ComparisonBlock.of(comparison);
        String title = "CMMA Lab comparison: " + comparison.scenario();
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(escape(title)).append("</title>\n")
                .append("<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
        header(html, comparison, title, blocks);
        finding(html, comparison);
        scenario(html, comparison, context);
        published(html, comparison.scenario());
        charts(html, comparison);
        for (ComparisonBlock block : blocks) {
            block(html, comparison, block);
        }
        legend(html);
        footer(html, context, files);
        scripts(html, comparison, context);
        return html.append("</body>\n</html>\n").toString();
    }

    /** Writes the page to {@code dir}/{@value #FILE} and returns it. */
    public static Path write(Comparison comparison, ReportContext context, Collection<String> files, Path dir)
            throws IOException {
        return Files.writeString(dir.resolve(FILE), render(comparison, context, files), StandardCharsets.UTF_8);
    }

    /** Title, facts, links to each section, and the alarm if any run broke an invariant. */
    private static void header(StringBuilder html, Comparison comparison, String title, List<ComparisonBlock> blocks) {
        html.append("<header>\n<h1>").append(escape(title)).append("</h1>\n<p class=\"facts\">seed ")
                .append(comparison.seed()).append(" &middot; policies ")
                .append(escape(String.join(", ", ComparisonBlock.policies(comparison))))
                .append("<br>wall time ").append(ComparisonNumbers.significant(comparison.wallSeconds()))
                .append(" s &middot; ").append(ComparisonNumbers.significant(comparison.referencesPerSecond()))
                .append(" simulated references per wall second</p>\n<nav class=\"facts\"><a href=\"#finding\">finding</a>")
                .append("<a href=\"#scenario\">scenario</a><a href=\"#charts\">charts</a><a href=\"#guests\">per guest</a>")
                .append("overcommit ");
        for (ComparisonBlock block : blocks) {
            String ratio = ComparisonNumbers.ratio(block.overcommit());
            html.append("<a href=\"#overcommit-").append(ratio).append("\">").append(ratio).append("</a> ");
        }
        html.append("<a href=\"#metrics\">metrics</a><a href=\"#about\">about</a></nav>\n</header>\n");
        List<String> broken = blocks.stream().filter(b -> !b.violations().isEmpty())
                .map(b -> ComparisonNumbers.ratio(b.overcommit()))
                .map(ratio -> "<a href=\"#overcommit-" + ratio + "\">" + ratio + "</a>").toList();
        if (!broken.isEmpty()) {
            html.append("<div class=\"alert\">Invariant broken: data was lost or leaked at overcommit ")
                    .append(String.join(", ", broken)).append(". Those results are not valid.</div>\n");
        }
    }

    private static void finding(StringBuilder html, Comparison comparison) {
        html.append("<section id=\"finding\">\n<h2>Finding</h2>\n<pre class=\"finding\">");
        html.append(Finding.lines(comparison).stream().map(ComparisonHtml::escape).collect(Collectors.joining("\n")));
        html.append("</pre>\n</section>\n");
    }

    private static void scenario(StringBuilder html, Comparison comparison, ReportContext context) {
        html.append("<section id=\"scenario\">\n<h2>Scenario</h2>\n");
        List<Double> ratios = ComparisonBlock.of(comparison).stream().map(ComparisonBlock::overcommit).toList();
        ScenarioText.sentences(context.scenario(), ratios, ComparisonBlock.policies(comparison))
                .forEach(s -> html.append("<p>").append(escape(s)).append("</p>\n"));
        html.append("</section>\n");
    }

    private static void published(StringBuilder html, String scenario) {
        String text = Published.forScenario(scenario);
        if (text == null) {
            return;
        }
        html.append("<section id=\"published\">\n<h2>Published comparison</h2>\n<blockquote>\n");
        for (String paragraph : text.split("\\n\\s*\\n")) {
            html.append("<p>").append(escape(paragraph.strip())).append("</p>\n");
        }
        html.append("</blockquote>\n</section>\n");
    }

    private static void charts(StringBuilder html, Comparison comparison) {
        html.append("<section id=\"charts\">\n<h2>Across overcommit ratios</h2>\n<p class=\"key\">Hover over a chart for "
                + "its values; click a policy in a legend to hide or show it.</p>\n");
        if (Finding.headline(comparison) != null) {
            chart(html, "chart-headline", "The headline of the finding, one line per policy.");
        }
        chart(html, "chart-host-io", "Pages the host read from and wrote to its paging device.");
        chart(html, "chart-guest-io", "Pages the guests read from and wrote to their own disks and swap.");
        html.append("<figure><label>Metric <select id=\"explore-metric\"></select></label>")
                .append("<div class=\"chart\"><canvas id=\"chart-explore\"></canvas></div>")
                .append("<figcaption>Any metric of the table against overcommit.</figcaption></figure>\n")
                .append("</section>\n<section id=\"guests\">\n<h2>Per guest</h2>\n<figure><label>Ratio ")
                .append("<select id=\"guest-ratio\"></select></label><label>Metric <select id=\"guest-metric\"></select>")
                .append("</label><div class=\"chart\"><canvas id=\"chart-guests\"></canvas></div><figcaption>Each guest's "
                        + "value, one bar per policy (the numbers of " + ComparisonCsv.GUESTS + ").</figcaption></figure>\n")
                .append("</section>\n");
    }

    private static void chart(StringBuilder html, String id, String caption) {
        html.append("<figure><div class=\"chart\"><canvas id=\"").append(id).append("\"></canvas></div><figcaption>")
                .append(escape(caption)).append("</figcaption></figure>\n");
    }

    private static void block(StringBuilder html, Comparison comparison, ComparisonBlock block) {
        String ratio = ComparisonNumbers.ratio(block.overcommit());
        html.append("<section id=\"overcommit-").append(ratio).append("\">\n<h2>Overcommit ").append(ratio)
                .append("</h2>\n<p class=\"key\">").append(escape(comparison.scenario())).append(", seed ")
                .append(comparison.seed()).append(". <span class=\"best\">Highlighted</span>: best in its row by the "
                        + "metric's direction; values that look equal tie, and every policy that ties for best is "
                        + "highlighted (none where all look equal). Mechanism counts and the invariants are not "
                        + "ranked.</p>\n");
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
        if (block.policies().stream().map(block::result)
                .anyMatch(run -> run != null && run.hostMemory().seconds().length > 0)) {
            html.append("<figure><div class=\"chart\"><canvas class=\"host-memory\" id=\"chart-host-memory-").append(ratio)
                    .append("\" data-ratio=\"").append(ratio).append("\"></canvas></div><figcaption>Host memory in use "
                            + "over virtual time, one line per policy; the dotted black line is the host's memory for "
                            + "its guests, the shaded start the warm-up that the metrics leave out.</figcaption></figure>\n");
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
            html.append("<tr><td>").append(metric.key()).append("</td><td class=\"unit\">").append(metric.unit())
                    .append("</td><td>").append(escape(metric.better().words())).append("</td><td>")
                    .append(escape(metric.description())).append("</td></tr>\n");
        }
        html.append("</tbody>\n</table>\n");
    }

    /** The files beside the page, and what produced it. */
    private static void footer(StringBuilder html, ReportContext context, Collection<String> files) {
        Build build = Build.current();
        html.append("<footer id=\"about\">\n");
        List<String> data = files.stream().filter(f -> !f.endsWith(".png") && !f.equals(FILE)).toList();
        List<String> images = files.stream().filter(f -> f.endsWith(".png")).toList();
        if (!data.isEmpty()) {
            html.append("<p>Data beside this page: ").append(links(data)).append("</p>\n");
        }
        if (!images.isEmpty()) {
            html.append("<p>The same charts as images, for papers: ").append(links(images)).append("</p>\n");
        }
        html.append("<p>Written by CMMA Lab ").append(escape(build.version())).append(", commit ")
                .append(escape(build.commit())).append(", with the command <code>").append(escape(context.commandLine()))
                .append("</code>. Charts drawn by Chart.js ").append(escape(build.chartJs()))
                .append(" (MIT License), inlined in this page.</p>\n</footer>\n");
    }

    private static String links(List<String> files) {
        return files.stream().map(f -> "<a href=\"" + escape(f) + "\">" + escape(f) + "</a>")
                .collect(Collectors.joining(" &middot; "));
    }

    /** The chart library, the page's data and the page's script, inlined. */
    private static void scripts(StringBuilder html, Comparison comparison, ReportContext context) {
        ObjectMapper mapper = new ObjectMapper();
        String json;
        try {
            json = mapper.writeValueAsString(ComparisonPageData.toJson(comparison, context, mapper));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String chartJs = resource(String.format(CHART_JS, Build.current().chartJs()))
                .replaceAll("(?m)^//# sourceMappingURL=.*$", "");
        html.append("<script>\n").append(inlineScript(chartJs)).append("\n</script>\n")
                .append("<script type=\"application/json\" id=\"report-data\">").append(inlineJson(json))
                .append("</script>\n<script>\n").append(inlineScript(resource(SCRIPT))).append("</script>\n");
    }

    /**
     * JSON that can stand inside a script element: every {@code <} (only ever inside a JSON
     * string) as a JSON unicode escape, so that no scenario or policy name can end the element.
     */
    static String inlineJson(String json) {
        return json.replace("<", "\\u003c");
    }

    /** Code that can stand inside a script element as it is: it must not hold what would end the element. */
    private static String inlineScript(String code) {
        String lower = code.toLowerCase(Locale.ROOT);
        if (lower.contains("</script") || lower.contains("<!--")) {
            throw new IllegalStateException("a script to inline holds </script or <!--");
        }
        return code;
    }

    private static String resource(String name) {
        try (InputStream in = ComparisonHtml.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not in the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
