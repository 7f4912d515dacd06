package org.cmmalab.harness.experiment.plan;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;
import org.cmmalab.harness.InputError;
import org.cmmalab.harness.experiment.Runs;
import org.cmmalab.harness.policy.Policy;
import org.cmmalab.harness.policy.registry.Policies;
import org.cmmalab.harness.result.RunResult;
import org.cmmalab.harness.scenario.Scenario;
import org.cmmalab.harness.sim.Machine;

/**
 * One run of a sweep: the scenario at a seed, an overcommit ratio and a policy ({@link PlannedTask}
 * says what every task carries). A trace the scenario names must be reachable at its path where
 * the run runs.
 *
 * @param index        the run's place in the study, from 0
 * @param runs         how many runs the study has
 * @param scenarioFile where the scenario was read from, for messages
 * @param scenarioText the scenario file's text
 * @param scenario     the scenario's name
 * @param seed         the seed the run uses (a sweep's, or the scenario's own)
 * @param overcommit   the overcommit ratio
 * @param policy       the policy's registered name, its parameters from the scenario
 * @param heapMiB      the heap to run it in ({@link PlannedTask#heapMiB})
 */
public record PlannedRun(int index, int runs, String scenarioFile, String scenarioText, String scenario, long seed,
                         double overcommit, String policy, int heapMiB) implements PlannedTask {
    static final String KIND = "run";

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

    @Override
    public RunRecord execute() {
        return RunRecord.execute(this);
    }

    @Override
    public ObjectNode toJson(ObjectMapper mapper) {
        ObjectNode n = PlannedTask.common(this, KIND, mapper);
        n.put("overcommit", overcommit);
        return n;
    }
}
