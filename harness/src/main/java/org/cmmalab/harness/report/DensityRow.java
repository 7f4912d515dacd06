package org.cmmalab.harness.report;

import org.cmmalab.harness.result.DensityResult;
import org.cmmalab.harness.result.Metric;
import org.cmmalab.harness.result.RunResult;

/**
 * One policy's line of a density report, the numbers the table, CSV and JSON share: guests held,
 * the host memory in use after warm-up at that count (mean, least, most, GiB), and the CPU the
 * policy costs there, as percent of one CPU: its host daemon (PPR's recycler, KSM's scanner) and
 * its guest side (hints, balloon traffic, drivers) summed over all guests.
 */
record DensityRow(String policy, int guests, String heldNote, int failedAt, String failure, double meanGiB,
                  double minGiB, double maxGiB, double hostDaemonCpuPercent, double guestCpuPercent, int runs,
                  double runsWallSeconds, String notFinished) {

    static DensityRow of(DensityResult.PolicyDensity p, double warmupSeconds, double durationSeconds) {
        double measuredSeconds = durationSeconds - warmupSeconds;
        RunResult r = p.atGuests();
        String note = p.failedAt() == 0 || !p.notFinished().isEmpty() ? ">=" : "";
        if (r == null) {
            return new DensityRow(p.policy(), 0, note, p.failedAt(), p.failure(), Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN, p.runs().size(), p.wallSeconds(), p.notFinished());
        }
        double[] secs = r.hostMemory().seconds();
        double[] mib = r.hostMemory().values();
        double sum = 0, min = Double.MAX_VALUE, max = 0;
        int n = 0;
        for (int i = 0; i < secs.length; i++) {
            if (secs[i] >= warmupSeconds) {
                sum += mib[i];
                min = Math.min(min, mib[i]);
                max = Math.max(max, mib[i]);
                n++;
            }
        }
        double guestMs = r.get(Metric.HINT_CPU_MS) + r.get(Metric.BALLOON_CPU_MS) + r.get(Metric.DRIVER_CPU_MS);
        return new DensityRow(p.policy(), p.guests(), note, p.failedAt(), p.failure(), sum / n / 1024, min / 1024,
                max / 1024, r.get(Metric.HOST_CPU_MS) / measuredSeconds / 10, guestMs / measuredSeconds / 10,
                p.runs().size(), p.wallSeconds(), p.notFinished());
    }
}
