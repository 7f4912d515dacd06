package org.cmmalab.harness.sim;

import org.cmmalab.harness.InputError;
import org.cmmalab.harness.experiment.comparison.ComparisonRunner;
import org.cmmalab.harness.policy.Policy;
import org.cmmalab.harness.policy.registry.Policies;
import org.cmmalab.harness.result.Metric;
import org.cmmalab.harness.result.RunResult;
import org.cmmalab.harness.scenario.Scenario;
import org.cmmalab.harness.scenario.ScenarioFixtures;
import org.cmmalab.harness.scenario.ScenarioReader;
import org.cmmalab.pagestates.Race;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Guests backed by 2 MiB frames in whole runs: race 6 happens, and every policy runs them or is refused up front. */
class LargeFramesRunTest {
    /** Two guests backed by 2 MiB frames on a z/VM host, one of them booted with some of its memory in a balloon. */
    private static final String LARGE = String.join("\n",
            "name: large",
            "seed: 3",
            "durationSeconds: 6",
            "warmupSeconds: 1",
            "overcommit: [2.0]",
            "policies: [none]",
            "host: {mode: zvm, device: ssd}",
            "guests:",
            "  - name: web",
            "    memoryMiB: 24",
            "    largeFrames: true",
            "    workload: web-farm",
            "    params: {files: 600, meanFilePages: 8, heapPages: 32}",
            "  - name: batch",
            "    memoryMiB: 20",
            "    maxMemoryMiB: 24",
            "    largeFrames: true",
            "    workload: alloc-free",
            "    params: {periodSeconds: 3, holdSeconds: 1}",
            "");

    @Test
    void race6HappensInTheRacesLargeScenario() {
        Scenario s = ScenarioReader.read("../scenarios/races-large.yaml", (policy, owner, key, params) ->
                Policies.create(policy, params, message -> owner.error(key, message)));
        RunResult r = new Machine(s, s.overcommit().get(0), policy("cmma", s)).run(t -> { });
        double[] six = r.races().values(Race.LARGE_FRAMES);
        assertTrue(six[0] > 0, "the guest hints whole 2 MiB frames: " + r.races());
        assertTrue(six[1] > 0, "the host splits or merges 2 MiB frames the guest is using: " + r.races());
        assertEquals(0, r.get(Metric.LOST_PAGES));
        assertEquals(0, r.get(Metric.LEAKS));
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "cmma", "balloon-vmrm", "balloon-mom", "free-page-hint", "tmem", "self-balloon",
            "ksm", "cmma+balloon-vmrm"})
    void theseRunGuestsBackedByLargeFrames(String name) {
        Scenario s = ScenarioFixtures.parse(LARGE.replace("policies: [none]", "policies: [" + name + "]"));
        RunResult r = new Machine(s, 2.0, policy(name, s)).run(t -> { });
        assertEquals(0, r.get(Metric.LOST_PAGES), "lost pages");
        assertEquals(0, r.get(Metric.LEAKS), "leaks");
        assertTrue(r.get(Metric.THROUGHPUT) > 0, "the guests got work done");
    }

    @Test
    void freePageReportingAndTheRecyclerAreRefusedUpFront() {
        for (String name : new String[] {"free-page-reporting", "ppr"}) {
            Scenario s = ScenarioFixtures.parse(LARGE.replace("policies: [none]", "policies: [" + name + "]"));
            InputError e = assertThrows(InputError.class, () -> new ComparisonRunner(s, s.overcommit(),
                    java.util.List.of(policy(name, s))).check());
            assertTrue(e.getMessage().startsWith("policy " + name + " cannot run guests backed by 2 MiB frames "
                    + "(largeFrames: true): "), e.getMessage());
        }
    }

    @Test
    void aPolicyThatRunsTheHostInKvmModeIsRefusedUpFront() {
        Scenario s = ScenarioFixtures.parse(LARGE.replace("policies: [none]", "policies: [cmma]")
                + "policyParams: {cmma: {mode: kvm}}\n");
        InputError e = assertThrows(InputError.class, () -> new ComparisonRunner(s, s.overcommit(),
                java.util.List.of(policy("cmma", s))).check());
        assertEquals("policy cmma runs the host in kvm mode, and a guest backed by 2 MiB frames (largeFrames: true) "
                + "cannot run there: KVM enables CMMA only for a guest that is not backed by huge pages", e.getMessage());
    }

    private static Policy policy(String name, Scenario s) {
        return Policies.create(name, s.policyParams(), InputError::new);
    }
}
