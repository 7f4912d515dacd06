package org.cmmalab.harness.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import org.cmmalab.harness.experiment.migration.PreCopy;
import org.cmmalab.harness.policy.Policy;
import org.cmmalab.harness.result.RunResult;
import org.cmmalab.harness.scenario.MigrationSpec;
import org.cmmalab.harness.sim.Machine;

/** One run of the engine as every experiment makes it: the machine, and its scenario's live migrations. */
public final class Runs {
    private Runs() {
    }

    /**
     * Runs {@code machine}, built for {@code policy}; with a {@code migration:} section, every
     * guest's live migration starts alongside the policy's work ({@link Machine#alongside}) and
     * what each measured joins the run's result.
     */
    public static RunResult run(Machine machine, Policy policy, LongConsumer progress) {
        MigrationSpec spec = machine.scenario().migration();
        if (spec == null) {
            return machine.run(progress);
        }
        List<PreCopy> migrations = new ArrayList<>();
        machine.alongside(run -> migrations.addAll(PreCopy.schedule(run, spec, policy)));
        return machine.run(progress).withMigrations(PreCopy.results(migrations));
    }
}
