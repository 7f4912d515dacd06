package org.cmmalab.harness.experiment.density;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import org.cmmalab.harness.policy.Policy;
import org.cmmalab.harness.policy.RunContext;
import org.cmmalab.harness.policy.registry.Policies;
import org.cmmalab.harness.result.DensityResult;
import org.cmmalab.harness.scenario.Scenario;
import org.cmmalab.harness.scenario.ScenarioFixtures;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The density search on a small host (64 MiB for guests of 16 MiB running the PPR test's cycle):
 * it finds the boundary exactly (the count it reports held, one more failed), and it gives the
 * same numbers, bit for bit, on one thread and on several; and a run that runs out of heap bounds
 * only its own policy's search, which says so when the answer lies beyond it.
 */
class DensitySearchTest {
    static final String SMALL = String.join("\n",
            "name: density-small",
            "seed: 5",
            "durationSeconds: 240",
            "warmupSeconds: 60",
            "policies: [none, ppr, cmma]",
            "host: {mode: kvm, sampleSeconds: 5}",
            "density: {hostMemoryGiB: 0.0625, usableMemoryGiB: 0.0625, minGuests: 2, maxGuests: 64}",
            "guests:",
            "  - name: vm",
            "    memoryMiB: 16",
            "    swapMiB: 0",
            "    workload: alloc-free",
            "    params: {sizes: exponential, meanFraction: 0.1, peakFraction: 0.75, periodSeconds: 60,",
            "             holdSeconds: 40, osFilePages: 256, osAnonPages: 128}",
            "");

    private static DensityResult search(int threads) {
        return search(1, threads);
    }

    private static DensityResult search(int countsPerRound, int threads) {
        Scenario s = ScenarioFixtures.parse(SMALL);
        List<Policy> policies = new ArrayList<>();
        for (String name : s.policies()) {
            policies.add(Policies.create(name, s.policyParams(), org.cmmalab.harness.InputError::new));
        }
        return new DensitySearch(s, policies, countsPerRound).run(threads, g -> { }, n -> { });
    }

    @Test
    void findsTheLargestCountHeldAndTheSameOnAnyNumberOfThreads() {
        DensityResult one = search(1);
        DensityResult two = search(2);
        assertEquals(3, one.policies().size());
        for (int i = 0; i < one.policies().size(); i++) {
            DensityResult.PolicyDensity a = one.policies().get(i);
            DensityResult.PolicyDensity b = two.policies().get(i);
            assertTrue(a.guests() >= 2, a.policy() + " held " + a.guests());
            assertEquals(a.guests() + 1, a.failedAt(), a.policy() + ": the search must end at the boundary");
            for (DensityResult.Trial t : a.runs()) {
                assertEquals(t.guests() <= a.guests(), t.held(), a.policy() + " at " + t.guests() + " guests");
                assertEquals(t.held(), t.guess() > 0, a.policy() + " at " + t.guests() + ": a run that held guesses, no other");
            }
            assertFalse(a.runs().get(a.runs().size() - 1).guests() > 64);
            assertEquals(a.runs(), b.runs(), a.policy());
            assertEquals(a.atGuests().total(), b.atGuests().total(), a.policy());
            assertArrayEquals(a.atGuests().hostMemory().values(), b.atGuests().hostMemory().values(), a.policy());
        }
        // returning freed memory to the host lets it hold more of these guests than keeping it
        assertTrue(one.policies().get(1).guests() > one.policies().get(0).guests(),
                "ppr " + one.policies().get(1).guests() + " vs none " + one.policies().get(0).guests());
    }

    /**
     * Three counts a round: the same boundary as one a round, in fewer rounds, and the same runs and
     * numbers, bit for bit, on one thread and on three (the rounds' runs at once).
     */
    @Test
    void roundsOfThreeCountsFindTheSameBoundaryOnAnyNumberOfThreads() {
        DensityResult sequential = search(1);
        DensityResult one = search(3, 1);
        DensityResult three = search(3, 3);
        for (int i = 0; i < one.policies().size(); i++) {
            DensityResult.PolicyDensity s = sequential.policies().get(i);
            DensityResult.PolicyDensity a = one.policies().get(i);
            DensityResult.PolicyDensity b = three.policies().get(i);
            assertEquals(s.guests(), a.guests(), a.policy() + ": the boundary of the search of one count a round");
            assertEquals(s.failedAt(), a.failedAt(), a.policy());
            for (DensityResult.Trial t : a.runs()) {
                assertEquals(t.guests() <= a.guests(), t.held(), a.policy() + " at " + t.guests() + " guests");
            }
            assertEquals(a.runs(), b.runs(), a.policy());
            assertEquals(a.failure(), b.failure(), a.policy());
            assertArrayEquals(a.atGuests().hostMemory().values(), b.atGuests().hostMemory().values(), a.policy());
        }
    }

    /** ppr, except that a run of {@code from} guests or more runs out of heap as it starts. */
    private static Policy outOfHeapFrom(int from, Policy ppr) {
        return new Policy() {
            @Override
            public String name() {
                return "ppr-out-of-heap";
            }

            @Override
            public void start(RunContext run) {
                if (run.guests().size() >= from) {
                    throw new OutOfMemoryError("simulated");
                }
                ppr.start(run);
            }
        };
    }

    @Test
    void aRunOutOfHeapBoundsOnlyItsPolicysSearchAndSaysSo() {
        DensityResult whole = search(1);
        int most = whole.policies().get(1).guests(); // ppr's answer when every run fits
        Scenario s = ScenarioFixtures.parse(SMALL);
        Policy none = Policies.create("none", s.policyParams(), org.cmmalab.harness.InputError::new);
        Policy ppr = Policies.create("ppr", s.policyParams(), org.cmmalab.harness.InputError::new);
        DensityResult d = new DensitySearch(s, List.of(outOfHeapFrom(most + 1, ppr), outOfHeapFrom(most + 2, ppr), none), 1)
                .run(2, g -> { }, n -> { });

        DensityResult.PolicyDensity bounded = d.policies().get(0);
        assertEquals(most, bounded.guests(), "every count below the first that did not fit held");
        assertEquals(0, bounded.failedAt(), "no count that failed could be run");
        assertTrue(bounded.notFinished().contains("a run of " + (most + 1) + " guests did not fit the heap"),
                bounded.notFinished());
        assertTrue(bounded.runs().contains(new DensityResult.Trial(most + 1, false, 0, 0, true, 0)), bounded.runs().toString());

        DensityResult.PolicyDensity answered = d.policies().get(1);
        assertEquals(most, answered.guests(), "the failure fits below the heap's limit: the search still ends there");
        assertEquals(most + 1, answered.failedAt());
        assertEquals("", answered.notFinished());

        DensityResult.PolicyDensity other = d.policies().get(2);
        assertEquals("", other.notFinished());
        assertEquals(whole.policies().get(0).guests(), other.guests(), "none's search is unaffected");
    }

    /**
     * The heap a run held goes to the next run only with the run's machine: by the time the search
     * tells of the run (after it gave the heap back), nothing reaches the machine any more. Given
     * back while a frame still held it, the next run would run out of heap at once, alone.
     */
    @Test
    void aRunsMachineIsGarbageWhenItsHeapIsGivenBack() {
        Scenario s = ScenarioFixtures.parse(SMALL);
        Policy none = Policies.create("none", s.policyParams(), org.cmmalab.harness.InputError::new);
        List<WeakReference<RunContext>> machines = new ArrayList<>();
        Policy watched = new Policy() {
            @Override
            public String name() {
                return "none-watched";
            }

            @Override
            public void start(RunContext run) {
                machines.add(new WeakReference<>(run));
                none.start(run);
            }
        };
        List<String> reachable = new ArrayList<>();
        new DensitySearch(s, List.of(watched), 1).run(1, g -> { }, n -> { }, (policy, trial, seconds) -> {
            for (int i = 0; i < 10 && machines.get(machines.size() - 1).get() != null; i++) {
                System.gc();
            }
            if (machines.get(machines.size() - 1).get() != null) {
                reachable.add(trial.guests() + " guests");
            }
        });
        assertTrue(machines.size() >= 3, "runs: " + machines.size());
        assertEquals(List.of(), reachable, "machines still reachable when their runs were reported");
    }
}
