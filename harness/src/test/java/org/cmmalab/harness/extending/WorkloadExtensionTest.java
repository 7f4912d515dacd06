package org.cmmalab.harness.extending;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.cmmalab.guestmm.GuestKernel;
import org.cmmalab.harness.InputError;
import org.cmmalab.harness.Registration;
import org.cmmalab.harness.result.Comparison;
import org.cmmalab.harness.result.Metric;
import org.cmmalab.harness.result.RunResult;
import org.cmmalab.harness.scenario.ScenarioFixtures;
import org.cmmalab.harness.workload.Workload;
import org.cmmalab.harness.workload.WorkloadSpec;
import org.cmmalab.harness.workload.Workloads;
import org.cmmalab.harness.yaml.YamlMapping;
import org.junit.jupiter.api.Test;

/**
 * docs/extending.md, "A workload": a {@link WorkloadSpec} and a {@link Workload}, one
 * registration, and a scenario's guests can run it.
 */
class WorkloadExtensionTest {
    /** Touches {@code pages} (1024) heap pages one after another, one a step, a millisecond apart; each touch a request. */
    record Sweeper(int pages) implements WorkloadSpec {
        static Sweeper parse(YamlMapping p) {
            Sweeper s = new Sweeper((int) p.integer("pages", 1024, 1, 1 << 20));
            p.done();
            return s;
        }

        @Override
        public String name() {
            return "sweeper";
        }

        @Override
        public Workload create(SplittableRandom random, int guestFrames) {
            return new Workload() {
                private int pid;
                private int heap;
                private int next;

                @Override
                public void boot(GuestKernel kernel) {
                    pid = kernel.createProcess();
                    heap = kernel.malloc(pid, pages);
                }

                @Override
                public void step(GuestKernel kernel, long now, Step out) {
                    if (kernel.touchAnon(pid, heap + next, true) == GuestKernel.NO_MEMORY) {
                        out.failed();
                    } else {
                        out.request();
                    }
                    next = (next + 1) % pages;
                    out.cpu(1_000);
                    out.sleep(1_000_000);
                }
            };
        }
    }

    @Test
    void aRegisteredWorkloadRunsInAScenario() {
        Registration r = Workloads.register("sweeper", Sweeper::parse, false);
        try {
            Comparison c = ToyScenario.compare(ToyScenario.text("none", "sweeper", "pages: 512", ""));
            RunResult run = c.results().get(0);
            assertTrue(run.get(Metric.THROUGHPUT) > 1500, "about 1,000 touches a second on each of two guests: "
                    + run.get(Metric.THROUGHPUT));
            assertEquals(2, run.guests().size());
            assertEquals(0, run.get(Metric.LOST_PAGES) + run.get(Metric.LEAKS));
        } finally {
            r.close();
        }
    }

    @Test
    void theRegistryNamesItInErrorsWhileItIsRegisteredAndOnlyThen() {
        Registration r = Workloads.register("sweeper", Sweeper::parse, false);
        try {
            InputError e = assertThrows(InputError.class, () -> ScenarioFixtures.parse(ToyScenario.text("none", "nonesuch", "", "")));
            assertTrue(e.getMessage().contains("known workloads: " + String.join(", ", Workloads.names())), e.getMessage());
            assertTrue(Workloads.names().contains("sweeper"));
        } finally {
            r.close();
        }
        assertFalse(Workloads.names().contains("sweeper"));
    }
}
