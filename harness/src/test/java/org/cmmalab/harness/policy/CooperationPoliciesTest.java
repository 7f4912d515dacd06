package org.cmmalab.harness.policy;

import java.util.List;
import org.cmmalab.guestmm.Arch;
import org.cmmalab.guestmm.GuestCounters;
import org.cmmalab.harness.InputError;
import org.cmmalab.harness.policy.freepage.FreePageReportingPolicy;
import org.cmmalab.harness.policy.registry.Policies;
import org.cmmalab.harness.result.Metric;
import org.cmmalab.harness.result.RunResult;
import org.cmmalab.harness.scenario.Scenario;
import org.cmmalab.harness.scenario.ScenarioFixtures;
import org.cmmalab.harness.sim.GuestVm;
import org.cmmalab.harness.sim.Machine;
import org.cmmalab.hostpager.ksm.SharedFrames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The competing approaches as harness policies: each keeps the invariants alone and with CMMA,
 * and each shows its mechanism on a small scenario. (How fast each returns freed memory:
 * {@link MemoryReturnTest}.)
 */
class CooperationPoliciesTest {
    /** The mixed machine of {@link ScenarioFixtures#MIXED}, with a placeholder for the policy. */
    private static final String MIXED = ScenarioFixtures.MIXED.replace("policies: [none]", "policies: [POLICY]");

    /** Two web servers of 64 MiB whose files (about 94 MiB each) do not fit their memory. */
    private static final String WEB = String.join("\n",
            "name: web",
            "seed: 5",
            "durationSeconds: 20",
            "policies: [POLICY]",
            "PARAMS",
            "guests:",
            "  - name: web",
            "    count: 2",
            "    memoryMiB: 64",
            "    swapMiB: 32",
            "    workload: web-farm",
            "    params: {files: 3000, meanFilePages: 8, cpuMicros: 500}",
            "");

    private static Machine machine(String template, String policy, String params, double overcommit) {
        Scenario s = ScenarioFixtures.parse(template.replace("POLICY", policy).replace("PARAMS", params));
        return new Machine(s, overcommit, Policies.create(policy, s.policyParams(), InputError::new));
    }

    private static void assertInvariants(RunResult r) {
        assertEquals(0, r.get(Metric.LOST_PAGES), r.policy() + ": lost pages");
        assertEquals(0, r.get(Metric.LEAKS), r.policy() + ": leaks");
    }

    @ParameterizedTest
    @ValueSource(strings = {"free-page-reporting", "free-page-hint", "ppr", "tmem", "ksm",
        "cmma+free-page-reporting", "cmma+free-page-hint", "cmma+ppr", "cmma+tmem", "cmma+ksm"})
    void everyPolicyAloneAndWithCmmaKeepsTheInvariants(String policy) {
        RunResult r = machine(MIXED, policy, "", 2.5).run(t -> { });
        assertInvariants(r);
        assertTrue(r.get(Metric.THROUGHPUT) > 0, "the guests got work done");
        assertEquals(policy.startsWith("cmma"), r.get(Metric.ESSA_OPS) > 0, "hints exactly when cmma is part");
    }

    @Test
    void tmemServesReReadsFromTheHostPoolWhereSelfBallooningAloneGoesToDisk() {
        Machine tmem = machine(WEB, "tmem", "", 1.0);
        RunResult withPool = tmem.run(t -> { });
        RunResult alone = machine(WEB, "tmem", "policyParams: {tmem: {cleancache: false, frontswap: false}}", 1.0)
                .run(t -> { });
        assertInvariants(withPool);
        assertInvariants(alone);
        assertTrue(withPool.get(Metric.BALLOON_PAGES) > 0, "self-ballooning shrank the guests");
        assertEquals(withPool.get(Metric.BALLOON_PAGES), alone.get(Metric.BALLOON_PAGES), "the same balloon either way");
        for (GuestVm vm : tmem.guests()) {
            GuestCounters c = vm.kernel().counters();
            assertTrue(c.cleancacheHits() > 0, vm.name() + ": re-reads found their pages in the pool");
            assertEquals(c.pageCacheMisses(), c.diskReads() + c.cleancacheHits(), vm.name() + ": each miss read once");
        }
        assertTrue(withPool.get(Metric.GUEST_DISK_READS) < alone.get(Metric.GUEST_DISK_READS),
                "self-ballooning alone reads more from disk (tmem at LPC 2010: it 'made things worse'): "
                        + withPool.get(Metric.GUEST_DISK_READS) + " vs " + alone.get(Metric.GUEST_DISK_READS));
        assertTrue(withPool.get(Metric.DRIVER_CPU_MS) > 0, "each copy is charged");
    }

