package org.cmmalab.harness.scenario;

import org.cmmalab.guestmm.Arch;
import org.cmmalab.harness.InputError;
import org.cmmalab.harness.policy.registry.Policies;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A scenario is checked whole, and every error names the file, the line and the key. */
class ScenarioReaderTest {
    private static final String GOOD = String.join("\n",
            "name: small",
            "seed: 7",
            "durationSeconds: 5",
            "overcommit: [1.0, 2.0]",
            "policies: [none, cmma+balloon-mom]",
            "host:",
            "  mode: kvm",
            "guests:",
            "  - name: web",
            "    count: 2",
            "    memoryMiB: 64",
            "    workload: web-farm",
            "    params:",
            "      files: 100",
            "");

    private static Scenario parse(String text) {
        return ScenarioFixtures.parse(text);
    }

    @Test
    void readsAGoodScenario() {
        Scenario s = parse(GOOD);
        assertEquals("small", s.name());
        assertEquals(7, s.seed());
        assertEquals(2, s.guestCount());
        assertEquals(2 * 64 * 256, s.guestFrames());
        assertEquals("kvm", s.host().mode().id());
        assertEquals(CostModel.defaults("ssd"), s.costs());
    }

    @Test
    void unknownKeyNamesFileLineAndKey() {
        InputError e = assertThrows(InputError.class, () -> parse(GOOD.replace("    count: 2", "    cuont: 2")));
        assertTrue(e.getMessage().startsWith("test.yaml:10: unknown key 'cuont' in guests[0]"), e.getMessage());
    }

    @Test
    void wrongTypeAndNegativeSize() {
        InputError type = assertThrows(InputError.class, () -> parse(GOOD.replace("memoryMiB: 64", "memoryMiB: lots")));
        assertEquals("test.yaml:11: guests[0].memoryMiB must be a whole number, was 'lots'", type.getMessage());
        InputError negative = assertThrows(InputError.class, () -> parse(GOOD.replace("files: 100", "files: -3")));
        assertEquals("test.yaml:14: guests[0].params.files must be from 1 to 10000000, was -3", negative.getMessage());
    }

    /** {@link #GOOD} on a zvm host, its guest group given {@code line} after its count. */
    private static String zvmGuestWith(String line) {
        return GOOD.replace("  mode: kvm", "  mode: zvm").replace("    count: 2", "    count: 2\n" + line);
    }

    @Test
    void largeFramesIsAGuestGroupsFlagOffByDefault() {
        assertFalse(parse(GOOD).guests().get(0).largeFrames());
        Scenario s = parse(zvmGuestWith("    largeFrames: true"));
        assertTrue(s.guests().get(0).largeFrames());
        assertTrue(s.largeFrames());
        assertFalse(parse(zvmGuestWith("    largeFrames: false")).largeFrames());
    }

    @Test
    void largeFramesMustBeTrueOrFalse() {
        InputError e = assertThrows(InputError.class, () -> parse(zvmGuestWith("    largeFrames: 2")));
        assertEquals("test.yaml:11: guests[0].largeFrames must be true or false, was '2'", e.getMessage());
        e = assertThrows(InputError.class, () -> parse(zvmGuestWith("    largeFrames: big")));
        assertEquals("test.yaml:11: guests[0].largeFrames must be true or false, was 'big'", e.getMessage());
    }

    @Test
    void aGuestBackedByLargeFramesHasWhole2MiBFrames() {
        InputError e = assertThrows(InputError.class,
                () -> parse(zvmGuestWith("    largeFrames: true").replace("memoryMiB: 64", "memoryMiB: 63")));
        assertEquals("test.yaml:12: guests[0].memoryMiB must be a multiple of 2 for a guest backed by 2 MiB frames "
                + "(largeFrames: true), was 63", e.getMessage());
        e = assertThrows(InputError.class, () -> parse(zvmGuestWith("    largeFrames: true\n    maxMemoryMiB: 65")));
        assertEquals("test.yaml:12: guests[0].maxMemoryMiB must be a multiple of 2 for a guest backed by 2 MiB frames "
                + "(largeFrames: true), was 65", e.getMessage());
        assertEquals(63, parse(zvmGuestWith("    maxMemoryMiB: 64").replace("memoryMiB: 64\n", "memoryMiB: 63\n")
                .replace("maxMemoryMiB: 64", "maxMemoryMiB: 64\n    largeFrames: true")).guests().get(0).memoryMiB(),
                "a balloon at boot may hold any number of 4 KiB pages: only the maximum is 2 MiB frames");
    }

