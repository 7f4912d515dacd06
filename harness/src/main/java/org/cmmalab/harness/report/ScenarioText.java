package org.cmmalab.harness.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.cmmalab.harness.scenario.Scenario;
import org.cmmalab.harness.sim.Machine;
import org.cmmalab.harness.yaml.YamlMapping;

/**
 * A scenario told in words and numbers, as a report's reader needs it to judge the results: the
 * guests and what they run, the host's memory at each ratio, its paging device and reclaim, the
 * time simulated and the warm-up left out, the policies and their settings. Plain text, one
 * sentence a line; the page escapes it.
 */
final class ScenarioText {
    private static final long FRAMES_PER_MIB = 256;

    private ScenarioText() {
    }

    /** The sentences for {@code s} as run: at {@code ratios}, under {@code policies} (options may override the file's). */
    static List<String> sentences(Scenario s, List<Double> ratios, List<String> policies) {
        List<String> lines = new ArrayList<>();
        for (Scenario.GuestGroup g : s.guests()) {
            lines.add(guests(g));
        }
        lines.add(String.format(Locale.ROOT, "Guest memory in all: %,d MiB (the guests' maximum memory, which the "
                + "overcommit ratio divides).", s.guestFrames() / FRAMES_PER_MIB));
        lines.add(hostMemory(s, ratios));
        Scenario.Host h = s.host();
        lines.add(String.format(Locale.ROOT, "Host: %s mode, %s replacement, reclaim from %s to %s of its memory free; "
                        + "paging device: %s, %s a page in and %s a page out, %d page%s at once. Guest disks: %s a page read, "
                        + "%s a page written.", h.mode().id(), h.replacement().toUpperCase(Locale.ROOT),
                percent(h.lowWatermark()), percent(h.highWatermark()), h.device(), time(s.costs().pageIn()),
                time(s.costs().pageOut()), h.pagingChannels(), h.pagingChannels() == 1 ? "" : "s",
                time(s.costs().guestDiskRead()), time(s.costs().guestDiskWrite())));
        lines.add(String.format(Locale.ROOT, "Each run simulates %s s of virtual time; the first %s s are a warm-up, "
                        + "left out of the metrics. Host memory is sampled every %s s. Seed %d.",
                number(s.durationSeconds()), number(s.warmupSeconds()), number(h.sampleSeconds()), s.seed()));
        lines.add("Policies: " + policies(s, policies) + ".");
        if (s.migration() != null) {
            lines.add(String.format(Locale.ROOT, "Every guest is live-migrated at %s s of virtual time, over a link of "
                            + "%s Gbit/s of its own, with a downtime limit of %s.", number(s.migration().startNanos() / 1e9),
                    number(s.migration().bitsPerSecond() / 1e9), time(s.migration().downtimeNanos())));
        }
        return lines;
    }

    /** The host's memory at each ratio, in MiB, as the runs had it. */
    private static String hostMemory(Scenario s, List<Double> ratios) {
        if (s.host().fixedMemory()) {
            return String.format(Locale.ROOT, "Host memory: fixed at %,d MiB (overcommit %s).", s.host().memoryMiB(),
                    ComparisonNumbers.ratio(ratios.get(0)));
        }
        List<String> each = new ArrayList<>();
        for (double ratio : ratios) {
            each.add(ComparisonNumbers.significant(capacityMiB(s, ratio)) + " MiB at " + ComparisonNumbers.ratio(ratio));
        }
        return "Host memory for the guests: " + String.join(", ", each) + ".";
    }

    /** The host's memory for its guests at {@code ratio}, in MiB (its whole 4 KiB frames). */
    static double capacityMiB(Scenario s, double ratio) {
        return Machine.hostFrames(s, ratio) / (double) FRAMES_PER_MIB;
    }

    private static String guests(Scenario.GuestGroup g) {
        String names = g.count() == 1 ? g.name() + "-0" : g.name() + "-0 to " + g.name() + "-" + (g.count() - 1);
        String max = g.maxMemoryMiB() > g.memoryMiB()
                ? String.format(Locale.ROOT, " (at most %,d MiB: the rest starts in its balloon)", g.maxMemoryMiB()) : "";
        String swap = g.swapMiB() == 0 ? "no swap" : String.format(Locale.ROOT, "%,d MiB of swap", g.swapMiB());
        return String.format(Locale.ROOT, "%d guest%s (%s) of %,d MiB%s, %s, running %s.", g.count(),
                g.count() == 1 ? "" : "s", names, g.memoryMiB(), max, swap, workload(g));
    }

    /** The workload's name and its parameters as the workload holds them (its record's components). */
    private static String workload(Scenario.GuestGroup g) {
        String record = g.workload().toString();
        int open = record.indexOf('[');
        String params = open >= 0 && record.endsWith("]") ? record.substring(open + 1, record.length() - 1) : "";
        return g.workload().name() + (params.isEmpty() ? "" : " (" + params + ")");
    }

    private static String policies(Scenario s, List<String> policies) {
        List<String> each = new ArrayList<>();
        for (String policy : policies) {
            List<String> settings = new ArrayList<>();
            for (String part : policy.split("\\+")) {
                YamlMapping params = s.policyParams().get(part);
                if (params != null) {
                    settings.add(part + ": " + params.describe());
                }
            }
            each.add(settings.isEmpty() ? policy : policy + " (" + String.join("; ", settings) + ")");
        }
        return String.join(", ", each);
    }

    private static String percent(double fraction) {
        return number(fraction * 100) + "%";
    }

    /** Nanoseconds as people say them: {@code 100 us}, {@code 5 ms}, {@code 2 s}. */
    static String time(long nanos) {
        if (nanos >= 1_000_000_000L) {
            return number(nanos / 1e9) + " s";
        }
        if (nanos >= 1_000_000L) {
            return number(nanos / 1e6) + " ms";
        }
        if (nanos >= 1_000L) {
            return number(nanos / 1e3) + " us";
        }
        return nanos + " ns";
    }

    private static String number(double value) {
        return ComparisonNumbers.exact(value);
    }
}
