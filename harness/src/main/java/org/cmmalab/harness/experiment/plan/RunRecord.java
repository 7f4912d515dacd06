package org.cmmalab.harness.experiment.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.cmmalab.harness.InputError;
import org.cmmalab.harness.result.RunResult;

/**
 * A run's result document: the run as planned, what it computed, and how long it took on its
 * machine (not deterministic; reports show it apart). One file per run, named by the run's index
 * ({@link #fileName}), so that the runs of an array job never write the same file and a rerun
 * task finds its result there already.
 *
 * @param run         the run as planned
 * @param result      what it computed
 * @param wallSeconds the run's wall time where it ran
 * @param references  the page references it simulated
 */
public record RunRecord(PlannedRun run, RunResult result, double wallSeconds, long references) {
    /** The file of run {@code index}'s result in a results directory. */
    public static String fileName(int index) {
        return String.format("run-%06d.json", index);
    }

    /** Runs {@code run} and records it. */
    public static RunRecord execute(PlannedRun run) {
        long start = System.nanoTime();
        long[] references = new long[1];
        RunResult result = run.execute(machine -> references[0] = machine.references());
        return new RunRecord(run, result, (System.nanoTime() - start) / 1e9, references[0]);
    }

    /** Writes the record to {@code dir}, whole or not at all: a reader never sees half a result. */
    public void write(Path dir) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode n = mapper.createObjectNode();
        n.set("run", run.toJson(mapper));
        n.set("result", RunResultJson.toJson(result, mapper));
        n.put("wallSeconds", wallSeconds);
        n.put("references", references);
        Path target = dir.resolve(fileName(run.index()));
        Path partial = Files.createTempFile(dir, ".run-" + run.index() + "-", ".partial");
        try {
            Files.writeString(partial, mapper.writeValueAsString(n) + "\n", StandardCharsets.UTF_8);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** Reads the record in {@code file}. */
    public static RunRecord read(Path file) {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode n;
        try {
            n = mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw new InputError(file + ": not a run's result: " + e.getMessage());
        }
        String where = file.toString();
        return new RunRecord(PlannedRun.fromJson(Json.field(n, "run", where), where),
                RunResultJson.fromJson(Json.field(n, "result", where), where, mapper),
                Json.number(n, "wallSeconds", where), Json.longValue(n, "references", where));
    }
}
