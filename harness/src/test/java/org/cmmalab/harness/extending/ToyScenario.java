package org.cmmalab.harness.extending;

import java.util.ArrayList;
import java.util.List;
import org.cmmalab.harness.InputError;
import org.cmmalab.harness.experiment.comparison.ComparisonRunner;
import org.cmmalab.harness.policy.Policy;
import org.cmmalab.harness.policy.registry.Policies;
import org.cmmalab.harness.result.Comparison;
import org.cmmalab.harness.scenario.Scenario;
import org.cmmalab.harness.scenario.ScenarioFixtures;

/** A small scenario for the extension examples, compared as {@code cmma compare} compares one. */
final class ToyScenario {
    private ToyScenario() {
    }

    /** Two guests of 32 MiB running {@code workload} with {@code params} under {@code policies} at overcommit 1.5, for 10 s. */
    static String text(String policies, String workload, String params, String more) {
        return String.join("\n",
                "name: toy",
                "seed: 5",
                "durationSeconds: 10",
                "warmupSeconds: 1",
                "overcommit: [1.5]",
                "policies: [" + policies + "]",
                "guests:",
                "  - name: g",
                "    count: 2",
                "    memoryMiB: 32",
                "    workload: " + workload,
                "    params: {" + params + "}",
                more,
                "");
    }

    /** Reads {@code text} as a scenario file, its policies checked by the registry, and compares its policies. */
    static Comparison compare(String text) {
        Scenario s = ScenarioFixtures.parse(text);
        List<Policy> policies = new ArrayList<>();
        for (String name : s.policies()) {
            policies.add(Policies.create(name, s.policyParams(), InputError::new));
        }
        return new ComparisonRunner(s, s.overcommit(), policies).run(1, t -> { });
    }
}
