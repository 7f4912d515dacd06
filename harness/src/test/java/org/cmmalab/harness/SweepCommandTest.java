package org.cmmalab.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cmmalab.harness.report.SweepJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cmma sweep} end to end, and the options a fixed-host scenario refuses. */
class SweepCommandTest {
    private static final String SMALL = OutputPathTest.SMALL;

    @TempDir
    Path dir;

    @Test
    void jsonHoldsEverySeedAndTheMedianAndOutWritesItToo() throws IOException {
        Path scenario = Files.writeString(dir.resolve("small.yaml"), SMALL);
        Path out = dir.resolve("out");
        ReplayCommandTest.Captured c = ReplayCommandTest.run("sweep", "--scenario", scenario.toString(), "--seeds", "7,8",
                "--threads", "2", "--json", "--out", out.toString());
        assertEquals(0, c.status(), c.err());
        JsonNode s = new ObjectMapper().readTree(c.out()).get("scenarios").get(0);
        assertEquals("small", s.get("scenario").asText());
        assertEquals(2, s.get("bySeed").size());
        assertEquals(8, s.get("bySeed").get(1).get("seed").asLong());
        assertEquals(2, s.get("median").size(), "one median run per policy at the one ratio");
        assertEquals(new ObjectMapper().readTree(c.out()), new ObjectMapper().readTree(out.resolve(SweepJson.FILE).toFile()));
        assertTrue(Files.isRegularFile(out.resolve("small-seed-7").resolve("comparison.json")));
    }

    @Test
    void badInputIsOneMessageWithStatusTwo() throws IOException {
        Path scenario = Files.writeString(dir.resolve("small.yaml"), SMALL);
        assertUsage(ReplayCommandTest.run("sweep", "--scenario", scenario.toString(), "--scenario", scenario.toString()),
                "two scenarios are named 'small'");
        assertUsage(ReplayCommandTest.run("sweep", "--scenario", scenario.toString(), "--seeds", "1,1"),
                "--seeds names a seed twice");
        assertUsage(ReplayCommandTest.run("sweep", "--scenario", scenario.toString(), "--threads", "0"),
                "--threads must be at least 1, was 0");
        assertUsage(ReplayCommandTest.run("sweep", "--scenario", "density"),
                "a density scenario is a search for the largest guest count");
        assertUsage(ReplayCommandTest.run("compare", "--scenario", "tmem-compile", "--overcommit", "2.0"),
                "--overcommit does not apply to tmem-compile: its host memory is fixed (host.memoryMiB 1792)");
    }

    private static void assertUsage(ReplayCommandTest.Captured c, String message) {
        assertEquals(2, c.status(), c.err());
        assertTrue(c.err().startsWith("cmma: ") && c.err().contains(message), c.err());
    }
}
