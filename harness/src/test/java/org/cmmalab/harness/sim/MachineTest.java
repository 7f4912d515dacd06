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
import org.cmmalab.pagestates.Orc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whole runs on small machines: invariants, determinism, and counters that must agree. */
class MachineTest {
    private static final String SMALL = ScenarioFixtures.MIXED;

    @ParameterizedTest
    @ValueSource(strings = {"none", "cmma", "balloon-vmrm", "balloon-mom", "cmma+balloon-vmrm", "cmma+balloon-mom"})
    void everyPolicyKeepsTheInvariants(String name) {
        Scenario s = ScenarioFixtures.parse(SMALL.replace("policies: [none]", "policies: [" + name + "]")
                + "policyParams: {}\n");
        RunResult r = new Machine(s, 2.5, policy(name, s)).run(t -> { });
        assertEquals(0, r.get(Metric.LOST_PAGES), "lost pages");
        assertEquals(0, r.get(Metric.LEAKS), "leaks");
        assertTrue(r.get(Metric.THROUGHPUT) > 0, "the guests got work done");
        assertEquals(5, r.guests().size());
    }

    @Test
    void sameSeedSameNumbersBitForBit() throws Exception {
        Scenario s = ScenarioFixtures.parse(SMALL.replace("policies: [none]", "policies: [none, cmma, balloon-mom]"));
        List<Policy> policies = List.of(policy("none", s), policy("cmma", s), policy("balloon-mom", s));
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode one = ComparisonJson.toJson(new ComparisonRunner(s, List.of(1.5, 2.5), policies).run(1, t -> { }), mapper);
        ObjectNode two = ComparisonJson.toJson(new ComparisonRunner(s, List.of(1.5, 2.5), policies).run(2, t -> { }), mapper);
        one.remove(List.of("wallSeconds", "referencesPerSecond"));
        two.remove(List.of("wallSeconds", "referencesPerSecond"));
        assertEquals(mapper.writeValueAsString(one), mapper.writeValueAsString(two),
                "one thread or two, the same results");
    }

    @Test
    void cmmaTradesHostPagingForDiscards() {
        Scenario s = ScenarioFixtures.parse(SMALL);
        RunResult none = new Machine(s, 2.5, policy("none", s)).run(t -> { });
        RunResult cmma = new Machine(s, 2.5, policy("cmma", s)).run(t -> { });
        assertEquals(0, none.get(Metric.DISCARDS), "without hints the host discards nothing");
        assertEquals(0, none.get(Metric.ESSA_OPS));
        assertTrue(none.get(Metric.HOST_PAGE_OUTS) > 0, "an overcommitted host without hints pages");
        assertTrue(cmma.get(Metric.DISCARDS) > 0, "with hints it discards");
        // Page-outs alone are no measure here: most are the database's and the batch guest's
        // anonymous pages, which hints cannot discard, and CMMA serves more requests with them.
        assertTrue(cmma.get(Metric.HOST_PAGE_INS) + cmma.get(Metric.HOST_PAGE_OUTS)
                < none.get(Metric.HOST_PAGE_INS) + none.get(Metric.HOST_PAGE_OUTS), "and pages less");
    }

    @Test
    void balloonPagesInEqualPagesOutPlusHeld() {
        Scenario s = ScenarioFixtures.parse(SMALL.replace("warmupSeconds: 2", "warmupSeconds: 0"));
        Machine m = new Machine(s, 2.5, policy("balloon-mom", s));
        RunResult r = m.run(t -> { });
        long inflated = 0, deflated = 0, held = 0;
        for (GuestVm vm : m.guests()) {
            if (vm.balloon() != null) {
                inflated += vm.balloon().inflated();
                deflated += vm.balloon().deflated();
                held += vm.balloon().pages();
            }
        }
        assertTrue(inflated > 0, "the balloon moved");
        assertEquals(inflated, deflated + held);
        assertEquals(inflated + deflated, r.get(Metric.BALLOON_PAGES), "balloonPages counts both directions");
    }

    @Test
    void everyDiscardFaultIsFollowedByAGuestRead() {
        String trace = SMALL.replace("overcommit: [2.5]", "overcommit: [2.0]").substring(0, SMALL.indexOf("guests:"))
                + "guests:\n  - name: t\n    count: 2\n    memoryMiB: 16\n    workload: trace\n"
                + "    params: {file: ../traces/lirs-2_pools.trace.gz, backing: file}\n";
        Scenario s = ScenarioFixtures.parse(trace.replace("warmupSeconds: 2", "warmupSeconds: 0"));
        RunResult r = new Machine(s, 2.0, policy("cmma", s)).run(t -> { });
        assertTrue(r.get(Metric.DISCARD_FAULTS) > 0, "the mapped trace takes discard faults");
        assertTrue(r.get(Metric.GUEST_DISK_READS) >= r.get(Metric.DISCARD_FAULTS), "a re-read for each");
        assertEquals(0, r.get(Metric.LOST_PAGES));
    }

    @Test
    void aHostTooSmallToRunTheGuestsIsRefused() {
        Scenario s = ScenarioFixtures.parse(SMALL);
        InputError e = assertThrows(InputError.class, () -> new Machine(s, 200, policy("none", s)));
        assertTrue(e.getMessage().startsWith("overcommit 200.0 leaves 0 MiB of host memory for 5 guests"), e.getMessage());
    }

    /**
     * Each host runs its own guest: under kvm the mainline guest issues only SET_STABLE_NODAT and
     * SET_UNUSED; under zvm the v7 guest adds the volatile hints. The counts by code add up to
     * {@code essaOps}, machine and guest alike.
     */
    @Test
    void essaByOpShowsWhichGuestRan() {
        for (String mode : List.of("zvm", "kvm")) {
            Scenario s = ScenarioFixtures.parse(SMALL + "host: {mode: " + mode + "}\n");
            RunResult r = new Machine(s, 2.5, policy("cmma", s)).run(t -> { });
            java.util.Set<Orc> issued = java.util.EnumSet.noneOf(Orc.class);
            r.essaByOp().forEach((orc, n) -> {
                if (n > 0) {
                    issued.add(orc);
                }
            });
            if (mode.equals("kvm")) {
                assertEquals(java.util.EnumSet.of(Orc.SET_STABLE_NODAT, Orc.SET_UNUSED), issued);
            } else {
                assertTrue(issued.containsAll(java.util.EnumSet.of(Orc.SET_STABLE, Orc.SET_UNUSED, Orc.SET_VOLATILE,
                        Orc.SET_STABLE_IF_RESIDENT)), issued.toString());
                assertTrue(!issued.contains(Orc.SET_STABLE_NODAT), issued.toString());
            }
            assertEquals(r.get(Metric.ESSA_OPS), r.essaByOp().values().stream().mapToDouble(Double::doubleValue).sum(),
                    mode);
            for (RunResult.GuestResult g : r.guests()) {
                assertEquals(g.metrics().get(Metric.ESSA_OPS),
                        g.essaByOp().values().stream().mapToDouble(Double::doubleValue).sum(), mode + " " + g.name());
            }
            assertEquals(0, r.get(Metric.LOST_PAGES), mode);
        }
    }

    private static Policy policy(String name, Scenario s) {
        return Policies.create(name, s.policyParams(), InputError::new);
    }

}
