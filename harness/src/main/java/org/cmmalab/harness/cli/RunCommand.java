package org.cmmalab.harness.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.cmmalab.harness.InputError;
import org.cmmalab.harness.experiment.plan.PlannedTask;
import org.cmmalab.harness.experiment.plan.TaskRecord;
import org.cmmalab.harness.experiment.plan.StudyPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cmma run}: one run of a planned study, as a cluster's array task runs it. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run one run of a plan written by cmma sweep --plan, and write its result into a directory as "
                + "run-NNNNNN.json (its index). A result already there is kept, so a task run again does no work "
                + "twice. cmma merge reports the directory once every run has its result (docs/cluster.md).",
                "Example: cmma run --plan study.jsonl --index 3 --out results"})
final class RunCommand implements Callable<Integer> {
    @Option(names = "--plan", required = true, paramLabel = "FILE", description = "The plan (cmma sweep --plan).")
    Path plan;

    @Option(names = "--index", paramLabel = "I", description = "The run to run, from 0. Default: the cluster's task "
            + "index, from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX.")
    Integer index;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = ".",
            description = "The results directory (made if missing). Default: the current directory.")
    Path out;

    @Override
    public Integer call() throws IOException {
        int i = index != null ? index : RunIndex.from(System.getenv());
        PlannedTask run = StudyPlan.read(plan, i);
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new InputError("--out " + out + ": is a file; results go into a directory");
        }
        Files.createDirectories(out);
        Path result = out.resolve(TaskRecord.fileName(i));
        if (Files.exists(result)) {
            System.err.printf("cmma run: task %d of %d has its result already: %s%n", i, run.runs(), result);
            return 0;
        }
        TaskRecord record = run.execute();
        record.write(out);
        System.err.printf("cmma run: task %d of %d (%s, seed %d, %s) in %.2f s: %s%n", i, run.runs(), run.scenario(),
                run.seed(), run.policy(), record.wallSeconds(), result);
        return 0;
    }
}
