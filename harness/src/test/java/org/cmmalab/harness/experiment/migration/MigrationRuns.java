package org.cmmalab.harness.experiment.migration;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.cmmalab.guestmm.Arch;
import org.cmmalab.guestmm.GuestKernel;
import org.cmmalab.harness.InputError;
import org.cmmalab.harness.experiment.Runs;
import org.cmmalab.harness.policy.Policy;
import org.cmmalab.harness.policy.registry.Policies;
import org.cmmalab.harness.result.MigrationResult;
import org.cmmalab.harness.result.RunResult;
import org.cmmalab.harness.scenario.CostModel;
import org.cmmalab.harness.scenario.MigrationSpec;
import org.cmmalab.harness.scenario.Scenario;
import org.cmmalab.harness.scenario.Storage;
import org.cmmalab.harness.sim.Machine;
import org.cmmalab.harness.workload.Workload;
import org.cmmalab.harness.workload.WorkloadSpec;
import org.cmmalab.pagestates.HostMode;

/** Small machines with one guest that is migrated, for the migration tests. */
final class MigrationRuns {
    /** A 16 MiB guest: 4,096 frames. */
    static final int MIB = 16;
    static final int FRAMES = MIB * 256;

    private MigrationRuns() {
    }

    /** Runs one guest running {@code workload} under {@code policy}; returns its migration. */
    static MigrationResult migrate(WorkloadSpec workload, String policy, double overcommit, MigrationSpec migration,
                                   double seconds) {
        return run(workload, policy, overcommit, migration, seconds).migrations().get(0);
    }

    static RunResult run(WorkloadSpec workload, String policy, double overcommit, MigrationSpec migration,
                         double seconds) {
        Scenario s = new Scenario("migration-test", 7, seconds, 0, List.of(overcommit), List.of(policy), Map.of(),
                new Scenario.Host(HostMode.ZVM, "lru", "ssd", 1, 0.01, 0.02, 1, 0, 0, Arch.S390),
                List.of(new Scenario.GuestGroup("g", 1, MIB, 0, workload, MIB, 1, false)), CostModel.defaults("ssd"), migration, null,
                Storage.DEFAULT);
        Policy p = Policies.create(policy, Map.of(), InputError::new);
        return Runs.run(new Machine(s, overcommit, p), p, t -> { });
    }

    /** A migration at {@code startMillis} with the given costs; attribute and hint costs 0. */
    static MigrationSpec spec(double startMillis, double gbitPerSecond, double downtimeMillis, long scanNs, long syncNs) {
        return new MigrationSpec(Math.round(startMillis * 1e6), gbitPerSecond * 1e9, Math.round(downtimeMillis * 1e6),
                scanNs, 0, syncNs, 0);
    }

    /**
     * At its first step a process writes {@code kept} pages it keeps and {@code freed} pages it
     * then frees; at {@code laterMillis} it writes {@code later} new pages; a file of
     * {@code filePages} pages is read whole at the first step.
     */
    record Phases(int kept, int freed, int later, double laterMillis, int filePages) implements WorkloadSpec {
        @Override
        public String name() {
            return "phases";
        }

        @Override
        public Workload create(SplittableRandom random, int guestFrames) {
            return new Workload() {
                private int pid;
                private int file = -1;
                private int step;

                @Override
                public void boot(GuestKernel kernel) {
                    pid = kernel.createProcess();
                    if (filePages > 0) {
                        file = kernel.createFile(filePages);
                    }
                }

                @Override
                public void step(GuestKernel kernel, long now, Step out) {
                    if (step == 0) {
                        write(kernel, kept);
                        int start = write(kernel, freed);
                        kernel.free(pid, start);
                        for (int p = 0; p < filePages; p++) {
                            kernel.read(file, p);
                        }
                    } else if (step == 1) {
                        write(kernel, later);
                    }
                    step++;
                    out.sleep(step == 1 ? Math.round(laterMillis * 1e6) : 1_000_000_000L);
                }

                private int write(GuestKernel kernel, int pages) {
                    int start = kernel.malloc(pid, Math.max(1, pages));
                    for (int i = 0; i < pages; i++) {
                        kernel.touchAnon(pid, start + i, true);
                    }
                    return start;
                }
            };
        }
    }

    /**
     * A process that writes a region of {@code region} pages at its first step, then every
     * {@code periodMillis} writes the first {@code hot} of them again.
     */
    record Writer(int region, int hot, double periodMillis) implements WorkloadSpec {
        @Override
        public String name() {
            return "writer";
        }

        @Override
        public Workload create(SplittableRandom random, int guestFrames) {
            return new Workload() {
                private int pid;
                private int start;
                private boolean first = true;

                @Override
                public void boot(GuestKernel kernel) {
                    pid = kernel.createProcess();
                    start = kernel.malloc(pid, region);
                }

                @Override
                public void step(GuestKernel kernel, long now, Step out) {
                    int n = first ? region : hot;
                    first = false;
                    for (int i = 0; i < n; i++) {
                        kernel.touchAnon(pid, start + i, true);
                    }
                    out.sleep(Math.round(periodMillis * 1e6));
                }
            };
        }
    }
}
