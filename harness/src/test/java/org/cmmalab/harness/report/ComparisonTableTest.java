package org.cmmalab.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.cmmalab.harness.result.Comparison;
import org.cmmalab.harness.result.Metric;
import org.junit.jupiter.api.Test;

class ComparisonTableTest {
    @Test
    void oneBlockPerRatioInAscendingOrderHeadedByScenarioSeedAndRatio() {
        String table = print(ComparisonFixture.comparison());
        int first = table.indexOf("web-farm, seed 42, overcommit 1.0\n");
        int second = table.indexOf("web-farm, seed 42, overcommit 2.0\n");
        assertTrue(first >= 0 && second > first, table);
        assertEquals(first, table.lastIndexOf("web-farm, seed 42, overcommit 1.0\n"));
        assertEquals(second, table.lastIndexOf("web-farm, seed 42, overcommit 2.0\n"));
    }

    @Test
    void everyMetricIsARowWithItsUnitInEveryBlock() {
        String table = print(ComparisonFixture.comparison());
        for (Metric metric : Metric.values()) {
            assertEquals(List.of(metric.key(), metric.unit()), row(table, 1.0, metric).subList(0, 2));
            assertEquals(List.of(metric.key(), metric.unit()), row(table, 2.0, metric).subList(0, 2));
        }
    }

    @Test
    void theBestValueOfARowIsStarredByItsDirectionAndTiesAreNot() {
        String table = print(ComparisonFixture.comparison());
        // columns: metric, unit, none, cmma
        assertEquals(List.of("1,200*", "1,180"), cells(table, 1.0, Metric.THROUGHPUT));
        assertEquals(List.of("650.0", "1,101*"), cells(table, 2.0, Metric.THROUGHPUT));
        assertEquals(List.of("1.500", "1.250*"), cells(table, 1.0, Metric.LATENCY_P50));
        assertEquals(List.of("123,456", "2,048*"), cells(table, 2.0, Metric.HOST_PAGE_INS));
        assertEquals(List.of("0", "50,000"), cells(table, 2.0, Metric.DISCARDS), "a mechanism count is not ranked");
        assertEquals(List.of("0.3000*", "12.50"), cells(table, 2.0, Metric.HINT_CPU_MS));
        assertEquals(List.of("0", "0"), cells(table, 1.0, Metric.HOST_PAGE_INS), "a tie has no best");
    }

    @Test
    void everyRankedMetricIsStarredByItsOwnDirectionAndNoOtherIs() {
        for (Metric metric : Metric.values()) {
            double low = 10;
            double high = 20;
            String table = print(ComparisonFixture.comparison(List.of(
                    ComparisonFixture.run("none", 1.0, java.util.Map.of(metric, low)),
                    ComparisonFixture.run("cmma", 1.0, java.util.Map.of(metric, high)))));
            List<String> expected = switch (metric.better()) {
                case HIGHER -> List.of("10.00", "20.00*");
                case LOWER -> List.of("10.00*", "20.00");
                case NONE, ZERO -> List.of("10.00", "20.00");
            };
            List<String> cells = cells(table, 1.0, metric);
            if (ComparisonNumbers.isCount(metric)) {
                expected = expected.stream().map(c -> c.replace(".00", "")).toList();
            }
            if (metric.better() == Metric.Better.ZERO) {
                expected = List.of("10!", "20!");
            }
            assertEquals(expected, cells, metric.key());
        }
    }