    @Test
    void frontswapTakesTheSwapOutsOfAGuestWhoseBalloonSqueezedIt() {
        String batch = WEB.replace("durationSeconds: 20", "durationSeconds: 40").replace("web-farm", "alloc-free")
                .replace("{files: 3000, meanFilePages: 8, cpuMicros: 500}", "{peakFraction: 0.75, periodSeconds: 12, holdSeconds: 3}");
        Machine tmem = machine(batch, "tmem", "", 1.0);
        Machine alone = machine(batch, "tmem", "policyParams: {tmem: {cleancache: false, frontswap: false}}", 1.0);
        assertInvariants(tmem.run(t -> { }));
        assertInvariants(alone.run(t -> { }));
        long stores = 0, swapOuts = 0, swapOutsAlone = 0;
        for (int i = 0; i < 2; i++) {
            stores += tmem.guests().get(i).kernel().counters().frontswapStores();
            swapOuts += tmem.guests().get(i).kernel().counters().swapOuts();
            swapOutsAlone += alone.guests().get(i).kernel().counters().swapOuts();
        }
        assertTrue(swapOutsAlone > 0, "the balloon made the guests swap");
        assertEquals(swapOutsAlone, stores, "with frontswap, the same pages went to the host's pool");
        assertEquals(0, swapOuts, "and none to the swap device");
    }

    @Test
    void ksmMergesImagePagesAcrossGuestsAndSplitsThemOnAWrite() {
        Machine ksm = machine(WEB, "ksm", "", 1.0);
        RunResult r = ksm.run(t -> { });
        assertInvariants(r);
        assertTrue(r.get(Metric.SHARING_SAVED_MIB) > 2, "merged: " + r.get(Metric.SHARING_SAVED_MIB) + " MiB");
        assertTrue(r.get(Metric.HOST_CPU_MS) > 0, "the scanner's CPU is charged");
        long cow = ((SharedFrames) ksm.host().sharing()).cowBreaks();
        assertTrue(cow > 0, "a reused frame that had been merged was copied before the store");
        assertTrue(r.get(Metric.DRIVER_CPU_MS) > 0, "and the copy was charged");

        String twoImages = WEB.replace("    count: 2\n", "    count: 1\n")
                + "  - name: other\n    count: 1\n    memoryMiB: 64\n    swapMiB: 32\n    workload: web-farm\n"
                + "    params: {files: 3000, meanFilePages: 8, cpuMicros: 500}\n";
        RunResult apart = machine(twoImages, "ksm", "", 1.0).run(t -> { });
        assertInvariants(apart);
        assertTrue(apart.get(Metric.SHARING_SAVED_MIB) < r.get(Metric.SHARING_SAVED_MIB) / 4,
                "guests of two images share only zero pages: " + apart.get(Metric.SHARING_SAVED_MIB) + " MiB");
    }

    /**
     * Deflate-on-OOM is the balloon driver's: virtio-balloon (MOM) only if the device offers it,
     * which QEMU's does not by default; z/VM CMM (VMRM) always; Xen's balloon (self-ballooning,
     * tmem) never.
     */
    @Test
    void eachBalloonDeflatesOnOomAsItsDriverDoes() {
        assertDeflateOnOom("balloon-mom", "", false);
        assertDeflateOnOom("balloon-mom", "policyParams: {balloon-mom: {deflateOnOom: true}}", true);
        assertDeflateOnOom("balloon-vmrm", "policyParams: {balloon-vmrm: {intervalSeconds: 5}}", true);
        assertDeflateOnOom("self-balloon", "", false);
        assertDeflateOnOom("tmem", "", false);
        InputError notAFlag = assertThrows(InputError.class, () -> ScenarioFixtures.parse(WEB.replace("POLICY", "balloon-mom")
                .replace("PARAMS", "policyParams:\n  balloon-mom:\n    deflateOnOom: 256")));
        assertTrue(notAFlag.getMessage().startsWith("test.yaml:7:") && notAFlag.getMessage()
                .contains("balloon-mom.deflateOnOom must be true or false, was '256'"), notAFlag.getMessage());
    }

