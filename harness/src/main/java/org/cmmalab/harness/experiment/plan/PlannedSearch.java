package org.cmmalab.harness.experiment.plan;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.cmmalab.harness.InputError;
import org.cmmalab.harness.experiment.density.DensitySearch;
import org.cmmalab.harness.policy.registry.Policies;
import org.cmmalab.harness.result.DensityResult;
import org.cmmalab.harness.scenario.Scenario;

/**
 * One policy's density search: a chain of runs, each count chosen from the last, so the chain is
 * one task; a study's policies are its tasks ({@link PlannedTask} says what every task carries).
 * Each round of the search runs {@code countsPerRound} counts at once, on the cores of the machine
 * the task runs on. A search's answer does not depend on the other policies' searches running
 * beside it, nor on how many cores it has; it does depend on {@code countsPerRound}, and on the
 * heap, through a run that does not fit it ({@code notFinished}): {@code heapMiB} is enough for
 * every run by the estimate, and no more than a one-machine search has ({@link StudyPlan#densitySearch}).
 *
 * @param index        the search's place in the study (the policy's among the scenario's)
 * @param runs         how many searches the study has
 * @param scenarioFile where the scenario was read from, for messages
 * @param scenarioText the scenario file's text
 * @param scenario     the scenario's name
 * @param seed         the seed
 * @param policy       the policy's registered name, its parameters from the scenario
 * @param countsPerRound the counts each round of the search runs at once ({@code cmma compare --counts-per-round})
 * @param heapMiB      the heap to run it in ({@link PlannedTask#heapMiB})
 */
public record PlannedSearch(int index, int runs, String scenarioFile, String scenarioText, String scenario, long seed,
                            String policy, int countsPerRound, int heapMiB) implements PlannedTask {
    static final String KIND = "densitySearch";

    @Override
    public SearchRecord execute() {
        Scenario s = readScenario();
        DensityResult result = new DensitySearch(s, List.of(Policies.create(policy, s.policyParams(), InputError::new)),
                countsPerRound).run(Runtime.getRuntime().availableProcessors(), guests -> { }, nanos -> { });
        return new SearchRecord(this, result);
    }

    @Override
    public ObjectNode toJson(ObjectMapper mapper) {
        ObjectNode n = PlannedTask.common(this, KIND, mapper);
        n.put("countsPerRound", countsPerRound);
        return n;
    }
}