    @Test
    void valuesThatLookEqualTieAndAllTiedForBestAreStarred() {
        Comparison c = ComparisonFixture.comparison(List.of(
                ComparisonFixture.run("none", 1.0, java.util.Map.of(Metric.THROUGHPUT, 7000.0)),
                ComparisonFixture.run("cmma", 1.0, java.util.Map.of(Metric.THROUGHPUT, 7618.2)),
                ComparisonFixture.run("ppr", 1.0, java.util.Map.of(Metric.THROUGHPUT, 7618.4))));
        assertEquals(List.of("7,000", "7,618*", "7,618*"), cells(print(c), 1.0, Metric.THROUGHPUT));

        Comparison allEqual = ComparisonFixture.comparison(List.of(
                ComparisonFixture.run("none", 1.0, java.util.Map.of(Metric.THROUGHPUT, 7618.2)),
                ComparisonFixture.run("cmma", 1.0, java.util.Map.of(Metric.THROUGHPUT, 7618.4))));
        assertEquals(List.of("7,618", "7,618"), cells(print(allEqual), 1.0, Metric.THROUGHPUT));
    }

    @Test
    void theFooterNamesEveryUnrankedMetricAndTheTieRule() {
        String table = print(ComparisonFixture.comparison());
        assertTrue(table.contains("values that look equal tie, and every policy that ties for best is marked "
                + "(none where all look equal)"), table);
        for (Metric metric : Metric.values()) {
            String footer = table.substring(table.indexOf("not ranked: "));
            assertEquals(!metric.ranked(), footer.lines().findFirst().orElseThrow().contains(metric.key()), metric.key());
        }
    }

    @Test
    void chosenMetricsAreTheOnlyRowsInTheirOrder() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ComparisonTable.print(ComparisonFixture.comparison(), List.of(Metric.HOST_PAGE_INS, Metric.THROUGHPUT),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String table = bytes.toString(StandardCharsets.UTF_8);
        String block = table.substring(0, table.indexOf("\n\n"));
        assertEquals(List.of("hostPageIns", "throughput"), block.lines().skip(3).map(l -> l.split(" ")[0]).toList());
    }

    @Test
    void aBrokenInvariantIsNeverRankedAndTheBlockSaysSoLoudly() {
        String table = print(ComparisonFixture.withCmmaAt2(Metric.LOST_PAGES, 3));
        assertEquals(List.of("0", "3!"), cells(table, 2.0, Metric.LOST_PAGES));
        assertEquals(List.of("0", "0"), cells(table, 2.0, Metric.LEAKS));
        String secondBlock = table.substring(table.indexOf("overcommit 2.0"));
        assertTrue(secondBlock.startsWith("overcommit 2.0\n!!! INVARIANT BROKEN"), secondBlock);
        assertTrue(secondBlock.contains("!!!   lostPages = 3 under cmma\n"), secondBlock);
        String firstBlock = table.substring(table.indexOf("overcommit 1.0"), table.indexOf("overcommit 2.0"));
        assertFalse(firstBlock.contains("!!!"), firstBlock);
        assertFalse(print(ComparisonFixture.comparison()).contains("!!!"));
    }

    @Test
    void wallSecondsAndSpeedAreUnderTheTable() {
        String table = print(ComparisonFixture.comparison());
        assertTrue(table.endsWith("wall time 1.234 s, 2,345,679 simulated references per wall second\n"), table);
    }

    @Test
    void columnsLineUp() {
        String table = print(ComparisonFixture.comparison());
        List<String> lines = table.lines().filter(l -> l.startsWith("throughput") || l.startsWith("metric")
                || l.startsWith("lostPages")).toList();
        assertEquals(6, lines.size(), table);
        assertEquals(1, lines.stream().mapToInt(String::length).distinct().count(), table);
    }

    static String print(Comparison comparison) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ComparisonTable.print(comparison, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }

    /** The words of {@code metric}'s row in the block of {@code ratio}. */
    static List<String> row(String table, double ratio, Metric metric) {
        String block = table.substring(table.indexOf("overcommit " + ratio + "\n"));
        return block.lines().filter(line -> line.startsWith(metric.key() + " ")).findFirst()
                .map(line -> Arrays.asList(line.trim().split(" +"))).orElseThrow();
    }

    static List<String> cells(String table, double ratio, Metric metric) {
        List<String> row = row(table, ratio, metric);
        return row.subList(2, row.size());
    }
}
