package org.cmmalab.harness.policy.ksm;

import java.util.List;
import org.cmmalab.harness.policy.GuestHandle;
import org.cmmalab.harness.policy.Mechanism;
import org.cmmalab.harness.policy.Policy;
import org.cmmalab.harness.policy.RunContext;
import org.cmmalab.harness.yaml.YamlMapping;
import org.cmmalab.hostpager.GuestSpace;
import org.cmmalab.hostpager.ksm.Ksm;

/**
 * {@code ksm}: kernel same-page merging on the host (Linux {@code mm/ksm.c}; QEMU marks guest
 * memory mergeable by default): {@link Ksm}'s scanner over every guest's resident frames merges
 * frames of identical content into shared copy-on-write frames, which a store splits again.
 * Parameters are KSM's sysfs knobs with their defaults: {@code pagesToScan} (100,
 * {@code pages_to_scan}) pages per batch, a batch every {@code sleepMillisecs} (20,
 * {@code sleep_millisecs}), at most {@code maxPageSharing} (256, {@code max_page_sharing})
 * guest frames per shared frame, {@code smartScan} (true, {@code smart_scan}, Linux 6.7's default:
 * frames that keep failing to merge are skipped for growing intervals, {@code SmartScan}).
 * What merges is content that is really the same across guests:
 * zero pages, and the unwritten file pages of guests booted from one image (the machine boots each
 * guest group from one image).
 *
 * <p>Charged: the scanner to the host ({@code hostCpuMs}), {@code scanMicrosPerPage} (1 us,
 * our estimate of a checksum of 4 KiB plus tree lookups; Linux documents no figure) per page
 * scanned, which no guest waits for; a copy-on-write break to the guest that stored, on its vCPU,
 * as one page copy at the cost of a zero fill ({@code costs.zeroFillNs}, 1 us; it also takes a
 * host frame, and any reclaim that needs is charged as usual). {@code sharingSavedMiB} reports
 * the mean memory saved.
 */
public final class KsmPolicy implements Policy {
    private final int pagesToScan;
    private final long sleepNanos;
    private final int maxPageSharing;
    private final double scanNanos;
    private final boolean smartScan;

    private KsmPolicy(int pagesToScan, long sleepNanos, int maxPageSharing, double scanNanos, boolean smartScan) {
        this.pagesToScan = pagesToScan;
        this.sleepNanos = sleepNanos;
        this.maxPageSharing = maxPageSharing;
        this.scanNanos = scanNanos;
        this.smartScan = smartScan;
    }

    @Override
    public List<Mechanism> mechanisms() {
        return List.of(new Mechanism.SamePageMerging(smartScan));
    }

    public static KsmPolicy parse(YamlMapping p) {
        KsmPolicy k = new KsmPolicy(
                (int) p.integer("pagesToScan", Ksm.DEFAULT_PAGES_TO_SCAN, 0, 1 << 30),
                Math.round(p.number("sleepMillisecs", Ksm.DEFAULT_SLEEP_MILLIS, 1e-3, 1e9) * 1e6),
                (int) p.integer("maxPageSharing", 256, 2, 1 << 20),
                p.number("scanMicrosPerPage", 1, 0, 1e6) * 1000,
                p.flag("smartScan", Ksm.DEFAULT_SMART_SCAN));
        p.done();
        return k;
    }

    @Override
    public String name() {
        return "ksm";
    }

    @Override
    public void start(RunContext run) {
        Ksm ksm = new Ksm(run.host(), smartScan);
        ksm.sharing().setMaxSharing(maxPageSharing);
        long copy = run.costs().zeroFill();
        for (GuestHandle vm : run.guests()) {
            GuestSpace space = run.host().guest(vm.kernel().config().guest());
            vm.meter(() -> ksm.sharing().cowBreaks(space) * copy);
        }
        run.every(sleepNanos, sleepNanos, now -> {
            int scanned = ksm.scan(pagesToScan);
            run.chargeHost(Math.round(scanned * scanNanos));
        });
    }
}
