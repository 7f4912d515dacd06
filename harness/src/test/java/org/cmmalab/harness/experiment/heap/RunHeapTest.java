package org.cmmalab.harness.experiment.heap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.cmmalab.harness.InputError;
import org.cmmalab.harness.experiment.Runs;
import org.cmmalab.harness.policy.Policy;
import org.cmmalab.harness.policy.registry.Policies;
import org.cmmalab.harness.scenario.Scenario;
import org.cmmalab.harness.scenario.ScenarioReader;
import org.cmmalab.harness.sim.Machine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The heap estimate of a comparison's run is an upper bound of what the run holds: for every
 * shipped comparison scenario, its run with the most host memory (the lowest overcommit ratio)
 * under the policy with the largest estimate (the last of equals), the live heap measured by a full
 * collection at ten points of the run's first {@link #MEASURED_SECONDS} virtual seconds and at its
 * end, less what was live before. The whole runs, measured so once (MiB live of the estimate):
 * web-farm 51 of 73, web-farm-530cmm 141 of 294, migration 158 of 494, tmem-compile 44 of 65,
 * races 2 of 5, races-large 1 of 3, burst 273 of 1,434 (virtio-mem+zswap; balloon-mom+zswap 385 in its first 300 s),
 * cold-cache 115 of 130, idle-giants 140 of 2,533
 * (zram's pool estimated at its largest). In its first 300 s cold-cache holds 55 MiB: the build's
 * check of it is weaker than the whole run's, which {@code -DrunHeap.seconds=1e9} makes
 * (about 3 minutes here for all of them).
 */
class RunHeapTest {
    /**
     * Virtual seconds of a run measured, at most: the whole of the longest runs takes minutes, so the
     * build measures their first 300 s; {@code -DrunHeap.seconds=1e9} measures whole runs.
     */
    private static final double MEASURED_SECONDS = Double.parseDouble(System.getProperty("runHeap.seconds", "300"));

    static Stream<Path> shippedComparisons() throws IOException {
        return Files.list(Path.of("../scenarios")).filter(p -> p.toString().endsWith(".yaml"))
                .filter(p -> read(p).density() == null).sorted();
    }

    private static Scenario read(Path p) {
        return ScenarioReader.read(p.toString(), Policies::check);
    }

    @ParameterizedTest
    @MethodSource("shippedComparisons")
    void aComparisonRunHoldsNoMoreThanItsEstimate(Path file) {
        Scenario s = read(file);
        double ratio = s.overcommit().stream().min(Double::compare).orElseThrow();
        Policy heaviest = null;
        long estimate = -1;
        for (String name : s.policies()) {
            Policy p = Policies.create(name, s.policyParams(), InputError::new);
            long e = RunHeap.comparisonRunMiB(s, ratio, p.mechanisms());
            if (e >= estimate) { // among equals the last: a scenario lists its combined policies last
                estimate = e;
                heaviest = p;
            }
        }
        long before = liveBytes();
        long[] peak = {0};
        Machine m = new Machine(s, ratio, heaviest);
        long until = Math.round(Math.min(s.durationSeconds(), MEASURED_SECONDS) * 1e9);
        m.events().every(0, until / 10, t -> {
            peak[0] = Math.max(peak[0], liveBytes() - before);
            if (t >= until) {
                m.events().stop();
            }
        });
        Runs.run(m, heaviest, t -> { });
        peak[0] = Math.max(peak[0], liveBytes() - before);
        long measuredMiB = peak[0] >> 20;
        System.out.printf("%s %s at %.2f: live %d MiB, estimate %d MiB%n", s.name(), heaviest.name(), ratio, measuredMiB,
                estimate);
        assertTrue(measuredMiB <= estimate, s.name() + " " + heaviest.name() + " at " + ratio + ": live " + measuredMiB
                + " MiB, estimated " + estimate);
    }

    private static long liveBytes() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Test
    void aTaskHeapAddsTheJvmsOwnAndRoundsUpToAPowerOfTwo() {
        assertEquals(256, RunHeap.taskHeapMiB(0));
        assertEquals(256, RunHeap.taskHeapMiB(256 - RunHeap.JVM_MIB));
        assertEquals(512, RunHeap.taskHeapMiB(257 - RunHeap.JVM_MIB));
        assertEquals(8192, RunHeap.taskHeapMiB(8000));
        assertEquals(List.of(256, 512, 1024), Stream.of(73L, 294L, 494L).map(RunHeap::taskHeapMiB).toList());
    }
}
