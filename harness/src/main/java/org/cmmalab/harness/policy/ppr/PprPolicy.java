package org.cmmalab.harness.policy.ppr;

import java.util.ArrayList;
import java.util.List;
import org.cmmalab.guestmm.recycler.PerPageRecycler;
import org.cmmalab.harness.policy.GuestHandle;
import org.cmmalab.harness.policy.Mechanism;
import org.cmmalab.harness.policy.Policy;
import org.cmmalab.harness.policy.RunContext;
import org.cmmalab.harness.yaml.YamlMapping;

/**
 * {@code ppr}: the per-page recycler of baibantech's Dynamic VM (XaviLi, kvm list 2017-09-20,
 * docs/sources.md); the guest side and the shared marks are {@link PerPageRecycler}. The guest
 * marks every page it frees and unmarks every page it allocates, {@code hookCycles} (300) each;
 * a host daemon wakes every {@code periodSeconds} (10, the seed's {@code reclaim_period}) and
 * replaces every marked page with the read-only zero page, {@code recycleCycles} (6500) of host
 * CPU per page it frees, and costs {@code idleCpuShare} (5%) of one host CPU even when it finds
 * nothing. Cycles become time at {@code cpuGHz} (2.2, the seed's Xeon E5-2650 v4): 300 cycles
 * are 136 ns, 6500 are 2.95 us (our cost model's 3 us).
 *
 * <p>Charged: the hooks to the guest's vCPU, inside the kernel entry that freed or allocated
 * ({@code driverCpuMs}); the daemon to the host ({@code hostCpuMs}), which no guest waits for,
 * since host CPU is not a modelled resource and "no interrupts between guest and host" is the
 * design. Only frames the host still held cost the per-page recycle.
 */
public final class PprPolicy implements Policy {
    private final long periodNanos;
    private final double hookNanos;
    private final double recycleNanos;
    private final double idleShare;

    private PprPolicy(long periodNanos, double hookNanos, double recycleNanos, double idleShare) {
        this.periodNanos = periodNanos;
        this.hookNanos = hookNanos;
        this.recycleNanos = recycleNanos;
        this.idleShare = idleShare;
    }

    public static PprPolicy parse(YamlMapping p) {
        long period = Math.round(p.number("periodSeconds", 10, 1e-3, 1e6) * 1e9);
        double hookCycles = p.number("hookCycles", 300, 0, 1e9);
        double recycleCycles = p.number("recycleCycles", 6500, 0, 1e9);
        double ghz = p.number("cpuGHz", 2.2, 0.01, 100);
        double idle = p.number("idleCpuShare", 0.05, 0, 1);
        p.done();
        return new PprPolicy(period, hookCycles / ghz, recycleCycles / ghz, idle);
    }

    @Override
    public List<Mechanism> mechanisms() {
        return List.of(new Mechanism.RecyclerMarks());
    }

    @Override
    public String name() {
        return "ppr";
    }

    /** The recycler frees single 4 KiB frames ({@link PerPageRecycler}), which a 2 MiB host frame does not hold alone. */
    @Override
    public String largeFramesRefused() {
        return "the recycler replaces single 4 KiB pages with the host's zero page, and a 2 MiB host frame cannot "
                + "give up one 4 KiB page without being split; the model has the recycler for 4 KiB frames only";
    }

    @Override
    public void start(RunContext run) {
        List<PerPageRecycler> recyclers = new ArrayList<>();
        for (GuestHandle vm : run.guests()) {
            PerPageRecycler r = new PerPageRecycler(vm.kernel());
            recyclers.add(r);
            vm.meter(() -> Math.round(r.hookCalls() * hookNanos));
        }
        run.every(periodNanos, periodNanos, now -> {
            long released = run.host().counters().released();
            for (PerPageRecycler r : recyclers) {
                r.recycleMarked();
            }
            long recycled = run.host().counters().released() - released;
            run.chargeHost(Math.round(idleShare * periodNanos + recycled * recycleNanos));
        });
    }
}
