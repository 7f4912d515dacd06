package org.cmmalab.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cmmalab.harness.result.Comparison;
import org.cmmalab.harness.result.Metric;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComparisonHtmlTest {
    private static final List<String> FILES = List.of("results.csv", "guests.csv", "host-memory.csv",
            "comparison.json", "throughput.png", "host-io.png", "host-memory-2.0.png");
    private final String html = ComparisonHtml.render(ComparisonFixture.comparison(), FILES);

    @Test
    void showsEveryChartItIsGivenAndNoOther() {
        assertEquals(List.of("throughput.png", "host-io.png", "host-memory-2.0.png"), sources(html));
    }

    @Test
    void linksTheDataFiles() {
        for (String data : List.of("results.csv", "guests.csv", "host-memory.csv", "comparison.json")) {
            assertTrue(html.contains("<a href=\"" + data + "\">" + data + "</a>"), data);
        }
    }

    @Test
    void hasATablePerRatioWithTheValuesAndTheBestMarked() {
        assertEquals(2 + 1, count(html, "<table>"), "two blocks and the legend");
        assertTrue(html.contains("<h2>Overcommit 1.0</h2>"));
        assertTrue(html.contains("<h2>Overcommit 2.0</h2>"));
        assertTrue(html.contains("<td class=\"num best\">1,200</td><td class=\"num\">1,180</td>"), html);
        assertTrue(html.contains("<td class=\"num\">123,456</td><td class=\"num best\">2,048</td>"), html);
        assertTrue(html.contains("<td class=\"num\">0</td><td class=\"num\">50,000</td>"), "discards are not ranked");
        assertEquals(6, count(html, "class=\"num best\""), "one per best cell of the fixture");
    }

    @Test
    void saysScenarioSeedAndWallTimeAndExplainsEveryMetric() {
        assertTrue(html.contains("<title>CMMA Lab comparison: web-farm</title>"));
        assertTrue(html.contains("seed 42"));
        assertTrue(html.contains("wall time 1.234 s"));
        assertTrue(html.contains("2,345,679 simulated references per wall second"));
        for (Metric metric : Metric.values()) {
            assertTrue(html.contains("<td>" + metric.description().replace("\"", "&quot;") + "</td>"), metric.key());
        }
    }

    @Test
    void isSelfContained() {
        assertFalse(html.contains("<script"));
        assertFalse(html.contains("http:"));
        assertFalse(html.contains("https:"));
        assertFalse(html.contains("<link"));
        assertTrue(html.contains("<style>"));
    }

    @Test
    void aBrokenInvariantIsAnAlertAndARedCellNotABestOne() {
        String broken = ComparisonHtml.render(ComparisonFixture.withCmmaAt2(Metric.LEAKS, 7), FILES);
        assertTrue(broken.contains("<td class=\"num\">0</td><td class=\"num broken\">7</td>"), broken);
        assertTrue(broken.contains("<li>leaks = 7 under cmma</li>"), broken);
        assertTrue(broken.contains("data was lost or leaked at overcommit <a href=\"#overcommit-2.0\">2.0</a>."), broken);
        assertTrue(broken.contains("<section id=\"overcommit-2.0\">"), broken);
        assertFalse(html.contains("class=\"alert\""));
    }

    @Test
    void escapesNames() {
        Comparison comparison = new Comparison("<i>web</i> & \"farm\"", 1, ComparisonFixture.runs(), 1, 1);
        String page = ComparisonHtml.render(comparison, List.of());
        assertTrue(page.contains("CMMA Lab comparison: &lt;i&gt;web&lt;/i&gt; &amp; &quot;farm&quot;"));
        assertFalse(page.contains("<i>"));
        assertFalse(page.contains("<img"), "no charts given, none shown");
    }

    @Test
    void writesIndexHtml(@TempDir Path dir) throws IOException {
        Path file = ComparisonHtml.write(ComparisonFixture.comparison(), FILES, dir);
        assertEquals(dir.resolve("index.html"), file);
        assertEquals(html, Files.readString(file));
    }

    static List<String> sources(String page) {
        Matcher m = Pattern.compile("<img src=\"([^\"]+)\"").matcher(page);
        return m.results().map(r -> r.group(1)).toList();
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }
}
