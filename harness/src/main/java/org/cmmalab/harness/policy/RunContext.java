package org.cmmalab.harness.policy;

import java.util.List;
import java.util.function.LongConsumer;
import org.cmmalab.guestmm.Arch;
import org.cmmalab.harness.scenario.CostModel;
import org.cmmalab.hostpager.Host;
import org.cmmalab.hostpager.device.MemoryTier;

/**
 * What a policy (and any other work a run carries out beside its guests' workloads, such as a live
 * migration) sees of a run: the virtual clock and its scheduling, the guests' driver handles, the
 * host's mechanisms, the cost model, and the charging of host-side work. Every action runs on the
 * run's one event loop, at the virtual time it was scheduled for; actions at the same time run in
 * the order they were scheduled, so that a run stays a pure function of its inputs.
 */
public interface RunContext {
    /** The virtual time of the event running now, in nanoseconds. */
    long now();

    /** Runs {@code action} at virtual time {@code time} (not in the past), given that time. */
    void at(long time, LongConsumer action);

    /** Runs {@code action} every {@code period} nanoseconds from {@code first} until the run ends. */
    void every(long first, long period, LongConsumer action);

    /** The guests, in boot order. */
    List<GuestHandle> guests();

    /** The host: its frames, counters and mechanisms (page sharing, the tmem pool, dirty logging). */
    Host host();

    /** The prices of the run's events ({@code costs:}). */
    CostModel costs();

    /** The scenario's seed ({@code seed:}), from which a policy's random choices are drawn, so that a run stays reproducible. */
    long seed();

    /** The host's architecture, and so its guests'. */
    Arch arch();

    /** Charges host CPU time of a host-side daemon (the PPR recycler, the KSM scanner), which no guest waits for. */
    void chargeHost(long nanos);

    /**
     * Puts {@code pool}, a compressed pool in host memory (the host's zswap), in front of the host's
     * paging device, a page-out into it costing {@code compressNanos} and a page-in from it
     * {@code decompressNanos}: the vCPU's whose reclaim or fault moved the page, host CPU for
     * background reclaim and writebacks. Its counts are the run's {@code hostZswap} metrics.
     */
    void attachCompressedTier(MemoryTier pool, long compressNanos, long decompressNanos);
}
