package org.cmmalab.harness.sim;

import org.cmmalab.guestmm.GuestCounters;
import org.cmmalab.harness.InputError;
import org.cmmalab.harness.policy.registry.Policies;
import org.cmmalab.harness.result.Metric;
import org.cmmalab.harness.result.RunResult;
import org.cmmalab.harness.scenario.Scenario;
import org.cmmalab.harness.scenario.ScenarioFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A reduced {@code tmem-compile}: two guests of 48 MiB (64 MiB maximum) on a fixed 112 MiB host,
 * each building twice. The job finishes and ends the run, its time is measured, sectors are
 * counted, the boot balloon holds the difference to the maximum, and cleancache hits stand in for
 * disk reads one for one.
 */
class FiniteJobTest {
    private static final String COMPILE = String.join("\n",
            "name: small-compile",
            "seed: 5",
            "durationSeconds: 3000",
            "policies: [POLICY]",
            "host:",
            "  memoryMiB: 112",
            "guests:",
            "  - name: compile",
            "    count: 2",
            "    memoryMiB: 48",
            "    maxMemoryMiB: 64",
            "    swapMiB: 32",
            "    workload: kernel-compile",
            "    params: {builds: 2, jobs: 4, sources: 1000, meanSourcePages: 4, headers: 300, headersPerSource: 10,",
            "             objectPages: 2, burstPages: 1024, cpuMillis: 100}",
            "");
    private static final int BOOT_BALLOON_PAGES = (64 - 48) * 256;

    private static Machine machine(String policy) {
        Scenario s = ScenarioFixtures.parse(COMPILE.replace("POLICY", policy));
        return new Machine(s, s.overcommit().get(0), Policies.create(policy, s.policyParams(), InputError::new));
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "self-balloon", "tmem"})
    void theJobFinishesAndEndsTheRun(String policy) {
        RunResult r = machine(policy).run(t -> { });
        double last = 0;
        for (RunResult.GuestResult g : r.guests()) {
            double seconds = g.metrics().get(Metric.JOB_SECONDS);
            assertTrue(seconds > 0 && seconds < 3000, g.name() + " finished its two builds: " + seconds);
            last = Math.max(last, seconds);
        }
        assertEquals(last, r.get(Metric.JOB_SECONDS), "the machine's job time is its last guest's");
        double[] samples = r.hostMemory().seconds();
        assertTrue(samples[samples.length - 1] <= last, "the run ended when the last job was done, not at the cap");
        assertEquals(2, r.get(Metric.THROUGHPUT) * last / 2000, 1e-9, "two builds of 1000 sources each, per guest");
        assertEquals(0, r.get(Metric.LOST_PAGES));
        assertEquals(0, r.get(Metric.LEAKS));
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "self-balloon", "tmem"})
    void sectorsAreEightPerPageReadFromDiskOrSwap(String policy) {
        RunResult r = machine(policy).run(t -> { });
        assertTrue(r.get(Metric.SECTORS_READ) > 0);
        assertEquals(8 * (r.get(Metric.GUEST_DISK_READS) + r.get(Metric.GUEST_SWAP_INS)), r.get(Metric.SECTORS_READ));
        for (RunResult.GuestResult g : r.guests()) {
            var m = g.metrics();
            assertEquals(8 * (m.get(Metric.GUEST_DISK_READS) + m.get(Metric.GUEST_SWAP_INS)), m.get(Metric.SECTORS_READ));
        }
    }

    @Test
    void anUnchangedGuestKeepsItsBootBalloon() {
        Machine m = machine("none");
        for (GuestVm vm : m.guests()) {
            assertEquals(64 * 256, vm.frames(), "the guest is sized to its maximum");
            assertEquals(BOOT_BALLOON_PAGES, vm.balloon().pages(), "and boots with the difference ballooned out");
        }
        m.run(t -> { });
        for (GuestVm vm : m.guests()) {
            assertEquals(BOOT_BALLOON_PAGES, vm.balloon().pages(), vm.name() + " stayed at its boot memory");
        }
    }

    @Test
    void cleancacheHitsReplaceDiskReadsOneForOne() {
        Machine tmem = machine("tmem");
        tmem.run(t -> { });
        long hits = 0;
        for (GuestVm vm : tmem.guests()) {
            GuestCounters c = vm.kernel().counters();
            assertEquals(c.pageCacheMisses(), c.diskReads() + c.cleancacheHits(),
                    vm.name() + ": every page-cache miss is a disk read or a cleancache hit");
            hits += c.cleancacheHits();
        }
        assertTrue(hits > 0, "self-ballooning squeezed page cache into tmem and the builds got some back");

        Machine alone = machine("self-balloon");
        RunResult r = alone.run(t -> { });
        for (GuestVm vm : alone.guests()) {
            GuestCounters c = vm.kernel().counters();
            assertEquals(0, c.cleancacheHits());
            assertEquals(c.pageCacheMisses(), c.diskReads(), vm.name() + ": without tmem every miss reads the disk");
        }
        assertTrue(r.get(Metric.BALLOON_PAGES) > 0, "self-ballooning moved the balloons");
    }
}
