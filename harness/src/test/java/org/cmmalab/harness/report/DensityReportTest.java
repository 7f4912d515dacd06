package org.cmmalab.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cmmalab.harness.result.DensityResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A density result's files and table carry each run's wall time beside its simulated numbers. */
class DensityReportTest {
    private static final DensityResult RESULT = new DensityResult("d", 1, 256, 230, 4096, List.of(
            new DensityResult.PolicyDensity("none", 0, 16, "stopped at 10 s of virtual time", List.of(
                    new DensityResult.Trial(16, false, 3, 0, false, 0),
                    new DensityResult.Trial(8, false, 0, 0, true, 0)),
                    List.of(2.5, 0.25), null, "not finished")), 3.0);

    @Test
    void filesGiveEachRunsWallTimeAndTheirSum(@TempDir Path dir) throws Exception {
        DensityReport.write(RESULT, 60, 120, DensityReport.check(dir));
        JsonNode policy = new ObjectMapper().readTree(dir.resolve(DensityReport.JSON).toFile()).get("policies").get(0);
        assertEquals(2.75, policy.get("runsWallSeconds").asDouble());
        assertEquals(2.5, policy.get("runs").get(0).get("wallSeconds").asDouble());
        assertEquals(0.25, policy.get("runs").get(1).get("wallSeconds").asDouble());
        assertTrue(policy.get("runs").get(1).get("outOfHeap").asBoolean());
        List<String> csv = Files.readAllLines(dir.resolve(DensityReport.CSV), StandardCharsets.UTF_8);
        assertEquals("policy,guests,searchCapped,failedAt,hostMemoryMeanGiB,hostMemoryMinGiB,hostMemoryMaxGiB,"
                + "hostDaemonCpuPercent,guestCpuPercent,runs,runsWallSeconds,notFinished", csv.get(0));
        assertEquals("none,0,false,16,,,,,,2,2.8,\"not finished\"", csv.get(1));
    }

    @Test
    void theTableHasAColumnOfRunTime() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DensityReport.print(RESULT, 60, 120, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertTrue(lines[2].endsWith("runs  runs s"), lines[2]);
        assertTrue(lines[3].matches("none +>=0 +16 .* 2 +3"), lines[3]);
    }

    @Test
    void aWallTimeForEveryRun() {
        assertThrows(IllegalArgumentException.class, () -> new DensityResult.PolicyDensity("none", 0, 16, "",
                List.of(new DensityResult.Trial(16, false, 3, 0, false, 0)), List.of(), null, ""));
    }
}
