package org.cmmalab.harness.experiment.density;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;
import org.cmmalab.harness.experiment.RunPool;
import org.cmmalab.harness.experiment.Runs;
import org.cmmalab.harness.policy.Policy;
import org.cmmalab.harness.result.DensityResult;
import org.cmmalab.harness.result.Metric;
import org.cmmalab.harness.result.RunResult;
import org.cmmalab.harness.scenario.Density;
import org.cmmalab.harness.scenario.Scenario;
import org.cmmalab.harness.sim.GuestVm;
import org.cmmalab.harness.sim.Machine;

/**
 * A density search ({@link Density}): for each policy, the largest number of guests that a host
 * of the scenario's usable memory holds at the service level, found from the minimum by runs
 * that each held run's guess steers ({@link #guess}, {@link Bracket}) until the last count held
 * and the first that failed are within the tolerance. Each count is one full {@link Machine} run, a pure function of
 * scenario, count, policy and seed. Every policy's search goes on at once, each sequential in
 * itself, and their runs share {@code threads} run slots ({@link RunSlots}): runs take free slots
 * the runs of the search that has taken longest so far first, none held up by one that does not
 * fit the heap, so that the slowest searches start their long chains early and the others fill
 * the cores around them. The answer is the same on any number of threads.
 *
 * <p>Runs at full size are large (500 to 700 guests of 4 GiB on 230 GiB: 2.8 to 6 GiB of heap), so
 * a run starts only when its estimated heap fits in what the runs already going leave of
 * {@value #HEAP_SHARE} of the JVM's maximum heap ({@link #estimateMiB}, from what the policy's
 * earlier runs measured per guest); small runs share the cores with each other and with a
 * full-size one, a full-size one may wait for the others. Waiting changes when a run happens,
 * never what it computes.
 *
 * <p>The estimate can be wrong (a policy's bookkeeping depends on what the run does), so a run
 * that runs out of heap while another run went on is run again alone, with the whole budget:
 * deterministic, it computes the same. A run that ran out of heap alone bounds its policy's
 * search ({@link Bracket#outOfHeap}), which says so if its answer lies beyond
 * ({@link DensityResult.PolicyDensity#notFinished}); the other policies go on. Catching the error
 * is safe because everything a run allocates is reachable only from the run, so it is all garbage
 * once the run is abandoned.
 */
public final class DensitySearch {
    private final Scenario scenario;
    private final List<Policy> policies;
    private final Density density;
    private static final double HEAP_SHARE = 0.85;
    private static final long STOP_CHECK_NANOS = 100_000_000L;
    private final int heapBudgetMiB;
    /** The runs' slots and heap: the {@code threads} given to {@link #run} (a search is run once). */
    private RunSlots slots;

    public DensitySearch(Scenario scenario, List<Policy> policies) {
        this.scenario = scenario;
        this.policies = List.copyOf(policies);
        this.density = scenario.density();
        if (density == null) {
            throw new IllegalArgumentException("scenario " + scenario.name() + " has no density section");
        }
        this.heapBudgetMiB = (int) Math.min(Integer.MAX_VALUE, (long) (Runtime.getRuntime().maxMemory() * HEAP_SHARE) >> 20);
    }

    /**
     * The heap a run of {@code guests} guests may need at most, in MiB. Per host frame, whether
     * used or not, its {@code HostMemMap} entries and the replacement policy's links (24 bytes).
     * Per guest frame resident at the run's peak, at most the host's frames: the sparse
     * descriptors, page index and gmap entry of the guest frame (32 bytes; 56 in all per host frame
     * at the answers of {@code density.yaml}, where 49 to 58 were measured beside the frame tables;
     * no paging-device chunk, made only on a page-out), and the policy's own
     * ({@link MechanismHeap}). And the guests' frame tables. Frame tables and resident frames
     * are {@code perGuest}, with a quarter more.
     */
    long estimateMiB(Policy policy, int guests, Footprint perGuest) {
        long guestFrames = scenario.withGuestCount(guests).guestFrames();
        long hostFrames = density.usableFrames();
        long resident = Math.min(hostFrames, guests * perGuest.residentFrames * 5 / 4);
        return (hostFrames * 24 + resident * 32 + guests * perGuest.tableBytes * 5 / 4
                + MechanismHeap.bytes(policy.mechanisms(), resident, guestFrames)) >> 20;
    }

    /**
     * What one guest of a run costs the heap beyond the host's own arrays: its frame table's
     * bytes, and the guest frames it had resident at the run's peak. A guest touches about the
     * same frames whatever the count, so the most a run of the policy has measured stands for
     * every later count ({@link #max}); until one has, {@link #unmeasured}.
     */
    record Footprint(long tableBytes, long residentFrames) {
        Footprint max(Footprint o) {
            return new Footprint(Math.max(tableBytes, o.tableBytes), Math.max(residentFrames, o.residentFrames));
        }
    }