    private static void assertDeflateOnOom(String policy, String params, boolean expected) {
        Machine m = machine(WEB, policy, params, 2.0);
        assertInvariants(m.run(t -> { }));
        for (GuestVm vm : m.guests()) {
            assertEquals(expected, vm.balloon().deflatesOnOom(), policy + " " + params + ", " + vm.name());
        }
    }

    /** page_reporting_order: the parameter if set, else the guests' pageblock_order (host.arch). */
    @Test
    void freePageReportingReportsFromTheArchitecturesPageblockOrderUnlessToldAnOrder() {
        FreePageReportingPolicy byArch = (FreePageReportingPolicy) Policies.create("free-page-reporting", java.util.Map.of(),
                InputError::new);
        assertEquals(8, byArch.reportingOrder(Arch.S390));
        assertEquals(9, byArch.reportingOrder(Arch.X86));
        Scenario s = ScenarioFixtures.parse(MIXED.replace("POLICY", "free-page-reporting")
                + "policyParams:\n  free-page-reporting:\n    order: 5\n");
        FreePageReportingPolicy set = (FreePageReportingPolicy) Policies.create("free-page-reporting", s.policyParams(),
                InputError::new);
        for (Arch arch : Arch.values()) {
            assertEquals(5, set.reportingOrder(arch), arch.id());
        }
    }

    /** Smart scanning is on unless ksm.smartScan says false; with a full scan every 0.3 s it changes what the scanner does. */
    @Test
    void ksmScansSmartlyUnlessToldNot() {
        String fast = "policyParams: {ksm: {pagesToScan: 2000SMART}}";
        RunResult byDefault = machine(WEB, "ksm", fast.replace("SMART", ""), 1.0).run(t -> { });
        RunResult on = machine(WEB, "ksm", fast.replace("SMART", ", smartScan: true"), 1.0).run(t -> { });
        RunResult off = machine(WEB, "ksm", fast.replace("SMART", ", smartScan: false"), 1.0).run(t -> { });
        for (RunResult r : List.of(byDefault, on, off)) {
            assertInvariants(r);
        }
        for (Metric m : Metric.values()) {
            assertEquals(on.get(m), byDefault.get(m), m.key());
        }
        assertTrue(off.get(Metric.HOST_CPU_MS) != on.get(Metric.HOST_CPU_MS),
                "skipped visits are not scanned pages: " + off.get(Metric.HOST_CPU_MS) + " vs " + on.get(Metric.HOST_CPU_MS));
    }

    @Test
    void freePageHintDoesNothingWithoutAMigration() {
        RunResult hint = machine(MIXED, "free-page-hint", "", 2.5).run(t -> { });
        RunResult none = machine(MIXED, "none", "", 2.5).run(t -> { });
        for (Metric m : Metric.values()) {
            assertEquals(none.get(m), hint.get(m), m.key());
        }
    }

    @Test
    void pprChargesItsHooksToTheGuestsAndItsDaemonToTheHost() {
        RunResult r = machine(MIXED, "ppr", "", 2.5).run(t -> { });
        assertInvariants(r);
        assertTrue(r.get(Metric.DRIVER_CPU_MS) > 0, "300 cycles per page freed or allocated");
        assertTrue(r.get(Metric.HOST_CPU_MS) >= 0.05 * 18_000 * 0.9, "at least 5% of a CPU for the 18 s measured: "
                + r.get(Metric.HOST_CPU_MS) + " ms");
    }

    @Test
    void policyParametersAreCheckedWithFileLineAndKey() {
        for (String policy : List.of("free-page-reporting", "free-page-hint", "ppr", "tmem", "ksm")) {
            InputError e = assertThrows(InputError.class, () -> ScenarioFixtures.parse(MIXED.replace("POLICY", policy)
                    + "policyParams:\n  " + policy + ":\n    bogus: 1\n"));
            assertTrue(e.getMessage().startsWith("test.yaml:") && e.getMessage().contains("unknown key 'bogus'"), e.getMessage());
        }
        InputError range = assertThrows(InputError.class, () -> ScenarioFixtures.parse(MIXED.replace("POLICY", "ppr")
                + "policyParams:\n  ppr:\n    periodSeconds: 0\n"));
        assertTrue(range.getMessage().contains("periodSeconds must be from"), range.getMessage());
        InputError order = assertThrows(InputError.class, () -> ScenarioFixtures.parse(MIXED.replace("POLICY", "free-page-reporting")
                + "policyParams:\n  free-page-reporting:\n    order: 11\n"));
        assertTrue(order.getMessage().contains("order must be from 0 to 10"), order.getMessage());
    }
}
