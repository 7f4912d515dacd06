package org.cmmalab.harness.scenario;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.cmmalab.harness.InputError;
import org.cmmalab.harness.UserErrors;
import org.cmmalab.harness.policy.registry.Policies;

/**
 * Any bytes given as a scenario file end in a scenario or in one {@link InputError} at a line of
 * the file, never in another exception. {@code mvn verify} runs it over the inputs in
 * {@code src/test/resources/.../ScenarioReaderFuzzTestInputs/}; CONTRIBUTING.md says how to fuzz.
 */
class ScenarioReaderFuzzTest {
    private static final String FILE = "fuzz.yaml";

    @FuzzTest(maxDuration = "2m")
    void scenarioOrOneErrorAtALine(byte[] bytes) {
        try {
            ScenarioReader.parse(FILE, bytes, (policy, owner, key, params) ->
                    Policies.create(policy, params, message -> owner.error(key, message)));
        } catch (InputError e) {
            UserErrors.atALine(e, FILE);
        }
    }
}
