package org.cmmalab.harness.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.cmmalab.discardfault.Stress;
import org.cmmalab.discardfault.StressResult;
import org.cmmalab.harness.InputError;
import org.cmmalab.pagestates.Race;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cmma stress}: real threads against the concurrent core ({@link Stress}); the exit status
 * is 0 only if every invariant held.
 */
@Command(name = "stress", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run guest vCPU threads and a host reclaim thread against the race-safe page-state protocols"
                + " and check the invariants: no lost page, no illegal state, every frame accounted for.")
final class StressCommand implements Callable<Integer> {
    /** Longer than a day is surely a typo; the run holds its threads for all of it. */
    private static final double MAX_SECONDS = 86_400;
    private static final int MAX_THREADS = 256;

    @Option(names = "--seconds", defaultValue = "10", paramLabel = "S",
            description = "How long the threads run. Default: ${DEFAULT-VALUE}.")
    double seconds;

    @Option(names = "--threads", defaultValue = "2", paramLabel = "T",
            description = "Guest vCPU threads; one host thread runs besides them. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N",
            description = "Seeds each thread's choice of operations (the interleaving is the machine's). Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (!(seconds > 0) || seconds > MAX_SECONDS) {
            throw new InputError("--seconds must be more than 0 and at most " + (long) MAX_SECONDS + ", was " + seconds);
        }
        if (threads < 1 || threads > MAX_THREADS) {
            throw new InputError("--threads must be 1 to " + MAX_THREADS + ", was " + threads);
        }
        StressResult r = Stress.run(threads, seconds, seed);
        if (json) {
            System.out.println(new ObjectMapper().writeValueAsString(toJson(r)));
        } else {
            print(r);
        }
        return r.clean() ? 0 : 1;
    }

    static Map<String, Object> toJson(StressResult r) {
        Map<String, Object> races = new LinkedHashMap<>();
        for (Race race : Race.values()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("race", race.title());
            long[] values = r.races().get(race);
            for (int i = 0; i < values.length; i++) {
                one.put(race.counts().get(i), values[i]);
            }
            races.put(Integer.toString(race.number()), one);
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("threads", r.vcpus());
        o.put("seconds", r.seconds());
        o.put("operations", r.operations());
        o.put("stateChanges", r.stateChanges());
        o.put("stateChangesPerSecond", Math.round(r.stateChangesPerSecond()));
        o.put("discardFaults", r.discardFaults());
        o.put("races", races);
        o.put("lostPages", r.lostPages());
        o.put("illegalStates", r.illegalStates());
        o.put("accountingErrors", r.accountingErrors());
        o.put("clean", r.clean());
        o.put("failure", r.failure());
        return o;
    }

    private static void print(StressResult r) {
        System.out.printf("cmma stress: %d vCPU thread%s and 1 host thread for %.1f s%n%n", r.vcpus(),
                r.vcpus() == 1 ? "" : "s", r.seconds());
        row("operations", r.operations(), "guest kernel entries and host steps");
        row("state changes", r.stateChanges(), String.format("%,.0f per second", r.stateChangesPerSecond()));
        row("discard faults", r.discardFaults(), "mapped loads that hit a discarded frame");
        System.out.println("  races met and how they were resolved (docs/races.md):");
        for (Race race : Race.values()) {
            long[] values = r.races().get(race);
            StringBuilder counts = new StringBuilder();
            for (int i = 0; i < values.length; i++) {
                counts.append(i == 0 ? "" : ", ").append(race.counts().get(i)).append(String.format(" %,d", values[i]));
            }
            System.out.printf("    race %d  %-34s %s%n", race.number(), race.title(), counts);
        }
        row("lostPages", r.lostPages(), "must be 0");
        row("illegalStates", r.illegalStates(), "must be 0");
        row("accounting errors", r.accountingErrors(), "must be 0");
        System.out.println();
        if (r.clean()) {
            System.out.println("invariants held");
        } else {
            System.out.println("INVARIANTS BROKEN" + (r.failure() != null ? ": " + r.failure() : ""));
        }
    }

    private static void row(String name, long value, String meaning) {
        System.out.printf("  %-18s %,15d   %s%n", name, value, meaning);
    }
}
