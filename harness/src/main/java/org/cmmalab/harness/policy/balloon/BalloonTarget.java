package org.cmmalab.harness.policy.balloon;

import org.cmmalab.guestmm.balloon.Balloon;
import org.cmmalab.harness.policy.GuestHandle;
import org.cmmalab.harness.policy.RunContext;

/** Moving a guest's balloon toward a target, with the traffic charged to the guest's vCPU. */
final class BalloonTarget {
    private BalloonTarget() {
    }

    /**
     * Inflates or deflates {@code vm}'s balloon toward {@code target} pages at {@code now}: each
     * page costs {@code balloonPage}, each round trip of {@code batch} pages {@code balloonRoundTrip}
     * (the cost model's default, {@link org.cmmalab.harness.scenario.CostModel}), plus whatever reclaim and I/O the guest does to find the pages.
     * A balloon made here deflates on OOM if {@code deflateOnOom} (the driver's, see {@link Balloon}).
     */
    static void moveTo(RunContext run, GuestHandle vm, int batch, boolean deflateOnOom, long target, long now) {
        Balloon balloon = vm.balloon(batch, deflateOnOom);
        long delta = target - balloon.pages();
        if (delta == 0) {
            return;
        }
        long trips = balloon.roundTrips();
        int[] moved = new int[1];
        vm.driverWork(now, 0, () -> moved[0] = delta > 0
                ? balloon.inflate((int) Math.min(Integer.MAX_VALUE, delta))
                : balloon.deflate((int) Math.min(Integer.MAX_VALUE, -delta)));
        long nanos = moved[0] * run.costs().balloonPage() + (balloon.roundTrips() - trips) * run.costs().balloonRoundTrip();
        vm.delay(nanos);
        vm.chargeBalloon(moved[0], nanos);
    }
}
