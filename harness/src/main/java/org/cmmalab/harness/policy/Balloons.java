package org.cmmalab.harness.policy;

import org.cmmalab.guestmm.balloon.Balloon;
import org.cmmalab.harness.sim.GuestVm;
import org.cmmalab.harness.sim.Machine;

/** Moving a guest's balloon toward a target, with the traffic charged to the guest's vCPU. */
final class Balloons {
    private Balloons() {
    }

    /**
     * The heap a balloon of {@code pages} pages costs, at most an eighth of a byte a page: its page
     * list keeps runs of consecutive frames, 8 bytes a run, and the descriptors of the 2 MiB chunks
     * it has taken whole are dropped ({@link Balloon}); what stays is the descriptors of chunks it
     * holds in part. A 4 GiB guest ballooned to 20% costs 0.02 bytes a page ({@code BalloonTest});
     * MOM's balloons at 600 guests of {@code density.yaml}, where they hold 80% of guest memory,
     * 0.015 at their largest (the sum of the page lists, sampled every 10 s). An eighth leaves room
     * for runs six times shorter.
     */
    static long heapBytes(long pages) {
        return pages / 8;
    }

    /**
     * Inflates or deflates {@code vm}'s balloon toward {@code target} pages at {@code now}: each
     * page costs {@code balloonPage}, each round trip of {@code batch} pages {@code balloonRoundTrip}
     * (the cost model's default, {@link org.cmmalab.harness.scenario.CostModel}), plus whatever reclaim and I/O the guest does to find the pages.
     * A balloon made here deflates on OOM if {@code deflateOnOom} (the driver's, see {@link Balloon}).
     */
    static void moveTo(Machine machine, GuestVm vm, int batch, boolean deflateOnOom, long target, long now) {
        Balloon balloon = vm.balloon(batch, deflateOnOom);
        long delta = target - balloon.pages();
        if (delta == 0) {
            return;
        }
        long trips = balloon.roundTrips();
        int[] moved = new int[1];
        machine.driverWork(vm, now, 0, () -> moved[0] = delta > 0
                ? balloon.inflate((int) Math.min(Integer.MAX_VALUE, delta))
                : balloon.deflate((int) Math.min(Integer.MAX_VALUE, -delta)));
        long nanos = moved[0] * machine.costs().balloonPage() + (balloon.roundTrips() - trips) * machine.costs().balloonRoundTrip();
        vm.delay(nanos);
        machine.chargeBalloon(vm, moved[0], nanos);
    }
}
