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
    void aReplayIsReadPerReference() throws IOException {
        List<JmhResult> results = JmhResult.read(write(replayJson(150.0, 0.5)));
        JmhResult stack = results.get(0);
        assertEquals("ReplayBenchmark.stack", stack.benchmark());
        assertEquals("ns/ref", stack.unit());
        assertEquals(150.0, stack.median(), "the references counter, not the time per replay");
        assertEquals(1.0, stack.allocNorm().getAsDouble(), 1e-9, "1000 B per replay of 1000 references");
        assertEquals("800", stack.param("hostFrames"));
        assertEquals("true", stack.param("hints"));
        assertEquals(null, stack.param("nope"));
        assertTrue(stack.threads().isEmpty());
    }

    @Test
    void replayAndReclaimBudgetsNotMet() throws IOException {
        String summary = Summary.render(JmhResult.read(write(replayJson(150.0, 0.5))), "r.json", OptionalDouble.empty());
        assertTrue(summary.contains("NOT met      the whole stack (hints on) replays at >= 1/3 the speed of a LinkedHashMap LRU"
                + " (lirs-loop.trace.gz, 800 frames): stack 150 vs lruMap 20.0 ns/ref: 0.13x the speed (7.5x the time per"
                + " reference); hints off 50.0 ns/ref, 0.40x the speed"), summary);
        assertTrue(summary.contains("met          the whole stack (hints on) replays at >= 1/3 the speed of a LinkedHashMap LRU"
                + " (lirs-loop.trace.gz, 1024 frames): stack 30.0 vs lruMap 15.0 ns/ref: 0.50x the speed"), summary);
        assertTrue(summary.contains("NOT met      host reclaim of one frame allocates nothing: at most 0.5000 B per reclaimed"
                + " frame (gc.alloc.rate.norm, discard policy=opt; 2 benchmarks)"), summary);
        assertTrue(summary.contains("  stack hints=true hostFrames=800 trace=lirs-loop.trace.gz   ns/ref     150"), summary);
    }

    @Test
    void replayMetAndReclaimAllocatesNothing() throws IOException {
        String summary = Summary.render(JmhResult.read(write(replayJson(60.0, 0.002))), "r.json", OptionalDouble.of(2.0));
        assertTrue(summary.contains("met          the whole stack (hints on) replays at >= 1/3 the speed of a LinkedHashMap LRU"
                + " (lirs-loop.trace.gz, 800 frames): stack 60.0 vs lruMap 20.0 ns/ref: 0.33x the speed"), summary);
        assertTrue(summary.contains("met          host reclaim of one frame allocates nothing: at most 0.0020 B"), summary);
        assertTrue(summary.contains("not checked  ESSA state change on a 4 KiB frame costs"), summary);
    }

    @Test
    void hintPathsAreHeldAgainstTheBareEssa() throws IOException {
        String gc = ",\"gc.alloc.rate.norm\":{\"score\":0.0001,\"scoreUnit\":\"B/op\",\"rawData\":[[0.0001]]}";
        Path file = write("["
                + entry("StateChangeBenchmark.essa4k_SET_STABLE", "{}", "[[4.0]]", gc) + ","
                + entry("StateChangeBenchmark.essa4k_SET_STABLE_IF_RESIDENT", "{}", "[[5.0]]", gc) + ","
                + entry("StateChangeBenchmark.guestAllocFree", "{\"hints\":\"true\"}", "[[20.0]]", gc) + ","
                + entry("StateChangeBenchmark.guestAllocFree", "{\"hints\":\"false\"}", "[[12.0]]", gc) + ","
                + entry("StateChangeBenchmark.guestRead", "{\"hints\":\"true\"}", "[[40.0]]", gc) + ","
                + entry("DiscardFaultBenchmark.residentTouch", "{}", "[[20.0]]", gc) + ","
                + entry("DiscardFaultBenchmark.roundTrip", "{}", "[[140.0]]", gc) + "]");
        String summary = Summary.render(JmhResult.read(file), "r.json", OptionalDouble.empty());
        assertTrue(summary.contains("guestAllocFree (allocPages(0) then freePages: SET_STABLE, SET_UNUSED): 20.0 ns a call,"
                + " 1 ESSA; per ESSA 5.0x the bare essa4k_SET_STABLE (4.00 ns); hints off 12.0 ns, so each hint adds"
                + " 8.00 ns = 2.0x the bare ESSA"), summary);
        assertTrue(summary.contains("guestRead (read(2) of a volatile cached page: SET_STABLE_IF_RESIDENT, SET_VOLATILE):"
                + " 40.0 ns a call, 2 ESSA; per ESSA 4.0x the bare essa4k_SET_STABLE_IF_RESIDENT (5.00 ns)\n")
                || summary.contains("per ESSA 4.0x the bare essa4k_SET_STABLE_IF_RESIDENT (5.00 ns)" + System.lineSeparator()),
                summary);
        assertTrue(summary.contains("discard fault round trip (fault, drop, re-read, retry): 140 ns = 7.0x a mapped touch"), summary);
        assertTrue(summary.contains("  guestAllocFree hints=true"), summary);
    }

    @Test
    void pathsInParametersAreShortened() {
        assertEquals("hints=true trace=lirs-loop.trace.gz", Summary.shortParams("hints=true trace=traces/lirs-loop.trace.gz"));
        assertEquals("frames=64", Summary.shortParams("frames=64"));
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

    /**
     * Replays of 1000 references at 800 and 1024 frames (the stack at {@code stack} ns/ref with
     * hints on at 800), and two reclaim benchmarks, the worse allocating {@code reclaimBytes} B/op.
     */
    private static String replayJson(double stack, double reclaimBytes) {
        return "["
                + replay("stack", "true", 800, stack) + ","
                + replay("stack", "false", 800, 50.0) + ","
                + replay("lruMap", null, 800, 20.0) + ","
                + replay("stack", "true", 1024, 30.0) + ","
                + replay("lruMap", null, 1024, 15.0) + ","
                + entry("ReclaimBenchmark.discard", "{\"policy\":\"lru\"}", "[[20.0]]",
                        ",\"gc.alloc.rate.norm\":{\"scoreUnit\":\"B/op\",\"rawData\":[[0.001]]}") + ","
                + entry("ReclaimBenchmark.discard", "{\"policy\":\"opt\"}", "[[50.0]]",
                        ",\"gc.alloc.rate.norm\":{\"scoreUnit\":\"B/op\",\"rawData\":[[" + reclaimBytes + "]]}")
                + "]";
    }

    private static String replay(String method, String hints, int frames, double perReference) {
        String params = "{" + (hints == null ? "" : "\"hints\":\"" + hints + "\",") + "\"hostFrames\":\"" + frames
                + "\",\"trace\":\"traces/lirs-loop.trace.gz\"}";
        return entry("ReplayBenchmark." + method, params, "[[" + 1000 * perReference + "]]",
                ",\"gc.alloc.rate.norm\":{\"scoreUnit\":\"B/op\",\"rawData\":[[1000.0]]}"
                + ",\"references\":{\"scoreUnit\":\"ns/op\",\"rawData\":[[" + perReference + "]]}");
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
