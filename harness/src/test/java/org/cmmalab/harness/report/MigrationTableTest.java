package org.cmmalab.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.EnumMap;
import org.cmmalab.harness.result.Comparison;
import org.cmmalab.harness.result.Metric;
import org.cmmalab.harness.result.MigrationResult;
import org.cmmalab.harness.result.RunResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The migration table, JSON, CSV and page section: there only with migrations, a row per guest and quantity. */
class MigrationTableTest {
    private static final MigrationResult DONE = new MigrationResult("idle-0", true, 845.25, 5.5, 2, 81_920, 2_015_232,
            0, 0, 0, 0, 345_000_000, 0, 5.5, 0, 0, 0);
    private static final MigrationResult UNFINISHED = new MigrationResult("idle-0", false, Double.NaN, Double.NaN, 40,
            1_000, 0, 2_000_000, 0, 0, 0, 4_104_000, 0, 0, 4, 0, 0);

    private static String print(Comparison c) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        MigrationTable.print(c, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static Comparison comparison(MigrationResult none, MigrationResult hint) {
        RunResult.TimeSeries empty = new RunResult.TimeSeries("MiB", new double[0], new double[0]);
        return new Comparison("migration", 42, List.of(
                new RunResult("none", 1.0, new EnumMap<>(Metric.class), List.of(), empty, List.of(none)),
                new RunResult("free-page-hint", 1.0, new EnumMap<>(Metric.class), List.of(), empty, List.of(hint))), 1, 1);
    }

    @Test
    void printsNothingWithoutMigrations() {
        assertEquals("", print(ComparisonFixture.comparison()));
    }

    @Test
    void aRowPerQuantityAColumnPerPolicyAndTheUnfinishedNamed() {
        String out = print(comparison(DONE, UNFINISHED));
        assertTrue(out.contains("migration, seed 42, overcommit 1.0: live migration of each guest"), out);
        assertTrue(out.matches("(?s).*idle-0\\s+totalMs\\s+ms\\s+845.3\\s+-\\n.*"), out);
        assertTrue(out.matches("(?s).*idle-0\\s+skippedHinted\\s+pages\\s+0\\s+2,000,000\\n.*"), out);
        assertTrue(out.contains("did not complete within the run: idle-0 under free-page-hint"), out);
    }

    @Test
    void theJsonCarriesEachMigration() {
        JsonNode json = ComparisonJson.toJson(comparison(DONE, UNFINISHED), new ObjectMapper());
        JsonNode none = json.get("results").get(0).get("migrations").get(0);
        assertEquals("idle-0", none.get("guest").asText());
        assertEquals(845.25, none.get("totalMs").asDouble());
        assertEquals(2_015_232, none.get("zeroPages").asLong());
        assertTrue(json.get("results").get(1).get("migrations").get(0).get("totalMs").isNull());
        assertTrue(ComparisonJson.toJson(ComparisonFixture.comparison(), new ObjectMapper()).get("results").get(0)
                .get("migrations") == null, "no migrations, no field");
    }

    @Test
    void theCsvHasARowPerMigrationAndOnlyWhenThereAreAny(@TempDir Path dir) throws Exception {
        List<Path> files = ComparisonCsv.write(comparison(DONE, UNFINISHED), dir);
        assertEquals(dir.resolve(ComparisonCsv.MIGRATIONS), files.get(files.size() - 1));
        List<String> lines = Files.readAllLines(dir.resolve(ComparisonCsv.MIGRATIONS), StandardCharsets.UTF_8);
        assertEquals("policy,overcommit,guest,completed,totalMs,downtimeMs,rounds,pagesSent,zeroPages,skippedHinted,"
                + "skippedUnused,skippedDiscarded,skippedZero,sentMiB,attributeBytes,slowdownMs,guestDiskReads,lostPages",
                lines.get(0));
        assertTrue(lines.get(1).startsWith("none,1.0,idle-0,true,845.25,5.5,2,81920,2015232,0,"), lines.get(1));
        assertTrue(lines.get(2).startsWith("free-page-hint,1.0,idle-0,false,,,40,1000,0,2000000,"), lines.get(2));
        assertEquals(3, lines.size());

        Path without = Files.createDirectory(dir.resolve("without"));
        assertFalse(ComparisonCsv.write(ComparisonFixture.comparison(), without).contains(without.resolve(ComparisonCsv.MIGRATIONS)));
        assertFalse(Files.exists(without.resolve(ComparisonCsv.MIGRATIONS)));
        assertTrue(ComparisonReport.owns(ComparisonCsv.MIGRATIONS), "a later report without migrations removes it");
    }

    @Test
    void thePageShowsTheTableAtItsRatio() {
        String html = ComparisonHtml.render(comparison(DONE, UNFINISHED), ComparisonFixture.context(), List.of());
        assertTrue(html.contains("<h3>Live migration of each guest</h3>"), html);
        assertTrue(html.matches("(?s).*<td>idle-0</td><td>totalMs</td><td class=\"unit\">ms</td>"
                + "<td class=\"num\">845.3</td><td class=\"num\">-</td></tr>.*"), html);
        assertTrue(html.contains("Did not complete within the run: idle-0 under free-page-hint."), html);
        assertFalse(ComparisonHtml.render(ComparisonFixture.comparison(), ComparisonFixture.context(), List.of())
                .contains("Live migration"));
    }
}
