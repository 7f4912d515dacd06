package org.cmmalab.harness.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.cmmalab.harness.result.Comparison;
import org.cmmalab.harness.result.Metric;
import org.cmmalab.harness.result.RunResult;

/**
 * What a comparison found, in a few lines computed from its results: at each overcommit ratio,
 * which policy leads on the headline metric, by how much over the next and the last, and at what
 * I/O cost, each policy's I/O beside it. The console prints these lines under the table, and the
 * page shows the same lines at its top.
 *
 * <p>The headline is the first of {@link #HEADLINES} that some run measured: throughput for a
 * serving workload, the job's time for a finite one. Leaders are the policies whose value, as
 * shown, equals the best; margins are of the values as measured. I/O is counted in pages:
 * {@link #HOST_PAGING} on the host's paging device, {@link #GUEST_IO} on the guests' own disks.
 */
public final class Finding {
    /** Candidates for the headline, in order of preference. */
    static final List<Metric> HEADLINES = List.of(Metric.THROUGHPUT, Metric.JOB_SECONDS);
    /** The host's paging I/O. */
    public static final List<Metric> HOST_PAGING = List.of(Metric.HOST_PAGE_INS, Metric.HOST_PAGE_OUTS);
    /** The guests' own I/O: reads and writes of their disks and swap. */
    public static final List<Metric> GUEST_IO = List.of(Metric.GUEST_DISK_READS, Metric.GUEST_DISK_WRITES,
            Metric.GUEST_SWAP_INS, Metric.GUEST_SWAP_OUTS);

    private Finding() {
    }

    /** The lines, without indentation or line ends. */
    public static List<String> lines(Comparison comparison) {
        Metric headline = headline(comparison);
        List<String> lines = new ArrayList<>();
        if (headline == null) {
            lines.add("No run measured " + String.join(" or ", HEADLINES.stream().map(Metric::key).toList())
                    + ": the table has the rest.");
            return lines;
        }
        lines.add(String.format(Locale.ROOT, "Finding, by %s (%s, %s is better); I/O in pages, host paging (%s) / "
                        + "guest disk and swap (%s):", headline.key(), headline.unit(), headline.better().words(),
                keys(HOST_PAGING), keys(GUEST_IO)));
        for (ComparisonBlock block : ComparisonBlock.of(comparison)) {
            lines.addAll(ratio(block, headline));
        }
        return lines;
    }

    /** The metric the finding is about, or null if no run measured any of {@link #HEADLINES}. */
    static Metric headline(Comparison comparison) {
        for (Metric metric : HEADLINES) {
            for (RunResult run : comparison.results()) {
                double v = run.get(metric);
                if (Double.isFinite(v) && v != 0) {
                    return metric;
                }
            }
        }
        return null;
    }

    /** Two lines for one ratio: who leads and by how much; every policy's I/O, best first. */
    private static List<String> ratio(ComparisonBlock block, Metric headline) {
        List<RunResult> ranked = new ArrayList<>();
        for (String policy : block.policies()) {
            RunResult run = block.result(policy);
            if (run != null && Double.isFinite(run.get(headline))) {
                ranked.add(run);
            }
        }
        Comparator<RunResult> byValue = Comparator.comparingDouble(r -> r.get(headline));
        ranked.sort(headline.better() == Metric.Better.HIGHER ? byValue.reversed() : byValue);
        String ratio = "at " + ComparisonNumbers.ratio(block.overcommit()) + ": ";
        if (ranked.isEmpty()) {
            return List.of(ratio + "no run measured " + headline.key());
        }
        String best = shown(headline, ranked.get(0));
        List<RunResult> leaders = ranked.stream().filter(r -> shown(headline, r).equals(best)).toList();
        StringBuilder lead = new StringBuilder(ratio);
        if (leaders.size() == ranked.size()) {
            lead.append(leaders.size() == 1 ? leaders.get(0).policy() + " alone" : "all policies equal")
                    .append(" at ").append(best).append(' ').append(headline.unit());
        } else {
            lead.append(names(leaders)).append(leaders.size() == 1 ? " leads" : " lead (equal)").append(" with ")
                    .append(best).append(' ').append(headline.unit()).append(": ");
            RunResult next = ranked.get(leaders.size());
            RunResult last = ranked.get(ranked.size() - 1);
            lead.append(margin(headline, leaders.get(0), next));
            if (!shown(headline, last).equals(shown(headline, next))) {
                lead.append(", ").append(margin(headline, leaders.get(0), last));
            }
        }
        if (!block.violations().isEmpty()) {
            lead.append(" (NOT VALID: an invariant broke at this ratio)");
        }
        StringBuilder io = new StringBuilder(" ".repeat(ratio.length())).append("I/O: ");
        for (int i = 0; i < ranked.size(); i++) {
            RunResult r = ranked.get(i);
            io.append(i == 0 ? "" : ", ").append(r.policy()).append(' ').append(pages(r, HOST_PAGING)).append(" / ")
                    .append(pages(r, GUEST_IO));
        }
        return List.of(lead.toString(), io.toString());
    }

    /** {@code 10.1% above balloon-vmrm (6,531)}: how far {@code leader} is from {@code other}, in its direction. */
    private static String margin(Metric headline, RunResult leader, RunResult other) {
        double a = leader.get(headline);
        double b = other.get(headline);
        String how = headline.better() == Metric.Better.HIGHER ? " above " : " below ";
        String percent = b == 0 ? "infinitely" : percent(Math.abs(a - b) / Math.abs(b) * 100) + "%";
        return percent + how + other.policy() + " (" + shown(headline, other) + ")";
    }

    /** Two decimals below 1%, one above: {@code 0.33}, {@code 10.1}. */
    private static String percent(double p) {
        return String.format(Locale.ROOT, p < 1 ? "%.2f" : "%.1f", p);
    }

    private static String pages(RunResult run, List<Metric> metrics) {
        double sum = 0;
        for (Metric m : metrics) {
            sum += run.get(m);
        }
        return String.format(Locale.ROOT, "%,d", Math.round(sum));
    }

    private static String shown(Metric metric, RunResult run) {
        return ComparisonNumbers.readable(metric, run.get(metric));
    }

    private static String names(List<RunResult> runs) {
        return String.join(" and ", runs.stream().map(RunResult::policy).toList());
    }

    private static String keys(List<Metric> metrics) {
        return String.join(" + ", metrics.stream().map(Metric::key).toList());
    }
}
