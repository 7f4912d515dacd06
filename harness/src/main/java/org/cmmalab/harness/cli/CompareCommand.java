package org.cmmalab.harness.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.cmmalab.harness.InputError;
import org.cmmalab.harness.experiment.comparison.ComparisonRunner;
import org.cmmalab.harness.experiment.density.DensitySearch;
import org.cmmalab.harness.experiment.plan.PlannedTask;
import org.cmmalab.harness.experiment.plan.StudyPlan;
import org.cmmalab.harness.policy.Policy;
import org.cmmalab.harness.policy.registry.Policies;
import org.cmmalab.harness.report.ComparisonJson;
import org.cmmalab.harness.report.ComparisonReport;
import org.cmmalab.harness.report.ComparisonTable;
import org.cmmalab.harness.report.DensityReport;
import org.cmmalab.harness.report.Finding;
import org.cmmalab.harness.report.MigrationTable;
import org.cmmalab.harness.report.ReportContext;
import org.cmmalab.harness.report.ReportDirectory;
import org.cmmalab.harness.result.Comparison;
import org.cmmalab.harness.result.Metric;
import org.cmmalab.harness.result.RunResult;
import org.cmmalab.harness.scenario.Scenario;
import org.cmmalab.harness.scenario.ScenarioReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cmma compare}: one scenario under several policies and overcommit ratios, side by side. */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run a multi-guest scenario under several cooperation policies and compare them.")
final class CompareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--scenario", paramLabel = "FILE|NAME", defaultValue = ScenarioReader.DEFAULT,
            completionCandidates = Choices.ScenarioNames.class,
            description = "A scenario file (YAML), or the name of a built-in one: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    String scenario;

    @Option(names = "--policies", split = ",", paramLabel = "a,b,c", completionCandidates = Choices.PolicyNames.class,
            description = "Policies to compare, overriding the scenario's, each one of: ${COMPLETION-CANDIDATES}; "
                    + "combine with +, e.g. cmma+balloon-vmrm.")
    List<String> policies;

    @Option(names = "--overcommit", split = ",", paramLabel = "x,y",
            description = "Overcommit ratios (guest memory / host memory, each >= 1), overriding the scenario's; "
                    + "not for a scenario that fixes host.memoryMiB.")
    List<Double> overcommit;

    @Option(names = "--seed", paramLabel = "N", description = "The seed, overriding the scenario's.")
    Long seed;

    @Option(names = "--threads", paramLabel = "T", description = "Runs at once. Default: the available cores.")
    Integer threads;

    @Option(names = "--out", paramLabel = "DIR", description = "Write CSV, JSON, charts and index.html here.")
    Path out;

    @Option(names = "--json", description = "Print one JSON object instead of the table.")
    boolean json;

    @Option(names = "--plan", paramLabel = "FILE",
            description = "For a density scenario: run nothing, and write each policy's search to FILE as one JSON "
                    + "document a line, for cmma run to run anywhere and cmma merge to report (docs/cluster.md).")
    Path plan;

    @Option(names = "--counts-per-round", paramLabel = "K", defaultValue = "1",
            description = "For a density scenario: the guest counts each round of a policy's search runs at once (a "
                    + "k-ary bracket), so that a search takes fewer rounds when more cores or machines wait; the answer "
                    + "is exact to the same tolerance. The runs and numbers depend on K, not on --threads. Default: "
                    + "${DEFAULT-VALUE}.")
    int countsPerRound;

    @Option(names = "--metrics", split = ",", paramLabel = "a,b,c",
            description = "Rows of the table, in this order (default: every metric); only the table, not --json or --out. Each one of: ${COMPLETION-CANDIDATES}.",
            completionCandidates = MetricKeys.class)
    List<String> metrics;

    @Override
    public Integer call() throws Exception {
        List<Metric> rows = MetricKeys.parse("--metrics", metrics);
        ScenarioReader.Source source = ScenarioReader.source(scenario);
        Scenario s = source.read(Policies::check);
        if (seed != null) {
            s = s.withSeed(seed);
        }
        if (overcommit != null && s.host().fixedMemory()) {
            throw new InputError("--overcommit does not apply to " + s.name() + ": its host memory is fixed (host.memoryMiB "
                    + s.host().memoryMiB() + ")");
        }
        List<Double> ratios = overcommit != null ? overcommit : s.overcommit();
        for (double r : ratios) {
            if (!(r >= 1.0) || Double.isInfinite(r)) {
                throw new InputError("--overcommit values must be at least 1.0, was " + r);
            }
        }
        List<Policy> chosen = new ArrayList<>();
        for (String name : policies != null ? policies : s.policies()) {
            chosen.add(Policies.create(name, s.policyParams(), message -> new InputError("--policies: " + message)));
        }
        int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (t < 1) {
            throw new InputError("--threads must be at least 1, was " + t);
        }
        if (countsPerRound < 1 || countsPerRound > DensitySearch.MAX_COUNTS_PER_ROUND) {
            throw new InputError("--counts-per-round must be 1 to " + DensitySearch.MAX_COUNTS_PER_ROUND + ", was "
                    + countsPerRound);
        }
        if (countsPerRound != 1 && s.density() == null) {
            throw new InputError("--counts-per-round applies to a density search; " + scenario + " is a comparison");
        }
        if (plan != null && s.density() == null) {
            throw new InputError("--plan: " + scenario + " is a comparison, not a density search; plan it with cmma sweep "
                    + "--scenario " + scenario + " --plan " + plan);
        }
        if (s.density() != null) {
            if (overcommit != null) {
                throw new InputError("--overcommit does not apply to " + scenario + ": its density section fixes the host's memory");
            }
            if (plan != null) {
                return planSearch(source, s, chosen);
            }
            return DensityCommand.run(s, chosen, countsPerRound, t, json, out == null ? null : DensityReport.check(out));
        }
        ReportDirectory report = out == null ? null : ComparisonReport.check(out);
        ComparisonRunner runner = new ComparisonRunner(s, ratios, chosen);
        long totalMillis = Math.round(s.durationSeconds() * 1000) * runner.runs();
        Comparison c;
        try (Progress progress = Progress.start(s.name(), totalMillis, " virtual s", 1000)) {
            c = runner.run(t, nanos -> progress.step(nanos / 1_000_000));
        }
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            System.out.println(mapper.writeValueAsString(ComparisonJson.toJson(c, mapper)));
        } else {
            ComparisonTable.print(c, rows, System.out);
            MigrationTable.print(c, System.out);
            System.out.println();
            Finding.lines(c).forEach(System.out::println);
        }
        if (report != null) {
            ComparisonReport.write(c, ReportContext.of(s, spec.commandLine().getParseResult().originalArgs()), report);
            if (!json) {
                System.out.println("Report written to " + out.resolve("index.html"));
            }
        }
        return invariantsHeld(c) ? 0 : 1;
    }

    /** Writes the density search's plan: one search per policy (docs/cluster.md). */
    private int planSearch(ScenarioReader.Source source, Scenario s, List<Policy> chosen) throws IOException {
        if (out != null || json) {
            throw new InputError("--plan runs nothing, so --out and --json do not apply: give them to cmma merge");
        }
        List<PlannedTask> tasks = StudyPlan.densitySearch(source.file(), source.text(), s, chosen, countsPerRound);
        StudyPlan.write(tasks, plan);
        System.err.printf("cmma compare: %d density searches planned in %s%n", tasks.size(), plan);
        return 0;
    }

    static boolean invariantsHeld(Comparison c) {
        for (RunResult r : c.results()) {
            if (r.get(Metric.LOST_PAGES) != 0 || r.get(Metric.LEAKS) != 0) {
                System.err.println("cmma: " + r.policy() + " at overcommit " + r.overcommit() + " lost "
                        + (long) r.get(Metric.LOST_PAGES) + " pages and leaked " + (long) r.get(Metric.LEAKS));
                return false;
            }
            for (var m : r.migrations()) {
                if (m.lostPages() != 0) {
                    System.err.println("cmma: " + r.policy() + " at overcommit " + r.overcommit() + ": the migration of "
                            + m.guest() + " lost " + m.lostPages() + " pages on the destination");
                    return false;
                }
            }
        }
        return true;
    }
}
