package org.cmmalab.harness.scenario;

import org.cmmalab.harness.policy.Policies;

/** Parses scenario text in tests from other packages. */
public final class ScenarioFixtures {
    private ScenarioFixtures() {
    }

    public static Scenario parse(String text) {
        return ScenarioReader.parse("test.yaml", text, (policy, owner, key, params) ->
                Policies.create(policy, params, message -> owner.error(key, message)));
    }
}
