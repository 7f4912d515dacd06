package org.cmmalab.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Medians, ratios and budget verdicts from a small hand-made JMH result file. */
class SummaryTest {
    @TempDir
    Path dir;

    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(2.0, JmhResult.median(new double[] {3, 1, 2}));
        assertEquals(2.5, JmhResult.median(new double[] {4, 1, 3, 2}));
        assertTrue(Double.isNaN(JmhResult.median(new double[0])));
        assertEquals(2.625, JmhResult.quantile(new double[] {100, 2, 3, 2.5, 3, 4}, 0.25));
    }

    @Test
    void readsMediansOverForksAllocationThreadsAndCounters() throws IOException {
        List<JmhResult> results = JmhResult.read(write(json(4.0, 4.0, 0.0001)));
        JmhResult cas = results.get(1);
        assertEquals("StateChangeBenchmark.compareAndSet", cas.benchmark());
        assertEquals(3.0, cas.median(), "median over both forks, not the mean score");
        assertEquals(6, cas.samples());
        JmhResult essa = results.get(2);
        assertEquals("StateChangeBenchmark.essa4k_SET_UNUSED", essa.benchmark());
        assertEquals("frames=64", results.get(results.size() - 1).params());
        assertEquals(0.0001, essa.allocNorm().getAsDouble());
        JmhResult race = results.get(results.size() - 1);
        assertEquals(List.of("guestMakeStable", "hostDiscard"), List.copyOf(race.threads().keySet()));
        assertEquals(30.0, race.counters().get("kept"));
    }

    @Test
    void budgetsMetWhenWithinTheirFactors() throws IOException {
        String summary = Summary.render(JmhResult.read(write(json(3.3, 3.3, 0.0001))), "r.json", OptionalDouble.of(2.0));
        assertTrue(summary.contains("met          ESSA state change on a 4 KiB frame costs <= 1.2x"), summary);
        assertTrue(summary.contains("met          ESSA state change on a 4 KiB frame allocates 0 bytes"), summary);
        assertTrue(summary.contains("met          2 MiB state change"), summary);
        assertTrue(summary.contains("essa4k_SET_UNUSED"), summary);
        assertTrue(summary.contains("kept 30"), summary);
        assertTrue(summary.contains("1.10x (1 operations 1.10x to 1.10x, worst essa4k_SET_UNUSED); NOISY, spread up to 38%"),
                summary);
    }

    @Test
    void budgetsNotMetWhenBeyondThem() throws IOException {
        String summary = Summary.render(JmhResult.read(write(json(6.0, 9.0, 16.0))), "r.json", OptionalDouble.empty());
        assertTrue(summary.contains("NOT met      ESSA state change on a 4 KiB frame costs <= 1.2x the bare compareAndSet:"
                + " essa4k 6.00 vs compareAndSet 3.00 ns/op: 2.00x (1 operations 2.00x to 2.00x, worst essa4k_SET_UNUSED)"),
                summary);
        assertTrue(summary.contains("NOT met      ESSA state change on a 4 KiB frame allocates 0 bytes"), summary);
        assertTrue(summary.contains("NOT met      2 MiB state change"), summary);
    }

    @Test
    void budgetsNotCheckedWithoutTheirBaselines() throws IOException {
        Path file = write("[" + entry("StateChangeBenchmark.essa4k_SET_UNUSED", "{}", "[[3.0]]", "") + "]");
        String summary = Summary.render(JmhResult.read(file), "r.json", OptionalDouble.empty());
        assertTrue(summary.contains("not checked  ESSA state change on a 4 KiB frame costs"), summary);
        assertTrue(summary.contains("not checked  ESSA state change on a 4 KiB frame allocates 0 bytes: no gc.alloc.rate.norm"),
                summary);
    }

    @Test
    void aFileThatIsNotAResultFileIsNamed() throws IOException {
        Path notJson = write("{ nope");
        IOException e = assertThrows(IOException.class, () -> JmhResult.read(notJson));
        assertTrue(e.getMessage().startsWith(notJson.toString()), e.getMessage());
        Path notArray = write("{}");
        e = assertThrows(IOException.class, () -> JmhResult.read(notArray));
        assertTrue(e.getMessage().contains("not a JMH result file"), e.getMessage());
    }

    /** A result file: baselines at 1 and 3 ns/op, essa4k at {@code essa}, essa2m at {@code large}. */
    private static String json(double essa, double large, double allocNorm) {
        String gc = ",\"gc.alloc.rate.norm\":{\"score\":" + allocNorm + ",\"scoreUnit\":\"B/op\",\"rawData\":[[" + allocNorm + "]]}";
        return "["
                + entry("StateChangeBenchmark.arrayStore", "{}", "[[1.0]]", gc) + ","
                + entry("StateChangeBenchmark.compareAndSet", "{}", "[[2.0,3.0,100.0],[2.5,3.0,4.0]]", gc) + ","
                + entry("StateChangeBenchmark.essa4k_SET_UNUSED", "{}", "[[" + essa + "]]", gc) + ","
                + entry("StateChangeBenchmark.essa4k_GET_STATE", "{}", "[[50.0]]", gc) + ","
                + entry("StateChangeBenchmark.essa4kRunBases", "{}", "[[" + essa + "]]", gc) + ","
                + entry("StateChangeBenchmark.essa2m_SET_UNUSED", "{}", "[[" + large + "]]", gc) + ","
                + entry("ContendedStateBenchmark.race", "{\"frames\":\"64\"}", "[[30.0]]", gc
                        + ",\"guestMakeStable\":{\"scoreUnit\":\"ns/op\",\"rawData\":[[29.0]]}"
                        + ",\"hostDiscard\":{\"scoreUnit\":\"ns/op\",\"rawData\":[[31.0]]}"
                        + ",\"kept\":{\"scoreUnit\":\"#\",\"rawData\":[[10.0,20.0]]}")
                + "]";
    }

    private static String entry(String benchmark, String params, String raw, String secondary) {
        return "{\"benchmark\":\"org.cmmalab.jmh." + benchmark + "\",\"mode\":\"avgt\",\"params\":" + params
                + ",\"primaryMetric\":{\"score\":0,\"scoreUnit\":\"ns/op\",\"rawData\":" + raw + "},"
                + "\"secondaryMetrics\":{" + (secondary.isEmpty() ? "" : secondary.substring(1)) + "}}";
    }

    private Path write(String text) throws IOException {
        Path file = Files.createTempFile(dir, "result", ".json");
        Files.writeString(file, text);
        return file;
    }
}
