package org.cmmalab.harness.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.cmmalab.discardfault.Stress;
import org.cmmalab.discardfault.StressResult;
import org.cmmalab.harness.InputError;
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
        races.put("makeStableLostToDiscard", r.races().makeStableLostToDiscard());
        races.put("makeVolatileGaveUp", r.races().makeVolatileGaveUp());
        races.put("lateDiscardFaults", r.races().lateDiscardFaults());
        races.put("storesDuringWriteOut", r.races().storesDuringWriteOut());
        races.put("freesDuringWriteOut", r.races().freesDuringWriteOut());
        races.put("splitsAndMergesInUse", r.races().splitsAndMergesInUse());
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("threads", r.vcpus());
        o.put("seconds", r.seconds());
        o.put("operations", r.operations());
        o.put("stateChanges", r.stateChanges());
        o.put("stateChangesPerSecond", Math.round(r.stateChangesPerSecond()));
        o.put("discardFaults", r.discardFaults());
        o.put("racesDetected", r.racesDetected());
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
        row("races detected", r.racesDetected(), "met and resolved by the protocols (docs/state-model.md section 6):");
        StressResult.Races races = r.races();
        race(1, "make-stable lost to a discard, page read again", races.makeStableLostToDiscard());
        race(2, "make-volatile found the lock held, gave up", races.makeVolatileGaveUp());
        race(3, "discard-fault handler found its page gone", races.lateDiscardFaults());
        race(4, "store during a write-out, frame kept", races.storesDuringWriteOut());
        race(5, "free during a write-out, copy dropped", races.freesDuringWriteOut());
        race(6, "2 MiB block split or merged while in use", races.splitsAndMergesInUse());
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

    private static void race(int race, String what, long value) {
        System.out.printf("    race %d  %-46s %,12d%n", race, what, value);
    }
}
