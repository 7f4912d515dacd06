package org.cmmalab.harness.extending;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cmmalab.harness.report.ComparisonCsv;
import org.cmmalab.harness.report.ComparisonHtml;
import org.cmmalab.harness.report.ComparisonJson;
import org.cmmalab.harness.report.ComparisonTable;
import org.cmmalab.harness.report.ReportContext;
import org.cmmalab.harness.result.Comparison;
import org.cmmalab.harness.result.Metric;
import org.cmmalab.harness.result.RunResult;
import org.cmmalab.harness.scenario.ScenarioFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/extending.md, "A metric": a metric is its line in {@link Metric}, and every report
 * iterates over the definitions, so each metric is in the JSON, the CSV, the console table and
 * the report page; a tallied metric's run value is the guests' sum or the host's, as its
 * {@link Metric.Counting} says.
 */
class MetricExtensionTest {
    @Test
    void everyDefinedMetricReachesEveryReportAndIsCountedAsItsDefinitionSays(@TempDir Path dir) throws Exception {
        String text = ToyScenario.text("none, cmma", "web-farm", "files: 300, meanFilePages: 4, cpuMicros: 500", "");
        Comparison c = ToyScenario.compare(text);

        JsonNode json = ComparisonJson.toJson(c, new ObjectMapper()).get("results").get(0);
        ComparisonCsv.write(c, dir);
        String csv = Files.readString(dir.resolve(ComparisonCsv.RESULTS)).lines().findFirst().orElseThrow();
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        ComparisonTable.print(c, new PrintStream(table, true, StandardCharsets.UTF_8));
        String page = ComparisonHtml.render(c, ReportContext.of(ScenarioFixtures.parse(text), List.of("compare")), List.of());
        for (Metric m : Metric.values()) {
            assertTrue(json.has(m.key()), m.key() + " in the JSON");
            assertTrue(List.of(csv.split(",")).contains(m.key()), m.key() + " in the CSV header");
            assertTrue(table.toString(StandardCharsets.UTF_8).contains(m.key()), m.key() + " in the table");
            assertTrue(page.contains(m.key()), m.key() + " on the page");
        }

        for (RunResult run : c.results()) {
            for (Metric m : Metric.values()) {
                if (m.talliedPerGuest() && !m.talliedByHost()) {
                    double sum = run.guests().stream().mapToDouble(g -> g.metrics().get(m)).sum();
                    assertEquals(sum, run.get(m), Math.abs(sum) * 1e-12, run.policy() + " " + m.key() + ": the guests' sum");
                }
                if (!m.talliedPerGuest()) {
                    assertTrue(run.guests().stream().noneMatch(g -> g.metrics().containsKey(m)
                            && m.counting() != Metric.Counting.MEASURED), m.key() + " has no guest tally");
                }
            }
        }
    }
}
