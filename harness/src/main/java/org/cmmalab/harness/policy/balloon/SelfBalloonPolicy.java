package org.cmmalab.harness.policy.balloon;

import org.cmmalab.guestmm.balloon.Balloon;
import org.cmmalab.guestmm.selfballoon.SelfBalloon;
import org.cmmalab.harness.policy.GuestHandle;
import org.cmmalab.harness.policy.Policy;
import org.cmmalab.harness.policy.RunContext;
import org.cmmalab.harness.yaml.YamlMapping;

/**
 * {@code self-balloon}: Xen self-ballooning alone, without tmem (the seed's "self-ballooning"
 * configuration, docs/sources.md: "aggressive ballooning (by itself) doesn't work very well").
 * Every {@code intervalSeconds} (5) each guest's {@link SelfBalloon} moves its balloon toward its
 * committed memory, with {@code downHysteresis} (8), {@code upHysteresis} (1) and
 * {@code reservedMiB} (0: 10% of the memory the guest booted with, as {@code xen_selfballoon_init}
 * sets it from {@code totalram_pages}); the balloon moves {@code batch} (512) pages per hypercall.
 * Xen's balloon driver has no deflate-on-OOM ({@link Balloon#XEN_DEFLATE_ON_OOM}).
 * {@code tmem} runs the same loop as its self-ballooning part, with the same parameters.
 */
public final class SelfBalloonPolicy implements Policy {
    private final long intervalNanos;
    private final int down;
    private final int up;
    private final long reservedMiB;
    private final int batch;

    private SelfBalloonPolicy(long intervalNanos, int down, int up, long reservedMiB, int batch) {
        this.intervalNanos = intervalNanos;
        this.down = down;
        this.up = up;
        this.reservedMiB = reservedMiB;
        this.batch = batch;
    }

    public static SelfBalloonPolicy parse(YamlMapping p) {
        SelfBalloonPolicy s = read(p);
        p.done();
        return s;
    }

    /** Reads the self-ballooning parameters from {@code p}, leaving its other keys to the caller. */
    public static SelfBalloonPolicy read(YamlMapping p) {
        return new SelfBalloonPolicy(
                Math.round(p.number("intervalSeconds", SelfBalloon.INTERVAL_SECONDS, 1e-3, 1e6) * 1e9),
                (int) p.integer("downHysteresis", SelfBalloon.DOWN_HYSTERESIS, 1, 1 << 20),
                (int) p.integer("upHysteresis", SelfBalloon.UP_HYSTERESIS, 1, 1 << 20),
                p.integer("reservedMiB", 0, 0, 1 << 22),
                (int) p.integer("batch", 512, 1, 1 << 20));
    }

    @Override
    public String name() {
        return "self-balloon";
    }

    @Override
    public void start(RunContext run) {
        SelfBalloon[] policy = new SelfBalloon[run.guests().size()];
        for (int i = 0; i < policy.length; i++) {
            GuestHandle vm = run.guests().get(i);
            long bootPages = vm.frames() - (vm.balloon() == null ? 0 : vm.balloon().pages());
            // At least 1 MiB: SelfBalloon reads 0 as "10% of all the guest's frames", its maximum.
            long reserved = reservedMiB != 0 ? reservedMiB : Math.max(1, bootPages / 10 / 256);
            policy[i] = new SelfBalloon(vm.kernel(), down, up, reserved);
        }
        run.every(intervalNanos, intervalNanos, now -> {
            for (int i = 0; i < policy.length; i++) {
                GuestHandle vm = run.guests().get(i);
                long held = vm.balloon() == null ? 0 : vm.balloon().pages();
                BalloonTarget.moveTo(run, vm, batch, Balloon.XEN_DEFLATE_ON_OOM, policy[i].balloonTarget(held), now);
            }
        });
    }
}
