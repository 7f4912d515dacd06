package org.cmmalab.harness.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.cmmalab.harness.experiment.plan.StudyMerge;
import org.cmmalab.harness.report.ReportDirectory;
import org.cmmalab.harness.report.SweepReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cmma merge}: a planned study's reports, from its runs' results. */
@Command(name = "merge", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Report a study whose runs ran apart (cmma sweep --plan, then cmma run for every run) from the "
                + "results directory: the same tables, report directory and, with --json, the same bytes as the "
                + "sweep on one machine. Refuses a directory that lacks a run's result (docs/cluster.md).",
                "Example: cmma merge results --json"})
final class MergeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "The results directory (cmma run --out).")
    Path results;

    @Option(names = "--out", paramLabel = "DIR", description = "Write the reports cmma sweep --out writes into DIR.")
    Path out;

    @Option(names = "--json", description = "Print the sweep's JSON object instead of the tables, as cmma sweep --json.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        ReportDirectory report = out == null ? null : SweepReport.check(out);
        StudyMerge merged = StudyMerge.of(results);
        int runs = merged.result().scenarios().stream().mapToInt(s -> s.bySeed().stream().mapToInt(c -> c.results().size()).sum()).sum();
        return SweepCommand.report(merged.result(), merged.scenarios(), json, report,
                spec.commandLine().getParseResult().originalArgs(),
                String.format("cmma merge: %d runs, %.2f s of wall time where they ran", runs, merged.result().wallSeconds()));
    }
}
