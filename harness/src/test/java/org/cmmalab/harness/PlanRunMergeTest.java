package org.cmmalab.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep planned ({@code cmma sweep --plan}), run one run at a time ({@code cmma run}, as a
 * cluster's array tasks do) and merged ({@code cmma merge}) reports exactly what the same sweep
 * reports on one machine: the JSON byte for byte; a density search planned by policy, the same
 * JSON but for its wall times.
 */
class PlanRunMergeTest {
    @TempDir
    Path dir;

    @Test
    void mergedJsonIsTheOneMachineSweepsByteForByte() throws IOException {
        Path scenario = Files.writeString(dir.resolve("small.yaml"), OutputPathTest.SMALL);
        Path other = Files.writeString(dir.resolve("other.yaml"), OutputPathTest.SMALL.replace("name: small", "name: other"));
        Path plan = dir.resolve("plan.jsonl");
        Path results = dir.resolve("results");
        ReplayCommandTest.Captured planned = ReplayCommandTest.run("sweep", "--scenario", scenario.toString(),
                "--scenario", other.toString(), "--seeds", "7,8", "--plan", plan.toString());
        assertEquals(0, planned.status(), planned.err());
        List<String> lines = Files.readAllLines(plan);
        assertEquals(8, lines.size(), "two scenarios x two seeds x one ratio x two policies");
        for (int i = lines.size() - 1; i >= 0; i--) { // any order: the tasks of an array job finish as they may
            ReplayCommandTest.Captured ran = ReplayCommandTest.run("run", "--plan", plan.toString(), "--index",
                    String.valueOf(i), "--out", results.toString());
            assertEquals(0, ran.status(), ran.err());
        }
        ReplayCommandTest.Captured merged = ReplayCommandTest.run("merge", results.toString(), "--json");
        ReplayCommandTest.Captured oneMachine = ReplayCommandTest.run("sweep", "--scenario", scenario.toString(),
                "--scenario", other.toString(), "--seeds", "7,8", "--threads", "2", "--json");
        assertEquals(0, merged.status(), merged.err());
        assertEquals(0, oneMachine.status(), oneMachine.err());
        assertEquals(oneMachine.out(), merged.out());
    }

    /** With one count a round and with three (a k-ary bracket): the plan carries the count, the node's cores run them. */
    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void aDensitySearchPlannedByPolicyMergesToTheOneMachineJson(int countsPerRound) throws IOException {
        Path scenario = Files.writeString(dir.resolve("density.yaml"), OutputPathTest.DENSITY
                .replace("policies: [none]", "policies: [none, cmma, ksm]").replace("maxGuests: 2", "maxGuests: 12"));
        Path plan = dir.resolve("plan.jsonl");
        Path results = dir.resolve("results");
        String k = String.valueOf(countsPerRound);
        ReplayCommandTest.Captured planned = ReplayCommandTest.run("compare", "--scenario", scenario.toString(), "--plan",
                plan.toString(), "--counts-per-round", k);
        assertEquals(0, planned.status(), planned.err());
        assertEquals(3, Files.readAllLines(plan).size(), "one search per policy");
        for (String task : Files.readAllLines(plan)) {
            JsonNode t = new ObjectMapper().readTree(task);
            assertEquals(countsPerRound, t.get("countsPerRound").asInt(), task);
            assertEquals(256, t.get("heapMiB").asInt(), "a tiny search: the smallest heap a task is given");
        }
        for (int i = 2; i >= 0; i--) {
            ReplayCommandTest.Captured ran = ReplayCommandTest.run("run", "--plan", plan.toString(), "--index",
                    String.valueOf(i), "--out", results.toString());
            assertEquals(0, ran.status(), ran.err());
        }
        ReplayCommandTest.Captured merged = ReplayCommandTest.run("merge", results.toString(), "--json");
        ReplayCommandTest.Captured oneMachine = ReplayCommandTest.run("compare", "--scenario", scenario.toString(), "--json",
                "--counts-per-round", k, "--threads", "1");
        assertEquals(0, merged.status(), merged.err());
        assertEquals(0, oneMachine.status(), oneMachine.err());
        JsonNode a = withoutWallTimes(new ObjectMapper().readTree(oneMachine.out()));
        JsonNode b = withoutWallTimes(new ObjectMapper().readTree(merged.out()));
        assertEquals(3, a.get("policies").size());
        assertEquals(a, b, "every field but the wall times, which the density JSON documents as the only ones not deterministic");
    }

    /** The density JSON without its wall-clock fields (docs/cli.md: the only fields that are not deterministic). */
    private static JsonNode withoutWallTimes(JsonNode n) {
        if (n instanceof ObjectNode o) {
            o.remove(List.of("wallSeconds", "runsWallSeconds"));
            o.forEach(PlanRunMergeTest::withoutWallTimes);
        } else if (n.isArray()) {
            n.forEach(PlanRunMergeTest::withoutWallTimes);
        }
        return n;
    }

    @Test
    void aRunWhoseResultIsThereIsNotRunAgain() throws IOException {
        Path scenario = Files.writeString(dir.resolve("small.yaml"), OutputPathTest.SMALL);
        Path plan = dir.resolve("plan.jsonl");
        Path results = dir.resolve("results");
        assertEquals(0, ReplayCommandTest.run("sweep", "--scenario", scenario.toString(), "--plan", plan.toString()).status());
        assertEquals(0, ReplayCommandTest.run("run", "--plan", plan.toString(), "--index", "1", "--out", results.toString()).status());
        Path result = results.resolve("run-000001.json");
        FileTime written = FileTime.fromMillis(0);
        Files.setLastModifiedTime(result, written);
        ReplayCommandTest.Captured again = ReplayCommandTest.run("run", "--plan", plan.toString(), "--index", "1", "--out",
                results.toString());
        assertEquals(0, again.status(), again.err());
        assertTrue(again.err().contains("has its result already"), again.err());
        assertEquals(written, Files.getLastModifiedTime(result), "the result was not written again");
    }

    @Test
    void theIndexComesFromTheClustersVariable() {
        assertEquals(3, org.cmmalab.harness.cli.RunIndex.from(Map.of("SLURM_ARRAY_TASK_ID", "3")));
        assertEquals(5, org.cmmalab.harness.cli.RunIndex.from(Map.of("JOB_COMPLETION_INDEX", "5")));
        InputError e = org.junit.jupiter.api.Assertions.assertThrows(InputError.class,
                () -> org.cmmalab.harness.cli.RunIndex.from(Map.of()));
        assertTrue(e.getMessage().contains("SLURM_ARRAY_TASK_ID"), e.getMessage());
    }

    @Test
    void badInputIsOneMessageWithStatusTwo() throws IOException {
        Path scenario = Files.writeString(dir.resolve("small.yaml"), OutputPathTest.SMALL);
        Path plan = dir.resolve("plan.jsonl");
        Path results = dir.resolve("results");
        assertEquals(0, ReplayCommandTest.run("sweep", "--scenario", scenario.toString(), "--plan", plan.toString()).status());
        assertUsage(ReplayCommandTest.run("run", "--plan", plan.toString(), "--index", "9", "--out", results.toString()),
                "has runs 0..1; there is no run 9");
        assertUsage(ReplayCommandTest.run("run", "--plan", dir.resolve("none.jsonl").toString(), "--index", "0"),
                "none.jsonl: no such file");
        assertEquals(0, ReplayCommandTest.run("run", "--plan", plan.toString(), "--index", "0", "--out", results.toString()).status());
        assertUsage(ReplayCommandTest.run("merge", results.toString()), "1 of 2 tasks have no result yet, the first task 1");
        Files.writeString(plan, Files.readAllLines(plan).get(0) + "\n");
        assertUsage(ReplayCommandTest.run("run", "--plan", plan.toString(), "--index", "0", "--out", dir.resolve("r2").toString()),
                "the plan was edited or put together from several");
        assertFalse(Files.exists(dir.resolve("r2").resolve("run-000000.json")));
        assertUsage(ReplayCommandTest.run("sweep", "--scenario", scenario.toString(), "--plan", plan.toString(), "--json"),
                "--plan runs nothing");
        assertUsage(ReplayCommandTest.run("compare", "--scenario", scenario.toString(), "--plan", plan.toString()),
                "is a comparison, not a density search; plan it with cmma sweep");
        assertUsage(ReplayCommandTest.run("compare", "--scenario", scenario.toString(), "--counts-per-round", "2"),
                "--counts-per-round applies to a density search");
        assertUsage(ReplayCommandTest.run("compare", "--scenario", scenario.toString(), "--counts-per-round", "0"),
                "--counts-per-round must be 1 to 64, was 0");
    }

    private static void assertUsage(ReplayCommandTest.Captured c, String message) {
        assertEquals(2, c.status(), c.err());
        assertTrue(c.err().startsWith("cmma: ") && c.err().contains(message), c.err());
    }
}
