package org.cmmalab.jmh;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The performance budgets, checked against one run's results and stated
 * plainly as met or NOT met, or as not checked when the run lacks what a budget needs:
 * <ol>
 *   <li>an ESSA state change on a 4 KiB frame costs at most {@value #CAS_FACTOR} times the bare
 *       compareAndSet baseline;</li>
 *   <li>it allocates nothing: {@code gc.alloc.rate.norm} (from {@code -prof gc}) below
 *       {@value #ZERO_BYTES} B/op for every {@code essa4k} operation; JMH's own bookkeeping
 *       shows up as a few ten-thousandths, one 16-byte object per call as 16;</li>
 *   <li>a 2 MiB state change costs the same as a 4 KiB one, within the same factor
 *       {@value #LARGE_FACTOR}, against {@code essa4kRunBases}, which makes 4 KiB changes on the
 *       very entries {@code essa2m} touches. The ratio to the sequential {@code essa4k} walk is
 *       printed beside it: that one adds a cache line per call, a property of the table's
 *       layout rather than of the code;</li>
 *   <li>the whole replay stack (guest, frame tables, host LRU, discard faults; {@code
 *       ReplayBenchmark.stack} with hints on) replays a trace at no less than
 *       {@code 1/}{@value #REPLAY_FACTOR} of the speed of a bare LinkedHashMap LRU cache over the
 *       same page numbers ({@code ReplayBenchmark.lruMap}) with as many entries as the host has
 *       frames, per reference, in the same run: one verdict per frame count. The stack with hints
 *       off is printed beside it;</li>
 *   <li>host reclaim of one frame allocates nothing: {@code gc.alloc.rate.norm} below
 *       {@value #ZERO_BYTES} B/op for every {@code ReclaimBenchmark} (per reclaimed frame).</li>
 * </ol>
 * The cost of "a state change" is the median over the state-changing operations (all but
 * GET_STATE). They all run the same code, one table load and one compare-and-set, so their
 * spread is noise: on a shared two-core machine one operation's whole measurement can land in
 * a burst of other work. The range is printed beside the median, and a verdict built on scores
 * whose spread exceeds {@value #NOISY} is marked as noisy: rerun it on a quiet machine.
 */
final class Budgets {
    static final double CAS_FACTOR = 1.2;
    static final double LARGE_FACTOR = 1.2;
    static final double ZERO_BYTES = 0.01;
    static final double NOISY = 0.1;

    /** The ESSA benchmarks are named {@code essa4k_<ORC>} and {@code essa2m_<ORC>}. */
    static final String ESSA_4K = "StateChangeBenchmark.essa4k_";
    static final String ESSA_2M = "StateChangeBenchmark.essa2m_";
    static final String RUN_BASES = "StateChangeBenchmark.essa4kRunBases";
    static final String CAS = "StateChangeBenchmark.compareAndSet";
    static final String SHORT_CAS = "StateChangeBenchmark.compareAndSetShort";
    static final int REPLAY_FACTOR = 3;
    static final String STACK = "ReplayBenchmark.stack";
    static final String LRU_MAP = "ReplayBenchmark.lruMap";
    static final String RECLAIM = "ReclaimBenchmark.";

    private static final String READ_ONLY = "_" + EssaCycle.GET_STATE;

    private Budgets() {
    }

    /** One line per budget, each starting with {@code met}, {@code NOT met} or {@code not checked}. */
    static List<String> check(List<JmhResult> results) {
        List<String> lines = new ArrayList<>();
        lines.add(casBudget(results));
        lines.add(allocationBudget(results));
        lines.add(largeFrameBudget(results));
        lines.addAll(replayBudgets(results));
        lines.add(reclaimAllocationBudget(results));
        return lines;
    }

    private static List<String> replayBudgets(List<JmhResult> results) {
        String budget = "the whole stack (hints on) replays at >= 1/" + REPLAY_FACTOR
                + " the speed of a LinkedHashMap LRU";
        List<JmhResult> stacks = results.stream()
                .filter(r -> r.benchmark().equals(STACK) && "true".equals(r.param("hints"))).toList();
        if (stacks.isEmpty()) {
            return List.of(notChecked(budget, "the run has no ReplayBenchmark.stack with hints=true"));
        }
        List<String> lines = new ArrayList<>();
        for (JmhResult stack : stacks) {
            String trace = stack.param("trace");
            String frames = stack.param("hostFrames");
            String name = budget + " (" + (trace == null ? "" : Path.of(trace).getFileName() + ", ") + frames + " frames)";
            Optional<JmhResult> map = results.stream().filter(r -> r.benchmark().equals(LRU_MAP)
                    && Objects.equals(trace, r.param("trace")) && Objects.equals(frames, r.param("hostFrames"))).findFirst();
            if (map.isEmpty() || !map.get().unit().equals(stack.unit())) {
                lines.add(notChecked(name, "the run has no ReplayBenchmark.lruMap with the same trace and frames"));
                continue;
            }
            double base = map.get().median();
            String detail = String.format(Locale.ROOT, "stack %s vs lruMap %s %s: %.2fx the speed (%.1fx the time per reference)",
                    Summary.number(stack.median()), Summary.number(base), stack.unit(), base / stack.median(),
                    stack.median() / base);
            Optional<JmhResult> off = results.stream().filter(r -> r.benchmark().equals(STACK)
                    && "false".equals(r.param("hints")) && Objects.equals(trace, r.param("trace"))
                    && Objects.equals(frames, r.param("hostFrames"))).findFirst();
            if (off.isPresent()) {
                detail += String.format(Locale.ROOT, "; hints off %s %s, %.2fx the speed",
                        Summary.number(off.get().median()), off.get().unit(), base / off.get().median());
            }
            lines.add(verdict(stack.median() <= REPLAY_FACTOR * base, name, detail + noise(List.of(stack), map.get())));
        }
        return lines;
    }

    private static String reclaimAllocationBudget(List<JmhResult> results) {
        String budget = "host reclaim of one frame allocates nothing";
        List<JmhResult> reclaims = results.stream().filter(r -> r.benchmark().startsWith(RECLAIM)).toList();
        if (reclaims.isEmpty()) {
            return notChecked(budget, "the run has no ReclaimBenchmark");
        }
        if (reclaims.stream().anyMatch(r -> r.allocNorm().isEmpty())) {
            return notChecked(budget, "no gc.alloc.rate.norm in the results; run with -prof gc");
        }
        JmhResult worst = reclaims.stream()
                .max(Comparator.comparingDouble(r -> r.allocNorm().getAsDouble())).orElseThrow();
        double bytes = worst.allocNorm().getAsDouble();
        return verdict(bytes < ZERO_BYTES, budget, String.format(Locale.ROOT,
                "at most %.4f B per reclaimed frame (gc.alloc.rate.norm, %s%s; %d benchmarks)",
                bytes, worst.method(), worst.params().isEmpty() ? "" : " " + worst.params(), reclaims.size()));
    }

    private static String casBudget(List<JmhResult> results) {
        String budget = "ESSA state change on a 4 KiB frame costs <= " + CAS_FACTOR + "x the bare compareAndSet";
        List<JmhResult> changes = stateChanges(results, ESSA_4K);
        Optional<JmhResult> cas = find(results, CAS);
        if (changes.isEmpty() || cas.isEmpty()) {
            return notChecked(budget, "the run has no essa4k state changes or no compareAndSet baseline");
        }
        String detail = compare(changes, "essa4k", cas.get());
        Optional<JmhResult> shortCas = find(results, SHORT_CAS);
        if (shortCas.isPresent()) {
            detail += String.format(Locale.ROOT, "; %.2fx the same CAS on a short[] (compareAndSetShort)",
                    typical(changes) / shortCas.get().median());
        }
        return verdict(typical(changes) / cas.get().median() <= CAS_FACTOR, budget,
                detail + noise(changes, cas.get()));
    }

    private static String allocationBudget(List<JmhResult> results) {
        String budget = "ESSA state change on a 4 KiB frame allocates 0 bytes";
        List<JmhResult> changes = stateChanges(results, ESSA_4K);
        if (changes.isEmpty()) {
            return notChecked(budget, "the run has no essa4k state changes");
        }
        if (changes.stream().anyMatch(r -> r.allocNorm().isEmpty())) {
            return notChecked(budget, "no gc.alloc.rate.norm in the results; run with -prof gc");
        }
        JmhResult worst = changes.stream()
                .max(Comparator.comparingDouble(r -> r.allocNorm().getAsDouble())).orElseThrow();
        double bytes = worst.allocNorm().getAsDouble();
        return verdict(bytes < ZERO_BYTES, budget, String.format(Locale.ROOT, "at most %.4f B/op (gc.alloc.rate.norm, %s)",
                bytes, worst.method()));
    }

    private static String largeFrameBudget(List<JmhResult> results) {
        String budget = "2 MiB state change costs the same as a 4 KiB one (within " + LARGE_FACTOR + "x)";
        List<JmhResult> large = stateChanges(results, ESSA_2M);
        Optional<JmhResult> control = find(results, RUN_BASES);
        if (large.isEmpty() || control.isEmpty()) {
            return notChecked(budget, "the run has no essa2m state changes or no essa4kRunBases");
        }
        String detail = compare(large, "essa2m", control.get());
        List<JmhResult> small = stateChanges(results, ESSA_4K);
        if (!small.isEmpty()) {
            detail += String.format(Locale.ROOT, "; %.2fx the sequential essa4k walk", typical(large) / typical(small));
        }
        return verdict(typical(large) / control.get().median() <= LARGE_FACTOR, budget,
                detail + noise(large, control.get()));
    }

    /** Such as "essa4k 3.80 vs compareAndSet 3.40 ns/op: 1.12x (7 operations 1.05x to 1.31x, worst essa4k_SET_UNUSED)". */
    private static String compare(List<JmhResult> changes, String name, JmhResult baseline) {
        double base = baseline.median();
        JmhResult best = changes.stream().min(Comparator.comparingDouble(JmhResult::median)).orElseThrow();
        JmhResult worst = changes.stream().max(Comparator.comparingDouble(JmhResult::median)).orElseThrow();
        return String.format(Locale.ROOT, "%s %s vs %s %s %s: %.2fx (%d operations %.2fx to %.2fx, worst %s)",
                name, Summary.number(typical(changes)), baseline.method(), Summary.number(base), baseline.unit(),
                typical(changes) / base, changes.size(), best.median() / base, worst.median() / base, worst.method());
    }

    /** A warning if the spread of any of these scores exceeds {@link #NOISY}, else nothing. */
    private static String noise(List<JmhResult> changes, JmhResult baseline) {
        double spread = Math.max(baseline.spread(),
                changes.stream().mapToDouble(JmhResult::spread).max().orElse(0));
        return spread > NOISY ? "; NOISY, spread up to " + Summary.percent(spread) + ": rerun on a quiet machine" : "";
    }

    /** The median of the benchmarks' medians. */
    private static double typical(List<JmhResult> changes) {
        return JmhResult.median(changes.stream().mapToDouble(JmhResult::median).toArray());
    }

    private static List<JmhResult> stateChanges(List<JmhResult> results, String prefix) {
        Predicate<JmhResult> change = r -> r.benchmark().startsWith(prefix) && !r.benchmark().endsWith(READ_ONLY);
        return results.stream().filter(change).toList();
    }

    private static Optional<JmhResult> find(List<JmhResult> results, String benchmark) {
        return results.stream().filter(r -> r.benchmark().equals(benchmark)).findFirst();
    }

    private static String verdict(boolean met, String budget, String detail) {
        return String.format(Locale.ROOT, "%-13s%s: %s", met ? "met" : "NOT met", budget, detail);
    }

    private static String notChecked(String budget, String why) {
        return String.format(Locale.ROOT, "%-13s%s: %s", "not checked", budget, why);
    }
}
