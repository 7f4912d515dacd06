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
import org.cmmalab.harness.result.DensityResult;
import org.cmmalab.harness.result.Medians;
import org.cmmalab.harness.result.RunResult;
import org.cmmalab.harness.result.SweepResult;
import org.cmmalab.harness.scenario.Scenario;

/**
 * A study rebuilt from its tasks' result documents ({@link TaskRecord}), in the plan's order, into
 * exactly what the study gives on one machine, so that every report of it is the same:
 * <ul>
 *   <li>a sweep: the same {@link SweepResult}, comparison by comparison, and the same medians;
 *       its wall time is the sum of the runs' own, and its thread count 0 ("run apart");</li>
 *   <li>a density search: the same {@link DensityResult}, the policies' searches side by side;
 *       its wall time is the sum of the searches' own (each run's wall time is its own).</li>
 * </ul>
 */
public final class StudyMerge {
    private final SweepResult sweep;
    private final DensityResult density;
    private final Map<String, Scenario> scenarios;

    private StudyMerge(SweepResult sweep, DensityResult density, Map<String, Scenario> scenarios) {
        this.sweep = sweep;
        this.density = density;
        this.scenarios = scenarios;
    }

    /** The study whose results are in {@code dir}; an error names what is missing or does not belong. */
    public static StudyMerge of(Path dir) {
        List<TaskRecord> records = complete(dir);
        if (records.get(0) instanceof SearchRecord) {
            return density(records, dir);
        }
        return sweep(records, dir);
    }

    /** Every task's record in {@code dir}, in the plan's order, or an error for one missing or foreign. */
    private static List<TaskRecord> complete(Path dir) {
        TreeMap<Integer, TaskRecord> byIndex = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "run-*.json")) {
            for (Path f : files) {
                TaskRecord r = TaskRecord.read(f);
                String expected = TaskRecord.fileName(r.task().index());
                if (!f.getFileName().toString().equals(expected)) {
                    throw new InputError(f + ": holds task " + r.task().index() + ", whose file is " + expected);
                }
                byIndex.put(r.task().index(), r);
            }
        } catch (NoSuchFileException e) {
            throw new InputError(dir + ": no such directory");
        } catch (IOException e) {
            throw new InputError(dir + ": cannot read: " + e.getMessage());
        }
        if (byIndex.isEmpty()) {
            throw new InputError(dir + ": no results (run-NNNNNN.json) in it");
        }
        int runs = byIndex.firstEntry().getValue().task().runs();
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            TaskRecord r = byIndex.get(i);
            if (r == null) {
                missing.add(i);
            } else if (r.task().runs() != runs || r.getClass() != byIndex.firstEntry().getValue().getClass()) {
                throw new InputError(dir.resolve(TaskRecord.fileName(i)) + ": a result of another plan (" + r.task().runs()
                        + " tasks) beside results of a plan of " + runs + ": results of two studies in one directory");
            }
        }
        if (!missing.isEmpty() || byIndex.lastKey() >= runs) {
            throw new InputError(dir + ": " + (missing.isEmpty() ? "holds a result beyond the plan's " + runs + " tasks"
                    : missing.size() + " of " + runs + " tasks have no result yet, the first task " + missing.get(0)));
        }
        return new ArrayList<>(byIndex.values());
    }

    private static StudyMerge sweep(List<TaskRecord> records, Path dir) {
        Map<String, List<Comparison>> comparisons = new LinkedHashMap<>();
        Map<String, List<Long>> seeds = new LinkedHashMap<>();
        Map<String, Scenario> scenarios = new LinkedHashMap<>();
        double wall = 0;
        long references = 0;
        int i = 0;
        while (i < records.size()) {
            PlannedTask first = records.get(i).task();
            List<RunResult> results = new ArrayList<>();
            double comparisonWall = 0;
            long comparisonReferences = 0;
            for (; i < records.size() && sameComparison(first, records.get(i).task()); i++) {
                RunRecord r = (RunRecord) records.get(i);
                results.add(r.result());
                comparisonWall += r.wallSeconds();
                comparisonReferences += r.references();
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
        return new StudyMerge(new SweepResult(sweeps, 0, wall, references / Math.max(wall, 1e-9)), null, scenarios);
    }

    private static boolean sameComparison(PlannedTask a, PlannedTask b) {
        return a.scenario().equals(b.scenario()) && a.seed() == b.seed();
    }

    private static StudyMerge density(List<TaskRecord> records, Path dir) {
        DensityResult first = ((SearchRecord) records.get(0)).result();
        List<DensityResult.PolicyDensity> policies = new ArrayList<>();
        double wall = 0;
        for (TaskRecord r : records) {
            DensityResult d = ((SearchRecord) r).result();
            if (!d.scenario().equals(first.scenario()) || d.seed() != first.seed()) {
                throw new InputError(dir.resolve(TaskRecord.fileName(r.task().index())) + ": a search of " + d.scenario()
                        + " at seed " + d.seed() + " beside one of " + first.scenario() + " at seed " + first.seed());
            }
            policies.addAll(d.policies());
            wall += d.wallSeconds();
        }
        DensityResult merged = new DensityResult(first.scenario(), first.seed(), first.hostMemoryGiB(), first.usableGiB(),
                first.guestMiB(), policies, wall);
        PlannedTask task = records.get(0).task();
        return new StudyMerge(null, merged, Map.of(task.scenario(), task.readScenario()));
    }

    /** The sweep, or null if the study is a density search. */
    public SweepResult sweep() {
        return sweep;
    }

    /** The density search, or null if the study is a sweep. */
    public DensityResult density() {
        return density;
    }

    /** Each scenario of the study by name: as its file reads for a sweep, at the search's seed for a density search. */
    public Map<String, Scenario> scenarios() {
        return scenarios;
    }
}
