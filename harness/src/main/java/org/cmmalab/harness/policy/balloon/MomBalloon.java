package org.cmmalab.harness.policy.balloon;

import java.util.List;
import org.cmmalab.guestmm.balloon.Balloon;
import org.cmmalab.harness.policy.GuestHandle;
import org.cmmalab.harness.policy.Mechanism;
import org.cmmalab.harness.policy.Policy;
import org.cmmalab.harness.policy.RunContext;
import org.cmmalab.harness.yaml.YamlMapping;

/**
 * {@code balloon-mom}: virtio-balloon under a policy like oVirt's Memory Overcommitment Manager
 * ({@code doc/balloon.rules}). Every {@code intervalSeconds} (10, oVirt's policy interval): when
 * the host has less than {@code hostFreeThreshold} (20%) of its memory free, each guest that has
 * more than {@code guestFreeThreshold} (20%) of its memory available gives up the excess, but at
 * most {@code maxStep} (5%) of its memory per interval; when the host is not under pressure, each
 * balloon deflates by at most {@code maxStep}. Pages cross {@code batch} (256) per round trip
 * (virtio-balloon's array of page numbers). {@code deflateOnOom} (false: QEMU's
 * {@code deflate-on-oom} device property is off by default) makes the guest give back 256 pages
 * before an allocation would fail ({@link org.cmmalab.guestmm.balloon.Balloon}).
 *
 * <p>"Available" is free memory plus clean page cache (the kernel's MemAvailable): a guest that
 * filled its free memory with page cache, as Linux does, still counts as having room.
 */
public final class MomBalloon implements Policy {
    private final long intervalNanos;
    private final double hostFreeThreshold;
    private final double guestFreeThreshold;
    private final double maxStep;
    private final int batch;
    private final boolean deflateOnOom;

    private MomBalloon(long intervalNanos, double hostFree, double guestFree, double maxStep, int batch,
                       boolean deflateOnOom) {
        this.intervalNanos = intervalNanos;
        this.hostFreeThreshold = hostFree;
        this.guestFreeThreshold = guestFree;
        this.maxStep = maxStep;
        this.batch = batch;
        this.deflateOnOom = deflateOnOom;
    }

    public static MomBalloon parse(YamlMapping p) {
        MomBalloon m = new MomBalloon(
                Math.round(p.number("intervalSeconds", 10, 1e-3, 1e6) * 1e9),
                p.number("hostFreeThreshold", 0.20, 0, 1),
                p.number("guestFreeThreshold", 0.20, 0, 1),
                p.number("maxStep", 0.05, 0, 1),
                (int) p.integer("batch", 256, 1, 1 << 20),
                p.flag("deflateOnOom", Balloon.VIRTIO_DEFLATE_ON_OOM));
        p.done();
        return m;
    }

    /** Balloons hold at most what MOM takes: all but {@code guestFreeThreshold} of every guest. */
    @Override
    public List<Mechanism> mechanisms() {
        return List.of(new Mechanism.Balloons(1 - guestFreeThreshold));
    }

    @Override
    public String name() {
        return "balloon-mom";
    }

    @Override
    public void start(RunContext run) {
        run.every(intervalNanos, intervalNanos, now -> {
            boolean pressure = run.host().freeFrames() < hostFreeThreshold * run.host().frames();
            for (GuestHandle vm : run.guests()) {
                long current = vm.balloon() == null ? 0 : vm.balloon().pages();
                long step = Math.max(1, Math.round(maxStep * vm.frames()));
                long target;
                if (pressure) {
                    long spare = vm.availableFrames() - Math.round(guestFreeThreshold * vm.frames());
                    target = current + Math.max(0, Math.min(step, spare));
                } else {
                    target = Math.max(0, current - step);
                }
                BalloonTarget.moveTo(run, vm, batch, deflateOnOom, target, now);
            }
        });
    }
}
