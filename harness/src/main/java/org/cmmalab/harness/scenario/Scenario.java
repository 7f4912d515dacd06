package org.cmmalab.harness.scenario;

import java.util.List;
import java.util.Map;
import org.cmmalab.harness.workload.WorkloadSpec;
import org.cmmalab.pagestates.HostMode;

/**
 * A validated scenario: the machine, its guests and their workloads, the policies and overcommit
 * ratios to compare, and the cost model. Host memory is not given: each run derives it from the
 * guests' memory and the overcommit ratio (guest memory / host memory).
 *
 * @param name            shown in reports
 * @param seed            every random choice of every run derives from it
 * @param durationSeconds virtual time each run simulates
 * @param warmupSeconds   virtual time at the start that the metrics leave out
 * @param overcommit      the ratios to run, each at least 1
 * @param policies        the policy names to compare (registered names, combinations with {@code +})
 * @param policyParams    per policy name, its parameter overrides (validated by the policy)
 * @param host            the host's configuration
 * @param guests          the guest groups, in order
 * @param costs           the cost model
 * @param density         a density search instead of the overcommit comparison, or null
 */
public record Scenario(String name, long seed, double durationSeconds, double warmupSeconds, List<Double> overcommit,
                       List<String> policies, Map<String, Section> policyParams, Host host, List<GuestGroup> guests,
                       CostModel costs, Density density) {
    /**
     * @param mode          the host mode a policy gets unless it asks for another
     * @param replacement   the host's replacement policy ({@code lru} or {@code clock})
     * @param device        {@code ssd} or {@code disk}: the paging device's latency preset
     * @param pagingChannels how many pages the paging device moves at once
     * @param lowWatermark  host reclaim starts below this fraction of host memory free
     * @param highWatermark and stops at this fraction
     * @param sampleSeconds interval of the host-memory time series
     */
    public record Host(HostMode mode, String replacement, String device, int pagingChannels, double lowWatermark,
                       double highWatermark, double sampleSeconds) {
    }

    /**
     * {@code count} identical guests.
     *
     * @param name      guests are named {@code name-0}, {@code name-1}, ...
     * @param memoryMiB each guest's memory
     * @param swapMiB   each guest's own swap device (0 for none)
     * @param workload  what each runs
     */
    public record GuestGroup(String name, int count, int memoryMiB, int swapMiB, WorkloadSpec workload) {
    }

    public Scenario {
        overcommit = List.copyOf(overcommit);
        policies = List.copyOf(policies);
        policyParams = Map.copyOf(policyParams);
        guests = List.copyOf(guests);
    }

    /** A scenario without a density search. */
    public Scenario(String name, long seed, double durationSeconds, double warmupSeconds, List<Double> overcommit,
                    List<String> policies, Map<String, Section> policyParams, Host host, List<GuestGroup> guests,
                    CostModel costs) {
        this(name, seed, durationSeconds, warmupSeconds, overcommit, policies, policyParams, host, guests, costs, null);
    }

    /** This scenario with {@code count} guests in its one group (a density search's step). */
    public Scenario withGuestCount(int count) {
        GuestGroup g = guests.get(0);
        return new Scenario(name, seed, durationSeconds, warmupSeconds, overcommit, policies, policyParams, host,
                List.of(new GuestGroup(g.name(), count, g.memoryMiB(), g.swapMiB(), g.workload())), costs, density);
    }

    /** This scenario with another seed. */
    public Scenario withSeed(long other) {
        return new Scenario(name, other, durationSeconds, warmupSeconds, overcommit, policies, policyParams, host,
                guests, costs, density);
    }

    /** Every guest's memory added up, in 4 KiB frames. */
    public long guestFrames() {
        long frames = 0;
        for (GuestGroup g : guests) {
            frames += (long) g.count() * g.memoryMiB() * 256;
        }
        return frames;
    }

    public int guestCount() {
        return guests.stream().mapToInt(GuestGroup::count).sum();
    }
}
