package org.cmmalab.harness.experiment.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.cmmalab.harness.InputError;
import org.cmmalab.harness.experiment.heap.RunHeap;
import org.cmmalab.harness.policy.Policy;
import org.cmmalab.harness.policy.registry.Policies;
import org.cmmalab.harness.scenario.Density;
import org.cmmalab.harness.scenario.Scenario;

/**
 * Every task of a study, in the order the study runs and reports them, as JSON lines: line
 * {@code i + 1} is task {@code i} ({@link PlannedTask}). A sweep's order is the one
 * {@link org.cmmalab.harness.experiment.comparison.Sweep} runs: scenario by scenario, seed by
 * seed, ratio by ratio, policy by policy; a density search's, its policies' order.
 */
public final class StudyPlan {
    /** The heap ./cmma gives the JVM (-Xmx8g): a planned density search's at most. */
    static final int SEARCH_HEAP_MIB = 8192;

    private StudyPlan() {
    }

    /** A scenario of a sweep: the file it came from, its text, and the scenario read from it. */
    public record SweepScenario(String file, String text, Scenario scenario) {
    }

    /** The runs of a sweep of {@code scenarios} at {@code seeds} (empty: each scenario at its own seed). */
    public static List<PlannedTask> sweep(List<SweepScenario> scenarios, List<Long> seeds) {
        List<PlannedTask> runs = new ArrayList<>();
        int total = 0;
        for (SweepScenario s : scenarios) {
            total += (seeds.isEmpty() ? 1 : seeds.size()) * s.scenario().overcommit().size() * s.scenario().policies().size();
        }
        for (SweepScenario s : scenarios) {
            for (long seed : seeds.isEmpty() ? List.of(s.scenario().seed()) : seeds) {
                for (double ratio : s.scenario().overcommit()) {
                    for (String policy : s.scenario().policies()) {
                        Policy p = Policies.create(policy, s.scenario().policyParams(), InputError::new);
                        int heap = RunHeap.taskHeapMiB(RunHeap.comparisonRunMiB(s.scenario(), ratio, p.mechanisms()));
                        runs.add(new PlannedRun(runs.size(), total, s.file(), s.text(), s.scenario().name(), seed, ratio,
                                policy, heap));
                    }
                }
            }
        }
        return runs;
    }

    /**
     * The searches of a density scenario, one per policy of {@code policies}, in that order, each
     * running {@code countsPerRound} counts a round. A search's heap is what its round's runs need
     * at once at the largest count it may run (the scenario's {@code maxGuests}, every guest frame
     * resident: {@link RunHeap#densityRunMiB}), but at most {@value #SEARCH_HEAP_MIB} MiB, the heap
     * {@code ./cmma} gives a search on one machine: with less, a search's runs wait for each other's
     * heap and do not run out of it; with more than one machine has, a search could finish where
     * the one-machine search does not, and the merged study would differ from it.
     */
    public static List<PlannedTask> densitySearch(String file, String text, Scenario scenario, List<Policy> policies,
                                                  int countsPerRound) {
        List<PlannedTask> tasks = new ArrayList<>();
        Density d = scenario.density();
        for (Policy policy : policies) {
            long run = RunHeap.densityRunMiB(scenario, d.usableFrames(), d.maxGuests(), policy.mechanisms(),
                    RunHeap.Footprint.unmeasured(scenario));
            int heap = Math.min(SEARCH_HEAP_MIB, RunHeap.taskHeapMiB(run * countsPerRound));
            tasks.add(new PlannedSearch(tasks.size(), policies.size(), file, text, scenario.name(), scenario.seed(),
                    policy.name(), countsPerRound, heap));
        }
        return tasks;
    }

    /** Writes {@code runs} to {@code file}, whole or not at all; an error names a file that cannot be written. */
    public static void write(List<PlannedTask> runs, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(parent) || !Files.isWritable(parent)) {
            throw new InputError(file + ": cannot write a plan there: " + parent
                    + (Files.isDirectory(parent) ? " is not writable" : " is not a directory"));
        }
        if (Files.isDirectory(file)) {
            throw new InputError(file + ": is a directory; a plan is a file");
        }
        ObjectMapper mapper = new ObjectMapper();
        StringBuilder lines = new StringBuilder();
        for (PlannedTask r : runs) {
            lines.append(mapper.writeValueAsString(r.toJson(mapper))).append('\n');
        }
        Path partial = Files.createTempFile(parent, ".plan-", ".partial");
        try {
            Files.writeString(partial, lines, StandardCharsets.UTF_8);
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** Task {@code index} of the plan in {@code file}; one clear error for a bad file or index. */
    public static PlannedTask read(Path file, int index) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InputError(file + ": no such file");
        } catch (IOException e) {
            throw new InputError(file + ": cannot read: " + e.getMessage());
        }
        if (index < 0 || index >= lines.size()) {
            throw new InputError(file + ": has runs 0.." + (lines.size() - 1) + "; there is no run " + index);
        }
        JsonNode n;
        try {
            n = new ObjectMapper().readTree(lines.get(index));
        } catch (IOException e) {
            throw InputError.at(file, index + 1, "not a run: " + e.getMessage());
        }
        PlannedTask run = PlannedTask.fromJson(n, file + ":" + (index + 1));
        if (run.index() != index || run.runs() != lines.size()) {
            throw InputError.at(file, index + 1, "run " + run.index() + " of " + run.runs() + " where run " + index
                    + " of " + lines.size() + " belongs: the plan was edited or put together from several");
        }
        return run;
    }
}
