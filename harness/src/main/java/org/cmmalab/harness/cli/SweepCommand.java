package org.cmmalab.harness.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.cmmalab.harness.InputError;
import org.cmmalab.harness.experiment.comparison.Sweep;
import org.cmmalab.harness.experiment.plan.PlannedTask;
import org.cmmalab.harness.experiment.plan.StudyPlan;
import org.cmmalab.harness.policy.Policy;
import org.cmmalab.harness.policy.registry.Policies;
import org.cmmalab.harness.report.ReportDirectory;
import org.cmmalab.harness.report.SweepJson;
import org.cmmalab.harness.report.SweepReport;
import org.cmmalab.harness.report.SweepTable;
import org.cmmalab.harness.result.Comparison;
import org.cmmalab.harness.result.SweepResult;
import org.cmmalab.harness.scenario.Scenario;
import org.cmmalab.harness.scenario.ScenarioReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cmma sweep}: several scenarios at several seeds, every run on one pool of threads, with medians. */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run several scenarios, each at several seeds, as one batch: every run (scenario x seed x "
                + "overcommit x policy) goes onto one pool of threads, and the results are the same, bit for bit, "
                + "as running each comparison alone on one thread. Prints each scenario's table at every seed, then "
                + "the median of every metric across the seeds.",
                "Example: cmma sweep --scenario web-farm --scenario scenarios/tmem-compile.yaml --seeds 42,43,44"})
final class SweepCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--scenario", paramLabel = "FILE|NAME", completionCandidates = Choices.ScenarioNames.class,
            description = "A scenario file (YAML) or the name of a built-in one (${COMPLETION-CANDIDATES}); repeat for more. Default: "
                    + ScenarioReader.DEFAULT + ".")
    List<String> scenarios;

    @Option(names = "--seeds", split = ",", paramLabel = "a,b,c",
            description = "Seeds to run every scenario at. Default: each scenario's own seed.")
    List<Long> seeds;

    @Option(names = "--threads", paramLabel = "T", description = "Runs at once. Default: the available cores.")
    Integer threads;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Write " + SweepJson.FILE + " and, per scenario and seed, the reports of cmma compare --out "
                    + "into DIR/NAME-seed-N, once every run is done.")
    Path out;

    @Option(names = "--json", description = "Print one JSON object instead of the tables. It holds no wall-clock "
            + "time (that goes to standard error), so equal inputs give equal bytes.")
    boolean json;

    @Option(names = "--plan", paramLabel = "FILE",
            description = "Run nothing: write every run of the sweep to FILE, one JSON document a line, for cmma run "
                    + "to run anywhere (a cluster's array job) and cmma merge to report (docs/cluster.md).")
    Path plan;

    @Override
    public Integer call() throws IOException {
        List<Sweep.Entry> entries = new ArrayList<>();
        List<StudyPlan.SweepScenario> planned = new ArrayList<>();
        Map<String, Scenario> byName = new HashMap<>();
        Set<String> names = new HashSet<>();
        for (String name : scenarios != null ? scenarios : List.of(ScenarioReader.DEFAULT)) {
            ScenarioReader.Source source = ScenarioReader.source(name);
            Scenario s = source.read(Policies::check);
            planned.add(new StudyPlan.SweepScenario(source.file(), source.text(), s));
            if (s.density() != null) {
                throw new InputError("--scenario " + name + ": a density scenario is a search for the largest guest "
                        + "count, not a comparison at fixed ratios; run it with cmma compare --scenario " + name);
            }
            if (!names.add(s.name())) {
                throw new InputError("--scenario: two scenarios are named '" + s.name() + "'; a sweep reports by name");
            }
            List<Policy> policies = new ArrayList<>();
            for (String p : s.policies()) {
                policies.add(Policies.create(p, s.policyParams(), InputError::new));
            }
            entries.add(new Sweep.Entry(s, policies));
            byName.put(s.name(), s);
            if (out != null) {
                SweepReport.directory(s.name(), s.seed());
            }
        }
        if (seeds != null && new HashSet<>(seeds).size() != seeds.size()) {
            throw new InputError("--seeds names a seed twice: " + seeds);
        }
        int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (t < 1) {
            throw new InputError("--threads must be at least 1, was " + t);
        }
        if (plan != null) {
            if (out != null || json) {
                throw new InputError("--plan runs nothing, so --out and --json do not apply: give them to cmma merge");
            }
            List<PlannedTask> runs = StudyPlan.sweep(planned, seeds != null ? seeds : List.of());
            StudyPlan.write(runs, plan);
            System.err.printf("cmma sweep: %d runs planned in %s%n", runs.size(), plan);
            return 0;
        }
        ReportDirectory report = out == null ? null : SweepReport.check(out);
        Sweep sweep = new Sweep(entries, seeds != null ? seeds : List.of());
        long totalMillis = 0;
        for (Sweep.Entry e : entries) {
            totalMillis += Math.round(e.scenario().durationSeconds() * 1000) * e.scenario().overcommit().size()
                    * e.policies().size() * (seeds != null ? seeds.size() : 1);
        }
        SweepResult result;
        try (Progress progress = Progress.start("sweep", totalMillis, " virtual s", 1000)) {
            result = sweep.run(t, nanos -> progress.step(nanos / 1_000_000));
        }
        return report(result, byName, json, report, spec.commandLine().getParseResult().originalArgs(),
                String.format("cmma sweep: %d runs in %.2f s of wall time on %d threads", sweep.runs(),
                        result.wallSeconds(), t));
    }

    /**
     * A sweep's reports, as {@code cmma sweep} and {@code cmma merge} give them: the JSON (with
     * {@code wallLine} on standard error) or the tables, and the report directory; the exit status
     * (1 if an invariant broke in any run).
     */
    static int report(SweepResult result, Map<String, Scenario> byName, boolean json, ReportDirectory report,
                      List<String> args, String wallLine) throws IOException {
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            System.out.println(mapper.writeValueAsString(SweepJson.toJson(result, mapper)));
            System.err.println(wallLine);
        } else {
            SweepTable.print(result, System.out);
        }
        if (report != null) {
            SweepReport.write(result, byName, args, report);
        }
        boolean held = true;
        for (SweepResult.ScenarioSweep s : result.scenarios()) {
            for (Comparison c : s.bySeed()) {
                held &= CompareCommand.invariantsHeld(c);
            }
        }
        return held ? 0 : 1;
    }
}
