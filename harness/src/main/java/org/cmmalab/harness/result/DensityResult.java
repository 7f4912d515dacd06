package org.cmmalab.harness.result;

import java.util.List;

/**
 * What a density search found: per policy, the most guests the host held at the service level.
 *
 * @param scenario      the scenario's name
 * @param seed          its seed
 * @param hostMemoryGiB the host's memory
 * @param usableGiB     what the guests may use of it
 * @param guestMiB      each guest's memory
 * @param policies      one entry per policy, in the scenario's order
 * @param wallSeconds   how long the search took
 */
public record DensityResult(String scenario, long seed, double hostMemoryGiB, double usableGiB, int guestMiB,
                            List<PolicyDensity> policies, double wallSeconds) {
    public DensityResult {
        policies = List.copyOf(policies);
    }

    /**
     * One policy's answer.
     *
     * @param policy    its name
     * @param guests    the most guests that met the service level (0 if even the first count failed)
     * @param failedAt  the fewest guests that failed it, or 0 if none failed up to the search's maximum
     * @param failure   why {@code failedAt} failed (page-outs, out-of-memory), or empty
     * @param runs      the guest counts tried, in order, each with whether it met the level
     * @param runWallSeconds each run's wall time, in the order of {@code runs} (of its last attempt,
     *                  for a run retried alone); not a simulated number, so kept out of {@code runs}
     * @param atGuests  the run at {@code guests}, or null if there is none
     * @param notFinished why the search stopped before its answer (a run did not fit the heap), or
     *                  empty when it finished; {@code guests} is then only a lower bound
     */
    public record PolicyDensity(String policy, int guests, int failedAt, String failure, List<Trial> runs,
                                List<Double> runWallSeconds, RunResult atGuests, String notFinished) {
        public PolicyDensity {
            runs = List.copyOf(runs);
            runWallSeconds = List.copyOf(runWallSeconds);
            if (runWallSeconds.size() != runs.size()) {
                throw new IllegalArgumentException(runs.size() + " runs but " + runWallSeconds.size() + " wall times");
            }
        }

        /** The wall time of all the policy's runs. */
        public double wallSeconds() {
            return runWallSeconds.stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    /**
     * One run of a search: {@code guests} guests, and whether the host held them at the service
     * level; a run that did not is stopped at its first breach, so its counts are from then. A run
     * that ran out of heap ({@code outOfHeap}) neither held nor failed: it has no answer. A run that
     * held {@code guess}es the answer (what steered the search on from it); 0 for any other.
     */
    public record Trial(int guests, boolean held, long hostPageOuts, long failures, boolean outOfHeap, int guess) {
    }
}
