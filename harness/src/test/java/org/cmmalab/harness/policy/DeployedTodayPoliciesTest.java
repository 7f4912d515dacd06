package org.cmmalab.harness.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cmmalab.harness.InputError;
import org.cmmalab.harness.policy.registry.Policies;
import org.cmmalab.harness.result.Metric;
import org.cmmalab.harness.result.RunResult;
import org.cmmalab.harness.scenario.Scenario;
import org.cmmalab.harness.scenario.ScenarioFixtures;
import org.cmmalab.harness.sim.GuestVm;
import org.cmmalab.harness.sim.Machine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What is deployed today, as harness policies: virtio-mem, DAMON_RECLAIM, zram and zswap in the
 * guest. Each keeps the invariants alone and in the combinations that make sense, and each shows
 * its mechanism on a machine: a plugged block holds guest memory and an unplugged one goes back to
 * the host; pages DAMON found cold are reclaimed after their minimum age and, with free page
 * reporting, go back to the host; compressed swap keeps swapped pages in guest memory, which the
 * host backs, and the host's zswap keeps the host's page-outs compressed in host memory.
 */
class DeployedTodayPoliciesTest {
    /** Two x86 web servers of 384 MiB with 64 MiB of swap, whose files do not all fit. */
    private static final String WEB = String.join("\n",
            "name: web",
            "seed: 11",
            "durationSeconds: 20",
            "warmupSeconds: 2",
            "policies: [POLICY]",
            "PARAMS",
            "host: {arch: x86}",
            "guests:",
            "  - name: web",
            "    count: 2",
            "    memoryMiB: 384",
            "    swapMiB: 64",
            "    workload: web-farm",
            "    params: {files: 14000, meanFilePages: 8, heapPages: 256, cpuMicros: 500}",
            "");

