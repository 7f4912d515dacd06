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

/**
 * A task's result document: the task as planned and what it found, one file per task named by its
 * index ({@link #fileName}), so that the tasks of an array job never write the same file and a
 * rerun task finds its result there already.
 */
public sealed interface TaskRecord permits RunRecord, SearchRecord {
    PlannedTask task();

    /** The task's wall time where it ran (not deterministic; reports show it apart). */
    double wallSeconds();

    /** What the task found, beside the task itself. */
    ObjectNode resultJson(ObjectMapper mapper);

    /** The file of task {@code index}'s result in a results directory. */
    static String fileName(int index) {
        return String.format("run-%06d.json", index);
    }

    /** Writes the record to {@code dir}, whole or not at all: a reader never sees half a result. */
    default void write(Path dir) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode n = mapper.createObjectNode();
        n.set("task", task().toJson(mapper));
        n.set("result", resultJson(mapper));
        Path target = dir.resolve(fileName(task().index()));
        Path partial = Files.createTempFile(dir, ".run-" + task().index() + "-", ".partial");
        try {
            Files.writeString(partial, mapper.writeValueAsString(n) + "\n", StandardCharsets.UTF_8);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** Reads the record in {@code file}. */
    static TaskRecord read(Path file) {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode n;
        try {
            n = mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw new InputError(file + ": not a task's result: " + e.getMessage());
        }
        String where = file.toString();
        PlannedTask task = PlannedTask.fromJson(Json.field(n, "task", where), where);
        JsonNode result = Json.field(n, "result", where);
        if (task instanceof PlannedRun run) {
            return RunRecord.fromJson(run, result, where, mapper);
        }
        return SearchRecord.fromJson((PlannedSearch) task, result, where, mapper);
    }
}
