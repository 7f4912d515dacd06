package org.cmmalab.harness.experiment.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.cmmalab.harness.result.RunResult;

/**
 * A sweep run's result: what it computed, and how long it took and how many page references it
 * simulated on its machine (the last two not deterministic; reports show them apart).
 *
 * @param task        the run as planned
 * @param result      what it computed
 * @param wallSeconds the run's wall time where it ran
 * @param references  the page references it simulated
 */
public record RunRecord(PlannedRun task, RunResult result, double wallSeconds, long references) implements TaskRecord {
    /** Runs {@code run} and records it. */
    static RunRecord execute(PlannedRun run) {
        long start = System.nanoTime();
        long[] references = new long[1];
        RunResult result = run.execute(machine -> references[0] = machine.references());
        return new RunRecord(run, result, (System.nanoTime() - start) / 1e9, references[0]);
    }

    @Override
    public ObjectNode resultJson(ObjectMapper mapper) {
        ObjectNode n = mapper.createObjectNode();
        n.set("run", RunResultJson.toJson(result, mapper));
        n.put("wallSeconds", wallSeconds);
        n.put("references", references);
        return n;
    }

    static RunRecord fromJson(PlannedRun task, JsonNode n, String where, ObjectMapper mapper) {
        return new RunRecord(task, RunResultJson.fromJson(Json.field(n, "run", where), where, mapper),
                Json.number(n, "wallSeconds", where), Json.longValue(n, "references", where));
    }
}
