package org.cmmalab.jmh;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The summary's comparisons of the model's paths with the bare operations they are built on, all
 * from one run: each guest hint path against the bare ESSA it issues, the discard-fault round
 * trip against a touch that hits, and host reclaim per frame against the frame table's own
 * RECLAIM transition. Informational: the budgets are {@link Budgets}.
 */
final class Comparisons {
    static final String ALLOC_FREE = "StateChangeBenchmark.guestAllocFree";
    static final String READ = "StateChangeBenchmark.guestRead";
    static final String ROUND_TRIP = "DiscardFaultBenchmark.roundTrip";
    static final String RESIDENT_TOUCH = "DiscardFaultBenchmark.residentTouch";
    static final String TABLE_RECLAIM = "StateChangeBenchmark.hostReclaimVolatile";

    private Comparisons() {
    }

    /** The comparison lines for what the run has; none for what it lacks. */
    static List<String> lines(List<JmhResult> results, OptionalDouble ghz) {
        List<String> lines = new ArrayList<>();
        hintPath(results, ALLOC_FREE, "allocPages(0) then freePages: SET_STABLE, SET_UNUSED", 1,
                Budgets.ESSA_4K + EssaCycle.SET_STABLE).ifPresent(lines::add);
        hintPath(results, READ, "read(2) of a volatile cached page: SET_STABLE_IF_RESIDENT, SET_VOLATILE", 2,
                Budgets.ESSA_4K + EssaCycle.SET_STABLE_IF_RESIDENT).ifPresent(lines::add);
        Optional<JmhResult> trip = find(results, ROUND_TRIP, null);
        Optional<JmhResult> touch = find(results, RESIDENT_TOUCH, null);
        if (trip.isPresent() && touch.isPresent()) {
            lines.add(String.format(Locale.ROOT, "discard fault round trip (fault, drop, re-read, retry): %s ns = %.1fx a"
                    + " mapped touch that hits (residentTouch %s ns)%s; the harness charges 5 us + a 100 us re-read",
                    Summary.number(trip.get().median()), trip.get().median() / touch.get().median(),
                    Summary.number(touch.get().median()), cycles(trip.get().median(), ghz)));
        }
        Optional<JmhResult> table = find(results, TABLE_RECLAIM, null);
        for (JmhResult r : results) {
            if (r.benchmark().startsWith(Budgets.RECLAIM)) {
                lines.add(String.format(Locale.ROOT, "host reclaim per frame, %s%s: %s ns%s%s; PPR host recycle ~6500 cycles",
                        r.method(), r.params().isEmpty() ? "" : " " + r.params(), Summary.number(r.median()),
                        cycles(r.median(), ghz), table.map(t -> String.format(Locale.ROOT,
                                " = %.1fx the table's RECLAIM cycle alone (hostReclaimVolatile)", r.median() / t.median()))
                                .orElse("")));
            }
        }
        return lines;
    }

    /**
     * One hint path: the whole path per ESSA against the bare ESSA of the same cycle, and what the
     * hints add to the path (hints on less hints off) per ESSA against it.
     */
    private static Optional<String> hintPath(List<JmhResult> results, String benchmark, String what, int essaPerCall,
                                             String bare) {
        Optional<JmhResult> on = find(results, benchmark, "true");
        Optional<JmhResult> essa = find(results, bare, null);
        if (on.isEmpty() || essa.isEmpty()) {
            return Optional.empty();
        }
        double bareNs = essa.get().median();
        double perEssa = on.get().median() / essaPerCall;
        String line = String.format(Locale.ROOT, "%s (%s): %s ns a call, %d ESSA; per ESSA %.1fx the bare %s (%s ns)",
                on.get().method(), what, Summary.number(on.get().median()), essaPerCall, perEssa / bareNs,
                essa.get().method(), Summary.number(bareNs));
        Optional<JmhResult> off = find(results, benchmark, "false");
        if (off.isPresent()) {
            double added = (on.get().median() - off.get().median()) / essaPerCall;
            line += String.format(Locale.ROOT, "; hints off %s ns, so each hint adds %s ns = %.1fx the bare ESSA",
                    Summary.number(off.get().median()), Summary.number(added), added / bareNs);
        }
        return Optional.of(line);
    }

    private static String cycles(double ns, OptionalDouble ghz) {
        return ghz.isPresent() ? String.format(Locale.ROOT, " (~%.0f cycles)", ns * ghz.getAsDouble()) : "";
    }

    /** The result of {@code benchmark}, with {@code hints} equal to the given value unless that is null. */
    private static Optional<JmhResult> find(List<JmhResult> results, String benchmark, String hints) {
        return results.stream().filter(r -> r.benchmark().equals(benchmark)
                && (hints == null || hints.equals(r.param("hints")))).findFirst();
    }
}
