package org.cmmalab.harness.scenario;

import java.util.List;
import java.util.Map;
import org.cmmalab.guestmm.Arch;
import org.cmmalab.harness.workload.WorkloadSpec;
import org.cmmalab.harness.yaml.YamlMapping;
import org.cmmalab.pagestates.HostMode;

/**
 * A validated scenario: the machine, its guests and their workloads, the policies and overcommit
 * ratios to compare, and the cost model. Host memory is either derived by each run from the guests'
 * memory and the overcommit ratio (guest memory / host memory), or fixed by {@code host.memoryMiB};
 * then {@link #overcommit} holds the one ratio that size gives, which reports show.
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
 * @param migration       the live migration of every guest, or null for none (the {@code migration:} section)
 * @param density         a density search instead of the overcommit comparison, or null
 * @param storage         where the guests' block I/O queues (the {@code storage:} section)
 */
public record Scenario(String name, long seed, double durationSeconds, double warmupSeconds, List<Double> overcommit,
                       List<String> policies, Map<String, YamlMapping> policyParams, Host host, List<GuestGroup> guests,
                       CostModel costs, MigrationSpec migration, Density density, Storage storage) {
    /**
     * @param mode          the host mode a policy gets unless it asks for another
     * @param replacement   the host's replacement policy (one of {@link ReplacementNames#withoutFuture()})
     * @param device        the paging device's latency preset (one of {@link CostModel#devices()})
     * @param pagingChannels how many pages the paging device moves at once
     * @param lowWatermark  host reclaim starts below this fraction of host memory free
     * @param highWatermark and stops at this fraction
     * @param sampleSeconds interval of the host-memory time series
     * @param memoryMiB     a fixed host memory size, or 0 to derive it from each overcommit ratio
     * @param xstorMiB      z/VM expanded storage in front of the paging device ({@code zvm} only, up to
     *                      64 GiB), or 0 for none
     * @param arch          the host's architecture, and so its guests' (a hypervisor runs guests of its own)
     */
    public record Host(HostMode mode, String replacement, String device, int pagingChannels, double lowWatermark,
                       double highWatermark, double sampleSeconds, int memoryMiB, int xstorMiB, Arch arch) {
        /** Whether host memory is fixed ({@code host.memoryMiB}) rather than derived from an overcommit ratio. */
        public boolean fixedMemory() {
            return memoryMiB > 0;
        }
    }

    /**
     * {@code count} identical guests.
     *
     * @param name         guests are named {@code name-0}, {@code name-1}, ...
     * @param memoryMiB    each guest's memory at boot
     * @param swapMiB      each guest's own swap device (0 for none)
     * @param workload     what each runs
     * @param maxMemoryMiB each guest's maximum memory (Xen's {@code maxmem}), at least {@code memoryMiB}: the
     *                     guest boots with the difference in its balloon, which a policy may deflate
     * @param vcpus        each guest's vCPUs, which share its kernel and its workload
     * @param largeFrames  each guest's memory is backed by 2 MiB host frames ({@code maxMemoryMiB} a multiple of 2)
     */
    public record GuestGroup(String name, int count, int memoryMiB, int swapMiB, WorkloadSpec workload,
                             int maxMemoryMiB, int vcpus, boolean largeFrames) {
    }

    /** Whether some guest is backed by 2 MiB frames. */
    public boolean largeFrames() {
        return guests.stream().anyMatch(GuestGroup::largeFrames);
    }

    public Scenario {
        overcommit = List.copyOf(overcommit);
        policies = List.copyOf(policies);
        policyParams = Map.copyOf(policyParams);
        guests = List.copyOf(guests);
    }

    /** This scenario with {@code count} guests in its one group (a density search's step). */
    public Scenario withGuestCount(int count) {
        GuestGroup g = guests.get(0);
        return new Scenario(name, seed, durationSeconds, warmupSeconds, overcommit, policies, policyParams, host,
                List.of(new GuestGroup(g.name(), count, g.memoryMiB(), g.swapMiB(), g.workload(), g.maxMemoryMiB(), g.vcpus(),
                        g.largeFrames())),
                costs, migration, density, storage);
    }

    /** Every guest's maximum memory added up, in 4 KiB frames: the guest memory an overcommit ratio divides. */
    public long guestFrames() {
        long frames = 0;
        for (GuestGroup g : guests) {
            frames += (long) g.count() * g.maxMemoryMiB() * 256;
        }
        return frames;
    }

    /** The same scenario with another seed. */
    public Scenario withSeed(long newSeed) {
        return new Scenario(name, newSeed, durationSeconds, warmupSeconds, overcommit, policies, policyParams, host,
                guests, costs, migration, density, storage);
    }

    public int guestCount() {
        return guests.stream().mapToInt(GuestGroup::count).sum();
    }
}
