package org.cmmalab.harness.experiment.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;
import org.cmmalab.harness.InputError;
import org.cmmalab.harness.experiment.Runs;
import org.cmmalab.harness.policy.Policy;
import org.cmmalab.harness.policy.registry.Policies;
import org.cmmalab.harness.result.RunResult;
import org.cmmalab.harness.scenario.Scenario;
import org.cmmalab.harness.scenario.ScenarioReader;
import org.cmmalab.harness.sim.Machine;

/**
 * One run of a study, as a document that holds everything the run needs: the scenario's own text
 * (so a node needs no copy of the file; a trace the scenario names must still be reachable at its
 * path), the seed, the overcommit ratio and the policy, with the run's place in the study
 * ({@code index} of {@code runs}). {@link #execute} is a pure function of it.
 *
 * @param index        the run's place in the study, from 0
 * @param runs         how many runs the study has
 * @param scenarioFile where the scenario was read from, for messages
 * @param scenarioText the scenario file's text
 * @param scenario     the scenario's name
 * @param seed         the seed the run uses (a sweep's, or the scenario's own)
 * @param overcommit   the overcommit ratio
 * @param policy       the policy's registered name, its parameters from the scenario
 */
public record PlannedRun(int index, int runs, String scenarioFile, String scenarioText, String scenario, long seed,
                         double overcommit, String policy) {
    /** The scenario as its file reads, at its own seed. */
    public Scenario scenarioAsWritten() {
        return ScenarioReader.fromText(scenarioFile, scenarioText, Policies::check);
    }

    /** The scenario as the run sees it: at the run's seed. */
    public Scenario readScenario() {
        return scenarioAsWritten().withSeed(seed);
    }

    /**
     * Runs it: the same result, bit for bit, as the run inside {@code cmma sweep} on one machine.
     * {@code done} is handed the machine after its run (to read what it counted beside the result).
     */
    public RunResult execute(Consumer<Machine> done) {
        Scenario s = readScenario();
        Policy p = Policies.create(policy, s.policyParams(), InputError::new);
        Machine machine = new Machine(s, overcommit, p);
        RunResult result = Runs.run(machine, p, t -> {
        });
        done.accept(machine);
        return result;
    }

    public ObjectNode toJson(ObjectMapper mapper) {
        ObjectNode n = mapper.createObjectNode();
        n.put("index", index);
        n.put("runs", runs);
        n.put("scenario", scenario);
        n.put("seed", seed);
        n.put("overcommit", overcommit);
        n.put("policy", policy);
        n.put("scenarioFile", scenarioFile);
        n.put("scenarioText", scenarioText);
        return n;
    }

    /** The run in {@code n}; {@code where} names it in an error (a plan's file and line). */
    public static PlannedRun fromJson(JsonNode n, String where) {
        return new PlannedRun(Json.integer(n, "index", where), Json.integer(n, "runs", where),
                Json.text(n, "scenarioFile", where), Json.text(n, "scenarioText", where), Json.text(n, "scenario", where),
                Json.longValue(n, "seed", where), Json.number(n, "overcommit", where), Json.text(n, "policy", where));
    }
}
