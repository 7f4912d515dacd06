package org.cmmalab.jmh;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The performance budgets of the frame table, checked against one run's results and stated
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
 *       layout rather than of the code.</li>
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

    private static final String READ_ONLY = "_" + EssaCycle.GET_STATE;

    private Budgets() {
    }

    /** One line per budget, each starting with {@code met}, {@code NOT met} or {@code not checked}. */
    static List<String> check(List<JmhResult> results) {
        List<String> lines = new ArrayList<>();
        lines.add(casBudget(results));
        lines.add(allocationBudget(results));
        lines.add(largeFrameBudget(results));
        return lines;
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
