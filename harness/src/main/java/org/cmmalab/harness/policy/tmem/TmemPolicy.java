package org.cmmalab.harness.policy.tmem;

import org.cmmalab.guestmm.GuestCounters;
import org.cmmalab.guestmm.tmem.Cleancache;
import org.cmmalab.guestmm.tmem.Frontswap;
import org.cmmalab.harness.policy.GuestHandle;
import org.cmmalab.harness.policy.Policy;
import org.cmmalab.harness.policy.RunContext;
import org.cmmalab.harness.policy.balloon.SelfBalloonPolicy;
import org.cmmalab.harness.yaml.YamlMapping;
import org.cmmalab.hostpager.tmem.TmemPool;

/**
 * {@code tmem}: Xen transcendent memory with self-ballooning (Magenheimer, LPC 2010,
 * docs/sources.md; Linux {@code drivers/xen/tmem.c} and {@code drivers/xen/xen-selfballoon.c},
 * both removed in 5.3). The host keeps one {@link TmemPool} in its free memory; every guest's
 * cleancache (clean page-cache pages reclaim drops: put; page-cache misses: get, exclusive;
 * truncate and delete: flush) and frontswap (swap-outs: put, refused when the pool is full or the
 * guest's pages would exceed its memory; swap-ins: get) use it. Ephemeral pages go first when the
 * host needs memory. Every {@code intervalSeconds} (5, {@code selfballoon_interval}) each guest's
 * {@link org.cmmalab.guestmm.selfballoon.SelfBalloon} moves its balloon toward its committed memory: {@code downHysteresis} (8)
 * and {@code upHysteresis} (1), {@code reservedMiB} (0: 10% of the guest's memory at boot, as
 * {@code xen_selfballoon_init} sets it). The balloon moves {@code batch} (512) pages per
 * hypercall, the Xen balloon driver's {@code frame_list} of one page of page numbers, charged as
 * the design's balloon costs. That loop is {@link SelfBalloonPolicy}'s, which runs it alone as
 * {@code self-balloon}.
 *
 * <p>Each put or get that copies a page costs the guest {@code copyMicros} (1 us: our estimate of
 * one hypercall and one 4 KiB copy; the seed gives no figure), charged on its vCPU
 * ({@code driverCpuMs}); a get that misses and a flush cost nothing here. {@code cleancache},
 * {@code frontswap} and {@code selfBallooning} (all true) switch the three parts, so that
 * self-ballooning alone, which the seed says "made things worse", can be run too. Frontswap
 * self-shrinking is not modelled (see {@link org.cmmalab.guestmm.selfballoon.SelfBalloon}).
 */
public final class TmemPolicy implements Policy {
    private final SelfBalloonPolicy selfBalloon;
    private final double copyNanos;
    private final boolean cleancache;
    private final boolean frontswap;
    private final boolean selfBallooning;

    private TmemPolicy(SelfBalloonPolicy selfBalloon, double copyNanos, boolean cleancache, boolean frontswap,
                       boolean selfBallooning) {
        this.selfBalloon = selfBalloon;
        this.copyNanos = copyNanos;
        this.cleancache = cleancache;
        this.frontswap = frontswap;
        this.selfBallooning = selfBallooning;
    }

    public static TmemPolicy parse(YamlMapping p) {
        TmemPolicy t = new TmemPolicy(
                SelfBalloonPolicy.read(p),
                p.number("copyMicros", 1, 0, 1e6) * 1000,
                p.flag("cleancache", true),
                p.flag("frontswap", true),
                p.flag("selfBallooning", true));
        p.done();
        return t;
    }

    @Override
    public String name() {
        return "tmem";
    }

    @Override
    public boolean connectsFrontswap() {
        return frontswap;
    }

    @Override
    public void start(RunContext run) {
        TmemPool pool = new TmemPool(run.host());
        for (GuestHandle vm : run.guests()) {
            int guestId = vm.kernel().config().guest();
            if (cleancache) {
                vm.kernel().setCleancache(new Cleancache() {
                    @Override
                    public void put(int file, int page, long token) {
                        pool.putEphemeral(guestId, file, page, token);
                    }

                    @Override
                    public long get(int file, int page) {
                        long t = pool.getEphemeral(guestId, file, page);
                        return t == TmemPool.MISS ? MISS : t;
                    }

                    @Override
                    public void invalidateInode(int file) {
                        pool.flushObject(guestId, file);
                    }
                });
            }
            if (frontswap) {
                vm.kernel().setFrontswap(new Frontswap() {
                    @Override
                    public boolean store(int slot, long token) {
                        return pool.putPersistent(guestId, slot, token);
                    }

                    @Override
                    public long load(int slot) {
                        long t = pool.getPersistent(guestId, slot);
                        return t == TmemPool.MISS ? MISS : t;
                    }

                    @Override
                    public void invalidate(int slot) {
                        pool.flushPersistent(guestId, slot);
                    }
                });
            }
            GuestCounters c = vm.kernel().counters();
            vm.meter(() -> Math.round(
                    (c.cleancachePuts() + c.cleancacheHits() + c.frontswapStores() + c.frontswapLoads()) * copyNanos));
        }
        if (selfBallooning) {
            selfBalloon.start(run);
        }
    }
}
