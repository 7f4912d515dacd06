package org.cmmalab.harness.experiment.plan;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cmmalab.harness.InputError;
import org.cmmalab.harness.result.Comparison;
import org.cmmalab.harness.result.Medians;
import org.cmmalab.harness.result.RunResult;
import org.cmmalab.harness.result.SweepResult;
import org.cmmalab.harness.scenario.Scenario;

/**
 * A sweep rebuilt from its runs' result documents ({@link RunRecord}), in the plan's order, into
 * exactly the {@link SweepResult} the sweep gives on one machine: the same comparisons, seed by
 * seed, and the same medians, so that every report of it is the same, byte for byte. Only the
 * wall-clock figures differ: the merged result's wall time is the sum of the runs' own, and its
 * thread count 0 ("run apart").
 */
public final class StudyMerge {
    private final SweepResult result;
    private final Map<String, Scenario> scenarios;

    private StudyMerge(SweepResult result, Map<String, Scenario> scenarios) {
        this.result = result;
        this.scenarios = scenarios;
    }

    /** The sweep whose results are in {@code dir}; an error names what is missing or does not belong. */
    public static StudyMerge of(Path dir) {
        TreeMap<Integer, RunRecord> byIndex = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "run-*.json")) {
            for (Path f : files) {
                RunRecord r = RunRecord.read(f);
                if (!f.getFileName().toString().equals(RunRecord.fileName(r.run().index()))) {
                    throw new InputError(f + ": holds run " + r.run().index() + ", whose file is " + RunRecord.fileName(r.run().index()));
                }
                byIndex.put(r.run().index(), r);
            }
        } catch (NoSuchFileException e) {
            throw new InputError(dir + ": no such directory");
        } catch (IOException e) {
            throw new InputError(dir + ": cannot read: " + e.getMessage());
        }
        if (byIndex.isEmpty()) {
            throw new InputError(dir + ": no run results (run-NNNNNN.json) in it");
        }
        int runs = byIndex.firstEntry().getValue().run().runs();
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            RunRecord r = byIndex.get(i);
            if (r == null) {
                missing.add(i);
            } else if (r.run().runs() != runs) {
                throw new InputError(dir.resolve(RunRecord.fileName(i)) + ": run of a plan of " + r.run().runs()
                        + " runs, beside results of a plan of " + runs + ": results of two studies in one directory");
            }
        }
        if (!missing.isEmpty() || byIndex.lastKey() >= runs) {
            throw new InputError(dir + ": " + (missing.isEmpty() ? "holds a run beyond the plan's " + runs
                    : missing.size() + " of " + runs + " runs have no result yet, the first run " + missing.get(0)));
        }
        return build(new ArrayList<>(byIndex.values()));
    }

    private static StudyMerge build(List<RunRecord> records) {
        Map<String, List<Comparison>> comparisons = new LinkedHashMap<>();
        Map<String, List<Long>> seeds = new LinkedHashMap<>();
        Map<String, Scenario> scenarios = new LinkedHashMap<>();
        double wall = 0;
        long references = 0;
        int i = 0;
        while (i < records.size()) {
            PlannedRun first = records.get(i).run();
            List<RunResult> results = new ArrayList<>();
            double comparisonWall = 0;
            long comparisonReferences = 0;
            for (; i < records.size() && sameComparison(first, records.get(i).run()); i++) {
                results.add(records.get(i).result());
                comparisonWall += records.get(i).wallSeconds();
                comparisonReferences += records.get(i).references();
            }
            comparisons.computeIfAbsent(first.scenario(), k -> new ArrayList<>()).add(new Comparison(first.scenario(),
                    first.seed(), results, comparisonWall, comparisonReferences / Math.max(comparisonWall, 1e-9)));
            seeds.computeIfAbsent(first.scenario(), k -> new ArrayList<>()).add(first.seed());
            scenarios.computeIfAbsent(first.scenario(), k -> first.scenarioAsWritten());
            wall += comparisonWall;
            references += comparisonReferences;
        }
        List<SweepResult.ScenarioSweep> sweeps = new ArrayList<>();
        comparisons.forEach((name, bySeed) -> sweeps.add(
                new SweepResult.ScenarioSweep(name, seeds.get(name), bySeed, Medians.of(bySeed))));
        return new StudyMerge(new SweepResult(sweeps, 0, wall, references / Math.max(wall, 1e-9)), scenarios);
    }

    private static boolean sameComparison(PlannedRun a, PlannedRun b) {
        return a.scenario().equals(b.scenario()) && a.seed() == b.seed();
    }

    public SweepResult result() {
        return result;
    }

    /** Each scenario of the study by name, as its file reads (its own seed). */
    public Map<String, Scenario> scenarios() {
        return scenarios;
    }
}