    /**
     * Two idle x86 guests of 256 MiB that read 170 MiB of system files at boot and then touch a
     * few pages a second: a page cache that grows cold, with free memory between DAMON_RECLAIM's
     * low and middle watermarks.
     */
    private static final String COLD = String.join("\n",
            "name: cold",
            "seed: 12",
            "durationSeconds: 200",
            "warmupSeconds: 2",
            "policies: [POLICY]",
            "host: {arch: x86}",
            "guests:",
            "  - name: vm",
            "    count: 2",
            "    memoryMiB: 256",
            "    swapMiB: 0",
            "    workload: idle",
            "    params: {bootFilePages: 43520, daemonPages: 2048, wakeSeconds: 1, pagesPerWake: 16}",
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
    @ValueSource(strings = {"virtio-mem", "damon-reclaim", "zram", "zswap",
        "cmma+virtio-mem", "cmma+damon-reclaim", "cmma+zram", "cmma+zswap",
        "damon-reclaim+free-page-reporting", "damon-reclaim+zram", "damon-reclaim+zswap+free-page-reporting",
        "balloon-mom+zram", "balloon-mom+zswap", "virtio-mem+zswap", "none+zram", "free-page-reporting+zswap",
        "host-zswap", "none+host-zswap", "balloon-mom+host-zswap", "damon-reclaim+host-zswap", "cmma+host-zswap",
        "damon-reclaim+zswap+host-zswap"})
    void everyPolicyAloneAndCombinedKeepsTheInvariants(String policy) {
        RunResult r = machine(WEB, policy, "", 2.0).run(t -> { });
        assertInvariants(r);
        assertTrue(r.get(Metric.THROUGHPUT) > 0, "the guests got work done");
        assertEquals(policy.startsWith("cmma"), r.get(Metric.ESSA_OPS) > 0, "hints exactly when cmma is part");
    }

    @Test
    void theHostsZswapKeepsItsPageOutsCompressedInHostMemoryAndServesPageInsFromThere() {
        RunResult none = machine(WEB, "none", "", 2.0).run(t -> { });
        RunResult z = machine(WEB, "host-zswap", "", 2.0).run(t -> { });
        assertInvariants(z);
        assertTrue(none.get(Metric.HOST_PAGE_OUTS) > 0, "the host pages at overcommit 2");
        assertTrue(z.get(Metric.HOST_ZSWAP_PAGE_OUTS) > 0, "page-outs compressed into the pool");
        assertTrue(z.get(Metric.HOST_ZSWAP_PAGE_INS) > 0, "page-ins served from the pool");
        assertTrue(z.get(Metric.HOST_ZSWAP_MIB) > 0, "the pool holds host memory");
        double hostMiB = 2 * 384 / 2.0;
        assertTrue(z.get(Metric.HOST_ZSWAP_MIB) <= 0.2 * hostMiB + 1, "within max_pool_percent of host memory: "
                + z.get(Metric.HOST_ZSWAP_MIB));
        assertEquals(0, z.get(Metric.XSTOR_PAGE_OUTS), "the host's zswap is not expanded storage");
        assertEquals(0, none.get(Metric.HOST_ZSWAP_PAGE_OUTS));
        assertTrue(z.get(Metric.HOST_CPU_MS) > 0, "background reclaim's compressions are host CPU");
    }

    @Test
    void theHostsZswapRefusesExpandedStorage() {
        String xstor = WEB.replace("host: {arch: x86}", "host: {arch: x86, mode: zvm, xstorMiB: 64}");
        assertThrows(InputError.class, () -> machine(xstor, "host-zswap", "", 2.0));
    }

    @Test
    void aPluggedBlockHoldsGuestMemoryAndAnUnpluggedOneGoesBackToTheHost() {
        String shortRun = COLD.replace("durationSeconds: 200", "durationSeconds: 10").replace("warmupSeconds: 2",
                "warmupSeconds: 0.5");
        Machine m = machine(shortRun, "virtio-mem", "", 1.0);
        RunResult r = m.run(t -> { });
        assertInvariants(r);
        long resident = 0;
        for (GuestVm vm : m.guests()) {
            resident += vm.residentFrames();
        }
        // boot memory 128 MiB (256 / 4.01, rounded up to a memory block), 128 MiB of region plugged at boot;
        // the idle guests' committed memory and hv_balloon's floor are far below that: the region goes
        assertTrue(r.get(Metric.HOTPLUG_PAGES) >= 2 * 128 * 256 * 0.9, "most of both regions unplugged: "
                + r.get(Metric.HOTPLUG_PAGES));
        assertTrue(resident <= 2 * 128 * 256, "the host holds no more than the guests' boot memory: " + resident);
        assertTrue(r.get(Metric.MIGRATED_PAGES) + r.get(Metric.GUEST_DISK_READS) > 0,
                "pages in the way were migrated or dropped and read again");

        Machine none = machine(shortRun, "none", "", 1.0);
        RunResult base = none.run(t -> { });
        assertTrue(r.get(Metric.HOST_MEMORY_MEAN) < base.get(Metric.HOST_MEMORY_MEAN) - 100,
                "virtio-mem keeps the host's memory lower: " + r.get(Metric.HOST_MEMORY_MEAN) + " MiB against "
                        + base.get(Metric.HOST_MEMORY_MEAN));
    }

    @Test
    void pagesDamonFoundColdAreReclaimedAfterTheirMinimumAgeAndReported() {
        RunResult damon = machine(COLD, "damon-reclaim+free-page-reporting", "", 1.0).run(t -> { });
        RunResult reporting = machine(COLD, "free-page-reporting", "", 1.0).run(t -> { });
        RunResult early = machine(COLD.replace("durationSeconds: 200", "durationSeconds: 110"),
                "damon-reclaim", "", 1.0).run(t -> { });
        assertInvariants(damon);
        assertInvariants(reporting);
        assertEquals(0, early.get(Metric.DAMON_PAGEOUTS), "nothing before min_age (120 s)");
        assertTrue(damon.get(Metric.DAMON_PAGEOUTS) > 10_000, "the cold page cache went: "
                + damon.get(Metric.DAMON_PAGEOUTS));
        assertTrue(damon.get(Metric.HOST_MEMORY_PEAK) >= reporting.get(Metric.HOST_MEMORY_PEAK) - 1,
                "both hold it until then");
        assertTrue(damon.get(Metric.HOST_MEMORY_MEAN) < reporting.get(Metric.HOST_MEMORY_MEAN) - 10,
                "and then free page reporting gives what DAMON freed to the host: "
                        + damon.get(Metric.HOST_MEMORY_MEAN) + " MiB against " + reporting.get(Metric.HOST_MEMORY_MEAN));
        assertTrue(damon.get(Metric.DRIVER_CPU_MS) > 0, "kdamond's samples cost the guests CPU");
    }

    @Test
    void aPageCompressedInTheGuestCostsItsRatioOfAGuestFrame() {
        String batch = WEB.replace("memoryMiB: 384", "memoryMiB: 256")
                .replace("workload: web-farm", "workload: alloc-free")
                .replace("{files: 14000, meanFilePages: 8, heapPages: 256, cpuMicros: 500}",
                        "{peakFraction: 0.95, periodSeconds: 6, holdSeconds: 3, osAnonPages: 8192}");
        Machine m = machine(batch, "zram", "", 1.0);
        RunResult r = m.run(t -> { });
        assertInvariants(r);
        assertTrue(r.get(Metric.FRONTSWAP_STORES) > 0, "the guests swapped into zram");
        assertEquals(0, r.get(Metric.GUEST_SWAP_OUTS), "and to no disk");
        assertTrue(r.get(Metric.DRIVER_CPU_MS) > 0, "compressing cost the guests CPU");
        for (GuestVm vm : m.guests()) {
            assertEquals(128 * 256, vm.kernel().config().swapPages(), "zram-generator's size: half of 256 MiB");
        }
    }

    @Test
    void frontswapBackendsDoNotCombineAndParametersAreChecked() {
        for (String spec : List.of("tmem+zram", "zram+zswap", "zswap+tmem")) {
            InputError e = assertThrows(InputError.class, () -> ScenarioFixtures.parse(WEB.replace("POLICY", spec)
                    .replace("PARAMS", "")));
            assertTrue(e.getMessage().contains("a guest has one"), e.getMessage());
        }
        for (String policy : List.of("virtio-mem", "damon-reclaim", "zram", "zswap")) {
            InputError e = assertThrows(InputError.class, () -> ScenarioFixtures.parse(WEB.replace("POLICY", policy)
                    .replace("PARAMS", "policyParams:\n  " + policy + ":\n    bogus: 1\n")));
            assertTrue(e.getMessage().startsWith("test.yaml:") && e.getMessage().contains("unknown key 'bogus'"),
                    e.getMessage());
        }
        InputError marks = assertThrows(InputError.class, () -> ScenarioFixtures.parse(
                WEB.replace("POLICY", "damon-reclaim").replace("PARAMS",
                        "policyParams:\n  damon-reclaim:\n    wmarksMid: 600\n")));
        assertTrue(marks.getMessage().contains("wmarksLow <= wmarksMid <= wmarksHigh"), marks.getMessage());
        Scenario small = ScenarioFixtures.parse(WEB.replace("POLICY", "virtio-mem").replace("PARAMS", "")
                .replace("memoryMiB: 384", "memoryMiB: 128"));
        InputError tooSmall = assertThrows(InputError.class, () -> new Machine(small, 1.0,
                Policies.create("virtio-mem", small.policyParams(), InputError::new)).run(t -> { }));
        assertTrue(tooSmall.getMessage().contains("at least one more block for the device"), tooSmall.getMessage());
    }
}
