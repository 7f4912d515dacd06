package org.cmmalab.harness.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.cmmalab.harness.experiment.plan.StudyMerge;
import org.cmmalab.harness.report.DensityReport;
import org.cmmalab.harness.report.ReportDirectory;
import org.cmmalab.harness.report.SweepReport;
import org.cmmalab.harness.result.SweepResult;
import org.cmmalab.harness.scenario.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cmma merge}: a planned study's reports, from its runs' results. */
@Command(name = "merge", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Report a study whose tasks ran apart (cmma sweep --plan or cmma compare --plan, then cmma run "
                + "for every task) from the results directory: what the sweep or density search reports on one "
                + "machine, the same tables, report directory and, with --json, the same bytes but for wall times. "
                + "Refuses a directory that lacks a task's result (docs/cluster.md).",
                "Example: cmma merge results --json"})
final class MergeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "The results directory (cmma run --out).")
    Path results;

    @Option(names = "--out", paramLabel = "DIR", description = "Write the reports cmma sweep --out (or cmma compare --out, for a density search) writes into DIR.")
    Path out;

    @Option(names = "--json", description = "Print the study's JSON object instead of the tables, as cmma sweep --json or cmma compare --json.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        StudyMerge merged = StudyMerge.of(results);
        if (merged.density() != null) {
            Scenario s = merged.scenarios().values().iterator().next();
            return DensityCommand.report(merged.density(), s, json, out == null ? null : DensityReport.check(out));
        }
        ReportDirectory report = out == null ? null : SweepReport.check(out);
        SweepResult sweep = merged.sweep();
        int runs = sweep.scenarios().stream().mapToInt(s -> s.bySeed().stream().mapToInt(c -> c.results().size()).sum()).sum();
        return SweepCommand.report(sweep, merged.scenarios(), json, report, spec.commandLine().getParseResult().originalArgs(),
                String.format("cmma merge: %d runs, %.2f s of wall time where they ran", runs, sweep.wallSeconds()));
    }
}
