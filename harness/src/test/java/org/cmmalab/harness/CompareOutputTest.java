package org.cmmalab.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cmmalab.harness.result.Metric;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code cmma compare} prints: the rows chosen, and the finding last. */
class CompareOutputTest {
    @TempDir
    Path dir;

    private ReplayCommandTest.Captured compare(String... more) throws IOException {
        Path small = Files.writeString(dir.resolve("small.yaml"), OutputPathTest.SMALL);
        List<String> args = new java.util.ArrayList<>(List.of("compare", "--scenario", small.toString(), "--threads=1"));
        args.addAll(List.of(more));
        return ReplayCommandTest.run(args.toArray(String[]::new));
    }

    @Test
    void theTableHasTheChosenRowsAndEndsWithTheFinding() throws IOException {
        ReplayCommandTest.Captured c = compare("--metrics", "hostPageOuts,throughput");
        assertEquals(0, c.status(), c.err());
        List<String> lines = c.out().lines().toList();
        assertEquals(List.of("hostPageOuts", "throughput"), lines.subList(3, 5).stream().map(l -> l.split(" ")[0]).toList());
        assertEquals("", lines.get(5));
        int finding = lines.indexOf(lines.stream().filter(l -> l.startsWith("Finding, by throughput")).findFirst()
                .orElseThrow());
        assertEquals(finding + 3, lines.size(), "the finding's heading and two lines for the one ratio, last: " + c.out());
        assertTrue(lines.get(finding + 1).startsWith("at 2.0: "), c.out());
        assertTrue(lines.get(finding + 2).contains("I/O: "), c.out());
    }

    @Test
    void anUnknownMetricIsRefusedListingEveryMetric() throws IOException {
        ReplayCommandTest.Captured c = compare("--metrics", "throughput,speed");
        assertEquals(2, c.status());
        assertTrue(c.err().startsWith("cmma: --metrics: no metric is named 'speed'; the metrics: throughput, "), c.err());
        for (Metric m : Metric.values()) {
            assertTrue(c.err().contains(m.key()), m.key());
        }
        assertEquals("", c.out(), "refused before any run");
    }
}
