package org.cmmalab.harness.scenario;

import java.util.List;
import org.cmmalab.harness.InputError;
import org.cmmalab.harness.policy.registry.Policies;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code host.memoryMiB} instead of overcommit ratios, and a guest's {@code maxMemoryMiB}: read and checked. */
class FixedHostMemoryTest {
    private static final String FIXED = String.join("\n",
            "name: fixed",
            "policies: [none, self-balloon]",
            "host:",
            "  memoryMiB: 1792",
            "guests:",
            "  - name: compile",
            "    count: 4",
            "    memoryMiB: 384",
            "    maxMemoryMiB: 512",
            "    workload: kernel-compile",
            "    params: {builds: 2, jobs: 8}",
            "");

    @Test
    void aFixedHostRunsAtTheOneRatioItsSizeGives() {
        Scenario s = ScenarioFixtures.parse(FIXED);
        assertTrue(s.host().fixedMemory());
        assertEquals(1792, s.host().memoryMiB());
        assertEquals(List.of(1.143), s.overcommit(), "4 x 512 MiB of maximum guest memory over 1792 MiB, to 3 decimals");
        assertEquals(4L * 512 * 256, s.guestFrames(), "guest memory counts each guest's maximum");
        assertEquals(512, s.guests().get(0).maxMemoryMiB());
    }

    @Test
    void maximumDefaultsToTheBootMemory() {
        Scenario s = ScenarioFixtures.parse(FIXED.replace("    maxMemoryMiB: 512\n", ""));
        assertEquals(384, s.guests().get(0).maxMemoryMiB());
    }

    @Test
    void overcommitAndAFixedHostExcludeEachOther() {
        InputError e = assertThrows(InputError.class, () -> ScenarioFixtures.parse(FIXED + "overcommit: [2.0]\n"));
        assertTrue(e.getMessage().startsWith("test.yaml:12: overcommit and host.memoryMiB exclude each other"),
                e.getMessage());
    }

    @Test
    void badSizesNameFileLineAndKey() {
        InputError max = assertThrows(InputError.class, () -> ScenarioFixtures.parse(FIXED.replace("maxMemoryMiB: 512",
                "maxMemoryMiB: 256")));
        assertEquals("test.yaml:9: guests[0].maxMemoryMiB must be at least its memoryMiB (384), was 256", max.getMessage());
        InputError host = assertThrows(InputError.class, () -> ScenarioFixtures.parse(FIXED.replace("memoryMiB: 1792",
                "memoryMiB: 0")));
        assertEquals("test.yaml:4: host.memoryMiB must be from 1 to 8388608, was 0", host.getMessage());
        InputError builds = assertThrows(InputError.class, () -> ScenarioFixtures.parse(FIXED.replace("builds: 2",
                "builds: -1")));
        assertEquals("test.yaml:11: guests[0].params.builds must be from 0 to 1000000, was -1", builds.getMessage());
        InputError jobs = assertThrows(InputError.class, () -> ScenarioFixtures.parse(FIXED.replace("jobs: 8", "jobs: 0")));
        assertEquals("test.yaml:11: guests[0].params.jobs must be from 1 to 1024, was 0", jobs.getMessage());
    }

    @Test
    void theShippedExperimentsParse() {
        for (String name : List.of("tmem-compile", "web-farm-530cmm")) {
            Scenario s = ScenarioReader.read(name, (policy, owner, key, params) ->
                    Policies.create(policy, params, message -> owner.error(key, message)));
            assertEquals(name, s.name());
        }
    }
}
