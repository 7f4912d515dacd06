package org.cmmalab.harness.policy;

import java.util.Locale;
import org.cmmalab.guestmm.GuestKernel;
import org.cmmalab.harness.InputError;
import org.cmmalab.harness.policy.registry.Policies;
import org.cmmalab.harness.result.Metric;
import org.cmmalab.harness.result.RunResult;
import org.cmmalab.harness.scenario.Scenario;
import org.cmmalab.harness.scenario.ScenarioFixtures;
import org.cmmalab.harness.sim.GuestVm;
import org.cmmalab.harness.sim.Machine;

/**
 * How fast a policy gives freed guest memory back to the host, measured on the harness's own
 * machine. Two idle guests of 256 MiB boot from one image. At 1 s guest {@code a} maps 192 MiB
 * of anonymous memory and writes every page; at {@link #FREE_AT} it frees it all. From then on,
 * every {@link #SAMPLE_MILLIS} ms, the measurement reads how many host frames {@code a} holds,
 * and reports the virtual time until that fell by half and by 90% of what was freed.
 *
 * <p>Without pressure the host has as much memory as the guests (overcommit 1.0): nothing makes
 * it reclaim. With pressure (overcommit 2.0) guest {@code b} maps and writes 240 MiB some
 * seconds after the free, so the host must take memory from someone; the host's page-outs and
 * discards from the free on say what getting the memory back cost. Every policy runs with its
 * defaults.
 */
final class MemoryReturn {
    static final long SECOND = 1_000_000_000L;
    static final long FREE_AT = 21 * SECOND;
    /** {@link #measure}'s {@code pressureAfter} for no pressure at all. */
    static final int NO_PRESSURE = -1;
    static final int SAMPLE_MILLIS = 50;
    static final int FREED_PAGES = 192 * 256;
    static final int PRESSURE_PAGES = 240 * 256;

    /**
     * What one run measured: seconds from the free until {@code a}'s host frames fell by 50% and
     * by 90% of what it freed ({@code -1}: not within the horizon); the host's page-outs and
     * discards from the free to the end; the run's invariants.
     */
    record Result(String policy, int pressureAfter, double halfSeconds, double ninetySeconds, long pageOuts,
                  long discards, double lostPages, double leaks) {
    }

    private MemoryReturn() {
    }

    private static String scenario(double horizonSeconds) {
        return String.join("\n",
                "name: memory-return",
                "seed: 1",
                "durationSeconds: " + (FREE_AT / SECOND + horizonSeconds),
                "policies: [none]",
                "guests:",
                "  - name: vm",
                "    count: 2",
                "    memoryMiB: 256",
                "    swapMiB: 0",
                "    workload: idle",
                "    params: {bootFilePages: 1024, daemonPages: 256, wakeSeconds: 1, pagesPerWake: 16}",
                "");
    }

    /**
     * One run of {@code policyName}: without pressure if {@code pressureAfter} is
     * {@link #NO_PRESSURE}, else with guest {@code b}'s demand that many seconds after the free.
     */
    static Result measure(String policyName, int pressureAfter, double horizonSeconds) {
        boolean pressure = pressureAfter != NO_PRESSURE;
        Scenario s = ScenarioFixtures.parse(scenario(horizonSeconds));
        double overcommit = pressure ? 2.0 : 1.0;
        Machine m = new Machine(s, overcommit, Policies.create(policyName, s.policyParams(), InputError::new));
        GuestVm a = m.guests().get(0);
        GuestVm b = m.guests().get(1);
        int[] region = new int[2];
        long[] atFree = new long[3]; // a's resident frames, host page-outs, host discards
        double[] reached = {-1, -1};
        m.events().at(SECOND, t -> a.driverWork(t, 0, () -> {
            GuestKernel k = a.kernel();
            region[0] = k.createProcess();
            region[1] = k.malloc(region[0], FREED_PAGES);
            for (int p = 0; p < FREED_PAGES; p++) {
                k.touchAnon(region[0], region[1] + p, true);
            }
        }));
        m.events().at(FREE_AT, t -> {
            atFree[0] = a.residentFrames();
            atFree[1] = m.host().counters().pageOuts();
            atFree[2] = m.host().counters().discards();
            a.driverWork(t, 0, () -> a.kernel().free(region[0], region[1]));
        });
        m.events().every(FREE_AT, SAMPLE_MILLIS * 1_000_000L, t -> {
            long returned = atFree[0] - a.residentFrames();
            double since = (t - FREE_AT) / 1e9;
            if (reached[0] < 0 && returned >= FREED_PAGES / 2) {
                reached[0] = since;
            }
            if (reached[1] < 0 && returned >= FREED_PAGES * 9L / 10) {
                reached[1] = since;
            }
        });
        if (pressure) {
            m.events().at(FREE_AT + pressureAfter * SECOND, t -> b.driverWork(t, 0, () -> {
                GuestKernel k = b.kernel();
                int pid = k.createProcess();
                int start = k.malloc(pid, PRESSURE_PAGES);
                for (int p = 0; p < PRESSURE_PAGES; p++) {
                    k.touchAnon(pid, start + p, true);
                }
            }));
        }
        RunResult r = m.run(t -> { });
        return new Result(policyName, pressureAfter, reached[0], reached[1],
                m.host().counters().pageOuts() - atFree[1], m.host().counters().discards() - atFree[2],
                r.get(Metric.LOST_PAGES), r.get(Metric.LEAKS));
    }

    static String seconds(double s) {
        return s < 0 ? "never" : String.format(Locale.ROOT, "%.2f s", s);
    }
}
