package org.cmmalab.harness.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.cmmalab.harness.InputError;
import org.cmmalab.harness.experiment.comparison.ComparisonRunner;
import org.cmmalab.harness.policy.Policy;
import org.cmmalab.harness.policy.registry.Policies;
import org.cmmalab.harness.report.ComparisonJson;
import org.cmmalab.harness.result.Metric;
import org.cmmalab.harness.result.RunResult;
import org.cmmalab.harness.scenario.Scenario;
import org.cmmalab.harness.scenario.ScenarioFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whole runs with guest storage and expanded storage: the old assumption (guest disks that never
 * wait) gives exactly the numbers of the fixed-cost charging it replaced; a shared device does
 * not; expanded storage takes page-outs, migrates when full, and every run keeps its invariants
 * and its determinism.
 */
class StorageRunTest {
    private static final double RATIO = 2.5;

    /** How Machine charged a guest's block I/O before it queued: a fixed cost per page. */
    private static final GuestIo FIXED_COST =
            (guest, now, reads, readNanos, writes, writeNanos) -> reads * readNanos + writes * writeNanos;

    /** The mixed machine, 10 virtual seconds long, with {@code extra} keys. */
    private static Scenario scenario(String extra) {
        return ScenarioFixtures.parse(shorter(ScenarioFixtures.MIXED) + extra);
    }

    private static String shorter(String mixed) {
        return mixed.replace("durationSeconds: 20", "durationSeconds: 10");
    }

    private static Policy policy(String name, Scenario s) {
        return Policies.create(name, s.policyParams(), InputError::new);
    }

    private static RunResult run(Scenario s, String policy) {
        return new Machine(s, RATIO, policy(policy, s)).run(t -> { });
    }

    private static void assertSameRun(RunResult expected, RunResult actual, String why) {
        assertEquals(expected.total(), actual.total(), why);
        assertEquals(expected.guests(), actual.guests(), why);
        assertArrayEquals(expected.hostMemory().values(), actual.hostMemory().values(), why);
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "cmma", "balloon-vmrm"})
    void guestDisksThatNeverWaitGiveTheFixedCostRunsNumbers(String policy) {
        Scenario s = scenario("storage:\n  guestDisks: per-guest\n  channels: unlimited\n");
        RunResult fixed = new Machine(s, RATIO, policy(policy, s), paging -> FIXED_COST).run(t -> { });
        assertSameRun(fixed, run(s, policy), policy + ", per-guest unlimited");
        Scenario oneChannel = scenario("storage:\n  guestDisks: per-guest\n  channels: 1\n");
        assertSameRun(fixed, run(oneChannel, policy),
                policy + ": one vCPU never finds its own one-channel disk busy");
        assertTrue(fixed.get(Metric.GUEST_DISK_READS) > 0, "the guests read from their disks");
    }

    @Test
    void aSharedDeviceChangesTheNumbers() {
        Scenario s = scenario("storage:\n  guestDisks: shared\n  channels: 1\n");
        RunResult fixed = new Machine(s, RATIO, policy("none", s), paging -> FIXED_COST).run(t -> { });
        RunResult shared = run(s, "none");
        assertTrue(shared.get(Metric.GUEST_IO_WAIT_MS) > 0, "five guests on one channel wait for each other");
        assertEquals(0, fixed.get(Metric.GUEST_IO_WAIT_MS));
        assertNotEquals(fixed.get(Metric.THROUGHPUT), shared.get(Metric.THROUGHPUT));
        assertTrue(run(scenario("storage:\n  guestDisks: with-paging\n"), "none").get(Metric.GUEST_IO_WAIT_MS)
                > 0, "behind the host's paging too");
    }

    @Test
    void expandedStorageLargeEnoughTakesEveryPageOut() {
        Scenario s = scenario("host:\n  mode: zvm\n  xstorMiB: 256\n"); // more than the guests' 160 MiB
        RunResult r = run(s, "none");
        assertTrue(r.get(Metric.HOST_PAGE_OUTS) > 0, "the host pages");
        assertEquals(r.get(Metric.HOST_PAGE_OUTS), r.get(Metric.XSTOR_PAGE_OUTS), "every page-out into XSTOR");
        assertEquals(r.get(Metric.HOST_PAGE_INS), r.get(Metric.XSTOR_PAGE_INS), "every page-in from XSTOR");
        assertEquals(0, r.get(Metric.XSTOR_MIGRATIONS));
        assertEquals(0, r.get(Metric.LOST_PAGES));
        assertEquals(0, r.get(Metric.LEAKS));
        RunResult dasdOnly = run(scenario(""), "none");
        assertEquals(0, dasdOnly.get(Metric.XSTOR_PAGE_OUTS) + dasdOnly.get(Metric.XSTOR_PAGE_INS));
        assertTrue(r.get(Metric.THROUGHPUT) > dasdOnly.get(Metric.THROUGHPUT),
                "page moves of 10 us instead of 100 us on one queued device");
    }

    @Test
    void aFullExpandedStorageMigratesToDasd() {
        RunResult r = run(scenario("host:\n  mode: zvm\n  xstorMiB: 2\n"), "none");
        assertTrue(r.get(Metric.XSTOR_MIGRATIONS) > 0, "2 MiB fills");
        assertTrue(r.get(Metric.XSTOR_PAGE_INS) < r.get(Metric.HOST_PAGE_INS), "some page-ins come from DASD");
        assertTrue(r.get(Metric.XSTOR_PAGE_INS) > 0, "and some from XSTOR");
        assertEquals(0, r.get(Metric.LOST_PAGES));
        assertEquals(0, r.get(Metric.LEAKS));
    }

    @Test
    void aPolicyThatRunsTheHostInKvmModeHasNoExpandedStorage() {
        Scenario s = ScenarioFixtures.parse(shorter(ScenarioFixtures.MIXED).replace("policies: [none]", "policies: [cmma]")
                + "host:\n  mode: zvm\n  xstorMiB: 16\npolicyParams:\n  cmma:\n    mode: kvm\n");
        InputError e = assertThrows(InputError.class, () -> new Machine(s, RATIO, policy("cmma", s)));
        assertEquals("policy cmma runs the host in kvm mode, which has no expanded storage (host.xstorMiB)", e.getMessage());
    }

    @Test
    void sharedStorageAndExpandedStorageAreDeterministicOnAnyThreadCount() throws Exception {
        Scenario s = scenario("host:\n  mode: zvm\n  xstorMiB: 4\nstorage:\n  guestDisks: with-paging\n")
                .withSeed(11);
        List<Policy> policies = List.of(policy("none", s), policy("cmma", s));
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode one = ComparisonJson.toJson(new ComparisonRunner(s, List.of(1.5, 2.5), policies).run(1, t -> { }), mapper);
        ObjectNode two = ComparisonJson.toJson(new ComparisonRunner(s, List.of(1.5, 2.5), policies).run(2, t -> { }), mapper);
        one.remove(List.of("wallSeconds", "referencesPerSecond"));
        two.remove(List.of("wallSeconds", "referencesPerSecond"));
        assertEquals(mapper.writeValueAsString(one), mapper.writeValueAsString(two));
    }
}