    @Test
    void aKvmHostRefusesAGuestBackedByLargeFrames() {
        InputError e = assertThrows(InputError.class,
                () -> parse(GOOD.replace("    count: 2", "    count: 2\n    largeFrames: true")));
        assertEquals("test.yaml:11: guests[0].largeFrames is true, but host.mode is kvm: KVM enables CMMA only for a "
                + "guest that is not backed by huge pages; back it with 4 KiB frames or use host.mode zvm", e.getMessage());
    }

    @Test
    void theArchitectureIsS390UnlessTheHostSaysX86() {
        assertEquals(Arch.S390, parse(GOOD).host().arch());
        assertEquals(Arch.X86, parse(GOOD.replace("  mode: kvm", "  mode: kvm\n  arch: x86")).host().arch());
        InputError e = assertThrows(InputError.class, () -> parse(GOOD.replace("  mode: kvm", "  mode: kvm\n  arch: arm64")));
        assertEquals("test.yaml:8: host.arch must be one of s390, x86, was 'arm64'", e.getMessage());
    }

    @Test
    void overcommitBelowOneIsRefused() {
        InputError e = assertThrows(InputError.class, () -> parse(GOOD.replace("[1.0, 2.0]", "[0.5, 2.0]")));
        assertEquals("test.yaml:4: overcommit[0] must be from 1 to 1000, was 0.5", e.getMessage());
    }

    @Test
    void unknownPolicyListsTheKnownOnes() {
        InputError e = assertThrows(InputError.class, () -> parse(GOOD.replace("cmma+balloon-mom", "cmma+ballon")));
        assertTrue(e.getMessage().startsWith("test.yaml:5: unknown policy 'ballon'; known policies: none, cmma, balloon-vmrm, balloon-mom"),
                e.getMessage());
    }

    @Test
    void unknownWorkloadListsTheKnownOnes() {
        InputError e = assertThrows(InputError.class, () -> parse(GOOD.replace("workload: web-farm", "workload: webfarm")));
        assertTrue(e.getMessage().startsWith("test.yaml:12: unknown workload 'webfarm'; known workloads: web-farm"), e.getMessage());
    }

    @Test
    void policyParamsMustBelongToAComparedPolicy() {
        InputError e = assertThrows(InputError.class, () -> parse(GOOD + "policyParams:\n  balloon-vmrm:\n    intervalSeconds: 5\n"));
        assertTrue(e.getMessage().startsWith("test.yaml:16: policyParams names 'balloon-vmrm'"), e.getMessage());
    }

    @Test
    void badYamlIsOneMessage() {
        InputError e = assertThrows(InputError.class, () -> parse("name: [unclosed\n"));
        assertTrue(e.getMessage().startsWith("test.yaml:"), e.getMessage());
    }

    @Test
    void builtInScenariosAllParse() {
        Scenario s = ScenarioReader.read("web-farm", (policy, owner, key, params) ->
                Policies.create(policy, params, message -> owner.error(key, message)));
        assertEquals("web-farm", s.name());
        assertEquals(5, s.overcommit().size());
    }

    @Test
    void theDensityScenarioParses() {
        Scenario s = ScenarioReader.read("density", (policy, owner, key, params) ->
                Policies.create(policy, params, message -> owner.error(key, message)));
        assertEquals(new Density(256, 230, 16, 1024, 0.02), s.density());
        assertEquals(230L * 262_144, s.density().usableFrames());
        assertEquals(4096, s.guests().get(0).memoryMiB());
    }

    @Test
    void densityKeysAreChecked() {
        InputError unknown = assertThrows(InputError.class, () -> parse(GOOD + "density:\n  hostMemGiB: 256\n"));
        assertTrue(unknown.getMessage().startsWith("test.yaml:16: unknown key 'hostMemGiB' in density"), unknown.getMessage());
        InputError usable = assertThrows(InputError.class,
                () -> parse(GOOD + "density:\n  hostMemoryGiB: 256\n  usableMemoryGiB: 300\n"));
        assertEquals("test.yaml:17: density.usableMemoryGiB (300.0) must not exceed hostMemoryGiB (256.0)", usable.getMessage());
        InputError bounds = assertThrows(InputError.class,
                () -> parse(GOOD + "density:\n  minGuests: 8\n  maxGuests: 4\n"));
        assertEquals("test.yaml:17: density.maxGuests (4) must be at least minGuests (8)", bounds.getMessage());
        String twoGroups = GOOD + "  - name: db\n    memoryMiB: 64\n    workload: idle\ndensity:\n  minGuests: 1\n";
        InputError groups = assertThrows(InputError.class, () -> parse(twoGroups));
        assertTrue(groups.getMessage().startsWith("test.yaml:18: a density search adds guests of one kind"), groups.getMessage());
    }
}