    /**
     * A guest's footprint until a run of the policy has measured it: every frame resident and its
     * frame table dense (a hinting guest makes every frame unused at boot).
     */
    private Footprint unmeasured() {
        long frames = scenario.guests().get(0).memoryMiB() * Machine.FRAMES_PER_MIB;
        return new Footprint(frames * 2, frames);
    }

    /**
     * Runs every policy's search, {@code threads} runs at a time. {@code started} is told the guest
     * count of each run as it starts, {@code progress} each advance of a run's virtual time in
     * guest-nanoseconds (virtual time times guests), from any thread.
     */
    public DensityResult run(int threads, LongConsumer started, LongConsumer progress) {
        return run(threads, started, progress, (policy, trial, seconds) -> { });
    }

    /** A run of a search has finished: what it tried and what it found. */
    @FunctionalInterface
    public interface TrialListener {
        /** {@code wallSeconds}: the run's wall time (of its last attempt, for a run that did not fit the heap). */
        void finished(String policy, DensityResult.Trial trial, double wallSeconds);
    }

    /** As {@link #run(int, LongConsumer, LongConsumer)}, and tells {@code listener} of every run as it ends. */
    public DensityResult run(int threads, LongConsumer started, LongConsumer progress, TrialListener listener) {
        for (Policy p : policies) {
            machine(density.minGuests(), p); // refuse an impossible machine before any run starts
        }
        long start = System.nanoTime();
        slots = new RunSlots(heapBudgetMiB, threads);
        ExecutorService pool = RunPool.pool(policies.size(), "cmma-density");
        try {
            List<Future<DensityResult.PolicyDensity>> futures = new ArrayList<>();
            for (Policy p : policies) {
                futures.add(pool.submit(() -> search(p, started, progress, listener)));
            }
            List<DensityResult.PolicyDensity> out = new ArrayList<>();
            for (Future<DensityResult.PolicyDensity> f : futures) {
                out.add(RunPool.join(f));
            }
            Scenario.GuestGroup g = scenario.guests().get(0);
            return new DensityResult(scenario.name(), scenario.seed(), density.hostMemoryGiB(), density.usableMemoryGiB(),
                    g.memoryMiB(), out, (System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    private DensityResult.PolicyDensity search(Policy policy, LongConsumer started, LongConsumer progress,
                                               TrialListener listener) {
        List<DensityResult.Trial> trials = new ArrayList<>();
        List<Double> seconds = new ArrayList<>();
        TrialListener timed = (name, trial, wall) -> {
            seconds.add(wall);
            listener.finished(name, trial, wall);
        };
        Bracket bracket = new Bracket(density.maxGuests(), density.tolerance());
        RunResult best = null;
        String failure = "";
        Footprint perGuest = unmeasured();
        boolean measured = false;
        for (int n = density.minGuests(); ; n = bracket.next()) {
            double rank = seconds.stream().mapToDouble(Double::doubleValue).sum(); // its runs' time so far (RunSlots)
            Outcome o = attempt(policy, n, perGuest, rank, trials, started, progress, timed);
            if (o.perGuest != null) {
                perGuest = measured ? perGuest.max(o.perGuest) : o.perGuest;
                measured = true;
            }
            if (o.outOfHeap) {
                bracket.outOfHeap(n);
            } else if (o.held) {
                bracket.held(n, o.guess);
                best = o.result;
            } else {
                bracket.failed(n);
                failure = o.why;
            }
            if (bracket.done()) {
                break;
            }
        }
        String unfinished = bracket.answered() ? "" : notFinished(bracket.outOfHeapAt());
        return new DensityResult.PolicyDensity(policy.name(), bracket.held(), bracket.failed(), failure, trials, seconds,
                best, unfinished);
    }

    private String notFinished(int guests) {
        return "not finished: a run of " + guests + " guests did not fit the heap ("
                + (Runtime.getRuntime().maxMemory() >> 20) + " MiB), even alone";
    }

    /**
     * A run's answer; a run that held also {@code guess}es the count that would just fit
     * ({@link #guess}); a run that ended measured its guests' footprint (null if it ran out of heap).
     */
    private record Outcome(boolean held, boolean outOfHeap, RunResult result, String why, int guess,
                           Footprint perGuest) {
    }

    private Outcome attempt(Policy policy, int guests, Footprint perGuest, double rank, List<DensityResult.Trial> trials,
                            LongConsumer started, LongConsumer progress, TrialListener listener) {
        int need = (int) Math.min(heapBudgetMiB, estimateMiB(policy, guests, perGuest));
        long start = System.nanoTime();
        boolean[] crowded = {false};
        Outcome o = attempt(policy, guests, need, rank, crowded, trials, started, progress, listener);
        if (o == null && crowded[0]) {
            // out of heap, perhaps only because other runs held the rest: once more, alone
            start = System.nanoTime();
            o = attempt(policy, guests, heapBudgetMiB, rank, crowded, trials, started, progress, listener);
        }
        if (o == null) {
            DensityResult.Trial trial = new DensityResult.Trial(guests, false, 0, 0, true, 0);
            trials.add(trial);
            listener.finished(policy.name(), trial, (System.nanoTime() - start) / 1e9);
            return new Outcome(false, true, null, "", 0, null);
        }
        return o;
    }

    /**
     * One run holding {@code need} MiB of the heap budget and a slot ({@link RunSlots}); null if it
     * ran out of heap, and then {@code crowded[0]} says whether another run went on at any time
     * during it. The heap is given back only once the run's machine is unreachable: it lives in
     * {@link #runOnce}'s frame, which has returned (or thrown) by then. Given back while a frame still held it, the next run admitted
     * would find the heap still full and run out of it at once, alone.
     */
    private Outcome attempt(Policy policy, int guests, int need, double rank, boolean[] crowded,
                            List<DensityResult.Trial> trials, LongConsumer started, LongConsumer progress,
                            TrialListener listener) {
        RunSlots.Admission admission = slots.admit(need, rank);
        long start = System.nanoTime();
        Ended e;
        try {
            started.accept(guests);
            e = runOnce(policy, guests, progress);
        } catch (OutOfMemoryError oom) {
            crowded[0] = slots.hadCompany(admission);
            return null;
        } finally {
            slots.release(admission);
        }
        RunResult r = e.result;
        // the whole run, warm-up included: a host so swamped that its guests stall behind the
        // paging device would write nothing after warm-up only because nothing runs any more
        boolean held = e.pageOuts == 0 && e.failures == 0 && r.get(Metric.LOST_PAGES) == 0 && r.get(Metric.LEAKS) == 0;
        DensityResult.Trial trial =
                new DensityResult.Trial(guests, held, e.pageOuts, e.failures, false, held ? e.guess : 0);
        trials.add(trial);
        listener.finished(policy.name(), trial, (System.nanoTime() - start) / 1e9);
        String why = held ? "" : "stopped at " + Math.round(e.stoppedNanos / 1e9) + " s of virtual time: " + e.pageOuts
                + " host page-outs, " + e.failures + " guest allocation failures"
                + (r.get(Metric.LOST_PAGES) + r.get(Metric.LEAKS) > 0 ? ", invariants broken" : "");
        return new Outcome(held, false, r, why, held ? e.guess : 0, e.perGuest);
    }

    /** What a search keeps of a run once its machine is gone. */
    private record Ended(RunResult result, long pageOuts, long failures, long stoppedNanos, int guess,
                         Footprint perGuest) {
    }

    /** Builds and runs the machine of one count; it is unreachable once this returns or throws. */
    private Ended runOnce(Policy policy, int guests, LongConsumer progress) {
        Machine machine = machine(guests, policy);
        // A run that breaks the service level has answered the question: stop it there, as
        // its remaining virtual time (a host paging hard) is the slowest to simulate.
        machine.events().every(0, STOP_CHECK_NANOS, t -> {
            if (machine.host().counters().pageOuts() > 0 || machine.failures() > 0) {
                machine.events().stop();
            }
        });
        long[] last = {0};
        RunResult r = Runs.run(machine, policy, t -> {
            progress.accept((t - last[0]) * guests);
            last[0] = t;
        });
        long tables = 0;
        for (GuestVm vm : machine.guests()) {
            tables += vm.space().table().heapBytes();
        }
        long peakFrames = Math.round(peakMiB(r) * Machine.FRAMES_PER_MIB);
        return new Ended(r, machine.host().counters().pageOuts(), machine.failures(), machine.events().now(),
                guess(machine, r, guests), new Footprint(tables / guests, peakFrames / guests));
    }

    /**
     * The count that would just fit if every guest cost the host what it cost in run {@code r}
     * of {@code guests} guests at its peak (the largest memory sample of the whole run, warm-up
     * included): the host's frames above its low watermark, where reclaim and so page-outs
     * begin, over that cost. Only a guess ({@link Bracket}).
     */
    private static int guess(Machine m, RunResult r, int guests) {
        double peakMiB = peakMiB(r);
        double roomMiB = (double) (m.host().frames() - m.host().config().reclaim().lowWatermark()) / Machine.FRAMES_PER_MIB;
        return peakMiB <= 0 ? Integer.MAX_VALUE : (int) Math.min(Integer.MAX_VALUE, Math.floor(guests * roomMiB / peakMiB));
    }

    /** The largest host memory sample of run {@code r}, warm-up included. */
    private static double peakMiB(RunResult r) {
        double peak = 0;
        for (double mib : r.hostMemory().values()) {
            peak = Math.max(peak, mib);
        }
        return peak;
    }

    private Machine machine(int guests, Policy policy) {
        return Machine.withHostFrames(scenario.withGuestCount(guests), density.usableFrames(), policy);
    }
}
