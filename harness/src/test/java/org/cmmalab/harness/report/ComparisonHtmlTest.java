package org.cmmalab.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/** The page's text; ComparisonPageBrowserTest checks what a browser makes of it. */
class ComparisonHtmlTest {
    private static final List<String> FILES = List.of("results.csv", "guests.csv", "host-memory.csv",
            "comparison.json", "throughput.png", "host-io.png", "host-memory-2.0.png");
    private final String html = ComparisonHtml.render(ComparisonFixture.comparison(), ComparisonFixture.context(), FILES);

    @Test
    void linksTheDataFilesAndTheImagesItIsGivenAndNoOther() {
        assertEquals(FILES, links(html));
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
    void statesTheFindingAsTheConsoleDoes() {
        String finding = html.substring(html.indexOf("<pre class=\"finding\">") + 21, html.indexOf("</pre>"));
        assertEquals(String.join("\n", Finding.lines(ComparisonFixture.comparison())).replace("&", "&amp;"), finding);
    }

    @Test
    void describesTheScenarioInWordsAndNumbers() {
        assertTrue(html.contains("<p>2 guests (web-0 to web-1) of 64 MiB, 32 MiB of swap, running web-farm ("), html);
        assertTrue(html.contains("<p>Host memory for the guests: 128.0 MiB at 1.0, 64.00 MiB at 2.0.</p>"), html);
        assertTrue(html.contains("paging device: ssd, 100 us a page in and 100 us a page out, 1 page at once."), html);
        assertTrue(html.contains("<p>Each run simulates 40 s of virtual time; the first 10 s are a warm-up, left out of "
                + "the metrics. Host memory is sampled every 1 s. Seed 42.</p>"), html);
    }

    @Test
    void describesTheRatiosAndPoliciesRunNotThoseOfTheFile() {
        Comparison onlyCmmaAt2 = ComparisonFixture.comparison(List.of(ComparisonFixture.runs().get(3)));
        String page = ComparisonHtml.render(onlyCmmaAt2, ComparisonFixture.context(), FILES);
        assertTrue(page.contains("<p>Host memory for the guests: 64.00 MiB at 2.0.</p>"), page);
        assertTrue(page.contains("<p>Policies: cmma.</p>"), page);
    }

    @Test
    void showsThePublishedComparisonOfAShippedScenario() {
        assertTrue(html.contains("<h2>Published comparison</h2>"));
        assertTrue(html.contains("CMMA provided the most benefit at higher memory over-commitment ratios."), html);
        Comparison other = new Comparison("my-own", 1, ComparisonFixture.runs(), 1, 1);
        assertFalse(ComparisonHtml.render(other, ComparisonFixture.context(), FILES).contains("Published comparison"));
    }

    @Test
    void saysWhatProducedItAndExplainsEveryMetric() {
        Build build = Build.current();
        assertTrue(html.contains("Written by CMMA Lab " + build.version() + ", commit " + build.commit()
                + ", with the command <code>cmma compare --out 'my report'</code>."), html);
        assertTrue(html.contains("seed 42"));
        assertTrue(html.contains("wall time 1.234 s"));
        for (Metric metric : Metric.values()) {
            assertTrue(html.contains("<td>" + metric.better().words() + "</td><td>"
                    + metric.description().replace("\"", "&quot;") + "</td>"), metric.key());
        }
    }

    @Test
    void isOneFileThatLoadsNothingFromElsewhere() {
        assertFalse(html.contains("<link"));
        assertFalse(Pattern.compile("<(script|img|iframe)[^>]*\\ssrc=").matcher(html).find(), "no src attributes");
        assertTrue(html.contains("Chart.js v" + Build.current().chartJs()), "the library is inlined, with its licence");
        assertFalse(html.contains("sourceMappingURL"));
    }

    @Test
    void carriesItsDataAsJsonThatNoNameCanBreakOutOf() throws IOException {
        Comparison hostile = new Comparison("</script><script>alert(1)</script>", 1, ComparisonFixture.runs(), 1, 1);
        String page = ComparisonHtml.render(hostile, ComparisonFixture.context(), FILES);
        assertEquals(3, count(page, "</script>"), "the library, the data and the page's script");
        Matcher data = Pattern.compile("<script type=\"application/json\" id=\"report-data\">(.*?)</script>",
                Pattern.DOTALL).matcher(page);
        assertTrue(data.find());
        JsonNode json = new ObjectMapper().readTree(data.group(1));
        assertEquals("</script><script>alert(1)</script>", json.get("scenario").asText());
        assertEquals("throughput", json.get("headline").asText());
        assertEquals(128.0, json.get("ratios").get(0).get("capacityMiB").asDouble());
        assertEquals(4, json.get("runs").size());
    }

    @Test
    void aBrokenInvariantIsAnAlertAndARedCellNotABestOne() {
        String broken = ComparisonHtml.render(ComparisonFixture.withCmmaAt2(Metric.LEAKS, 7), ComparisonFixture.context(),
                FILES);
        assertTrue(broken.contains("<td class=\"num\">0</td><td class=\"num broken\">7</td>"), broken);
        assertTrue(broken.contains("<li>leaks = 7 under cmma</li>"), broken);
        assertTrue(broken.contains("data was lost or leaked at overcommit <a href=\"#overcommit-2.0\">2.0</a>."), broken);
        assertTrue(broken.contains("<section id=\"overcommit-2.0\">"), broken);
        assertFalse(html.contains("class=\"alert\""));
    }

    @Test
    void escapesNames() {
        Comparison comparison = new Comparison("<i>web</i> & \"farm\"", 1, ComparisonFixture.runs(), 1, 1);
        String page = ComparisonHtml.render(comparison, ComparisonFixture.context(), List.of());
        assertTrue(page.contains("CMMA Lab comparison: &lt;i&gt;web&lt;/i&gt; &amp; &quot;farm&quot;"));
        assertFalse(page.contains("<i>"));
    }

    @Test
    void writesIndexHtml(@TempDir Path dir) throws IOException {
        Path file = ComparisonHtml.write(ComparisonFixture.comparison(), ComparisonFixture.context(), FILES, dir);
        assertEquals(dir.resolve("index.html"), file);
        assertEquals(html, Files.readString(file));
    }

    /** The files the page links to, in order. */
    static List<String> links(String page) {
        Matcher m = Pattern.compile("<a href=\"([^\"#]+)\">").matcher(page);
        return m.results().map(r -> r.group(1)).toList();
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }
}
