package org.cmmalab.harness.experiment.migration;

import org.cmmalab.harness.scenario.MigrationSpec;

/**
 * The clocks of one migration: QEMU's single migration thread, which reads pages and writes them
 * to the socket, and the link, which carries them at the configured speed. The thread may read the
 * next page while the link sends the one before, no further ahead, so in the steady state a page
 * costs the larger of its CPU time and its wire time.
 *
 * <p>It also keeps QEMU's estimate of the bandwidth (Peter Xu's and Juan Quintela's
 * {@code migration_update_counters} in {@code migration/migration.c}): every
 * {@value #BUFFER_DELAY_NANOS} ns ({@code BUFFER_DELAY}, 100 ms) the bytes written in that period
 * over its length, times the downtime limit, become the threshold below which the rest is sent
 * with the guest stopped ({@code threshold_size}). Bytes are counted when the thread writes them,
 * as {@code qemu_ftell} counts them. Before the first estimate the threshold is 0.
 */
final class MigrationStream {
    static final long BUFFER_DELAY_NANOS = 100_000_000L;

    private final MigrationSpec spec;
    private long thread;
    private long link;
    private long bytes;
    private long periodStart;
    private long periodBytes;
    private double thresholdBytes;

    MigrationStream(MigrationSpec spec, long start) {
        this.spec = spec;
        this.thread = start;
        this.link = start;
        this.periodStart = start;
    }

    /** The migration thread works {@code nanos}. */
    void cpu(long nanos) {
        thread += nanos;
    }

    /** The thread writes {@code n} bytes; it goes on once the link has started sending them. */
    void send(long n) {
        long wire = spec.wireNanos(n);
        link = Math.max(link, thread) + wire;
        thread = Math.max(thread, link - wire);
        bytes += n;
        periodBytes += n;
    }

    /** Renews the bandwidth estimate if a period has passed. */
    void updateEstimate() {
        long spent = thread - periodStart;
        if (spent >= BUFFER_DELAY_NANOS) {
            thresholdBytes = (double) periodBytes / spent * spec.downtimeNanos();
            periodStart = thread;
            periodBytes = 0;
        }
    }

    /** Where the thread's clock is. */
    long thread() {
        return thread;
    }

    /** When everything written so far has left the link. */
    long end() {
        return Math.max(thread, link);
    }

    long bytes() {
        return bytes;
    }

    /** Bytes QEMU believes it can send within the downtime limit (0 before the first estimate). */
    double thresholdBytes() {
        return thresholdBytes;
    }
}
