package org.cmmalab.harness.scenario;

import org.cmmalab.harness.policy.registry.Policies;

/** Parses scenario text in tests from other packages. */
public final class ScenarioFixtures {
    private ScenarioFixtures() {
    }

    /**
     * A small mixed machine: three web servers, a database and an allocate/free batch guest, at
     * overcommit 2.5, under the policy {@code none} (replace {@code policies: [none]} for others).
     */
    public static final String MIXED = String.join("\n",
            "name: mixed",
            "seed: 3",
            "durationSeconds: 20",
            "warmupSeconds: 2",
            "overcommit: [2.5]",
            "policies: [none]",
            "guests:",
            "  - name: web",
            "    count: 3",
            "    memoryMiB: 32",
            "    swapMiB: 16",
            "    workload: web-farm",
            "    params: {files: 1200, meanFilePages: 6, cpuMicros: 500}",
            "  - name: db",
            "    count: 1",
            "    memoryMiB: 32",
            "    workload: database",
            "    params: {bufferFraction: 0.5}",
            "  - name: batch",
            "    count: 1",
            "    memoryMiB: 32",
            "    workload: alloc-free",
            "    params: {periodSeconds: 6, holdSeconds: 2}",
            "");

    public static Scenario parse(String text) {
        return ScenarioReader.parse("test.yaml", text, (policy, owner, key, params) ->
                Policies.create(policy, params, message -> owner.error(key, message)));
    }
}
