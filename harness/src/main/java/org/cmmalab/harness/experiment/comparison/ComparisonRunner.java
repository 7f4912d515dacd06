package org.cmmalab.harness.experiment.comparison;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;
import org.cmmalab.harness.experiment.RunPool;
import org.cmmalab.harness.experiment.Runs;
import org.cmmalab.harness.policy.Policy;
import org.cmmalab.harness.result.Comparison;
import org.cmmalab.harness.result.RunResult;
import org.cmmalab.harness.scenario.Scenario;
import org.cmmalab.harness.sim.Machine;

/**
 * Runs a scenario under every (overcommit, policy) pair. The runs are independent pure functions
 * of their inputs, so they run in parallel on {@code threads} threads and the results, collected
 * in order, are the same as one by one.
 */
public final class ComparisonRunner {
    private final Scenario scenario;
    private final List<Double> overcommit;
    private final List<Policy> policies;

    public ComparisonRunner(Scenario scenario, List<Double> overcommit, List<Policy> policies) {
        this.scenario = scenario;
        this.overcommit = List.copyOf(overcommit);
        this.policies = List.copyOf(policies);
    }

    /** How many runs there are. */
    public int runs() {
        return overcommit.size() * policies.size();
    }

    /**
     * Runs them all; {@code progress} is told each advance of virtual time in nanoseconds, from any
     * of the threads.
     */
    public Comparison run(int threads, LongConsumer progress) {
        check();
        long start = System.nanoTime();
        ExecutorService pool = RunPool.pool(threads, "cmma-run");
        try {
            return start(pool, progress).finish(start);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Refuses an impossible machine before any run starts. */
    public void check() {
        for (double ratio : overcommit) {
            for (Policy policy : policies) {
                new Machine(scenario, ratio, policy);
            }
        }
    }

    /**
     * Submits every run to {@code pool}, which may be shared with other runners (a sweep keeps all
     * cores busy that way); {@link Started#finish} collects the results in order.
     */
    public Started start(ExecutorService pool, LongConsumer progress) {
        List<Future<Finished>> futures = new ArrayList<>();
        for (double ratio : overcommit) {
            for (Policy policy : policies) {
                futures.add(pool.submit(() -> {
                    Machine m = new Machine(scenario, ratio, policy);
                    long[] last = {0};
                    RunResult r = Runs.run(m, policy, t -> {
                        progress.accept(t - last[0]);
                        last[0] = t;
                    });
                    return new Finished(r, m.references());
                }));
            }
        }
        return new Started(scenario, futures);
    }

    /** A comparison whose runs were submitted. */
    public static final class Started {
        private final Scenario scenario;
        private final List<Future<Finished>> futures;

        private Started(Scenario scenario, List<Future<Finished>> futures) {
            this.scenario = scenario;
            this.futures = futures;
        }

        /** Waits for every run; the wall time counts from {@code startNanos} ({@link System#nanoTime}). */
        public Comparison finish(long startNanos) {
            List<RunResult> results = new ArrayList<>();
            long references = 0;
            for (Future<Finished> f : futures) {
                Finished done = RunPool.join(f);
                results.add(done.result);
                references += done.references;
            }
            double wall = (System.nanoTime() - startNanos) / 1e9;
            return new Comparison(scenario.name(), scenario.seed(), results, wall, references / Math.max(wall, 1e-9));
        }
    }

    /** A run's result, and how many page references it simulated. */
    private record Finished(RunResult result, long references) {
    }
}
