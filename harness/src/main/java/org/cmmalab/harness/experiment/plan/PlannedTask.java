package org.cmmalab.harness.experiment.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.cmmalab.harness.InputError;
import org.cmmalab.harness.experiment.heap.RunHeap;
import org.cmmalab.harness.policy.registry.Policies;
import org.cmmalab.harness.scenario.Scenario;
import org.cmmalab.harness.scenario.ScenarioReader;

/**
 * One task of a planned study, as a self-contained document: a run of a sweep
 * ({@link PlannedRun}) or one policy's density search ({@link PlannedSearch}). Each carries the
 * scenario file's whole text and its place in the plan ({@code index} of {@code runs}); running it
 * ({@link #execute}) is a pure function of the document, apart from the wall time it reports.
 */
public sealed interface PlannedTask permits PlannedRun, PlannedSearch {
    int index();

    /** How many tasks the plan has. */
    int runs();

    String scenarioFile();

    String scenarioText();

    /** The scenario's name. */
    String scenario();

    long seed();

    String policy();

    /**
     * The heap, in MiB, to give the JVM that runs the task: {@link RunHeap#taskHeapMiB} of its
     * runs' estimate ({@link RunHeap}); the job files size each task's memory from it.
     */
    int heapMiB();

    /** Runs the task and records what it found. */
    TaskRecord execute();

    /** The document; {@code kind} says which task it is. */
    ObjectNode toJson(ObjectMapper mapper);

    /** The scenario as its file reads, at its own seed. */
    default Scenario scenarioAsWritten() {
        return ScenarioReader.fromText(scenarioFile(), scenarioText(), Policies::check);
    }

    /** The scenario as the task sees it: at the task's seed. */
    default Scenario readScenario() {
        return scenarioAsWritten().withSeed(seed());
    }

    /** The fields every task has, under {@code kind}. */
    static ObjectNode common(PlannedTask t, String kind, ObjectMapper mapper) {
        ObjectNode n = mapper.createObjectNode();
        n.put("kind", kind);
        n.put("index", t.index());
        n.put("runs", t.runs());
        n.put("scenario", t.scenario());
        n.put("seed", t.seed());
        n.put("policy", t.policy());
        n.put("heapMiB", t.heapMiB());
        n.put("scenarioFile", t.scenarioFile());
        n.put("scenarioText", t.scenarioText());
        return n;
    }

    /** The task in {@code n}; {@code where} names it in an error (a plan's file and line). */
    static PlannedTask fromJson(JsonNode n, String where) {
        String kind = Json.text(n, "kind", where);
        int index = Json.integer(n, "index", where);
        int runs = Json.integer(n, "runs", where);
        String file = Json.text(n, "scenarioFile", where);
        String text = Json.text(n, "scenarioText", where);
        String scenario = Json.text(n, "scenario", where);
        long seed = Json.longValue(n, "seed", where);
        String policy = Json.text(n, "policy", where);
        int heapMiB = Json.integer(n, "heapMiB", where);
        switch (kind) {
            case PlannedRun.KIND:
                return new PlannedRun(index, runs, file, text, scenario, seed, Json.number(n, "overcommit", where), policy,
                        heapMiB);
            case PlannedSearch.KIND:
                return new PlannedSearch(index, runs, file, text, scenario, seed, policy,
                        Json.integer(n, "countsPerRound", where), heapMiB);
            default:
                throw new InputError(where + ": \"kind\" is '" + kind + "', not " + PlannedRun.KIND + " or " + PlannedSearch.KIND);
        }
    }
}
