package org.cmmalab.harness.scenario;

import org.cmmalab.harness.yaml.YamlMapping;

/**
 * The {@code migration:} section of a scenario: a pre-copy live migration of every guest, started
 * at a fixed virtual time, each guest over its own link of {@code bandwidth} (as if each went to
 * its own destination host). The model and its sources are in {@code docs/experiments/migration.md}
 * and {@link org.cmmalab.harness.experiment.migration.PreCopy}; the costs below are the ones it charges.
 *
 * @param startNanos          when the migration starts ({@code startSeconds})
 * @param bitsPerSecond       the link's speed ({@code bandwidthGbitPerSecond}, default 100, the
 *                            reading of free page hints v36's "migrate_set_speed 100G", docs/sources.md)
 * @param downtimeNanos       the downtime limit ({@code downtimeMillis}; QEMU's default is 300 ms,
 *                            {@code DEFAULT_MIGRATE_SET_DOWNTIME}; free page hints v36 set 2 s)
 * @param scanNanosPerPage    the migration thread reading one 4 KiB page and testing it for zeros
 *                            ({@code scanNsPerPage}, QEMU's {@code buffer_is_zero}; default 400: a
 *                            4 KiB read at about 10 GB/s, our estimate of one core's streaming read
 *                            rate on the seed's Xeon E5-2699 v4)
 * @param attributeNanosPerPage reading one page's storage attribute ({@code attributeNsPerPage},
 *                            KVM_S390_GET_CMMA_BITS; default 5, our estimate for one PGSTE read)
 * @param syncNanosPerPage    one dirty-bitmap sync, per guest page ({@code syncNsPerPage};
 *                            KVM_GET_DIRTY_LOG and QEMU's bitmap merge; default 1, our estimate)
 * @param hintNanosPerBlock   the guest hinting one free block to the host ({@code hintNsPerBlock}:
 *                            an allocation and a virtqueue entry; default 2000, the design's balloon
 *                            cost per page used as an estimate)
 */
public record MigrationSpec(long startNanos, double bitsPerSecond, long downtimeNanos, long scanNanosPerPage,
                            long attributeNanosPerPage, long syncNanosPerPage, long hintNanosPerBlock) {

    static MigrationSpec read(YamlMapping m, double durationSeconds) {
        double start = m.number("startSeconds", 10, 0, 1e6);
        if (start >= durationSeconds) {
            throw m.error("startSeconds", "migration.startSeconds must be before the end of the run (durationSeconds "
                    + durationSeconds + ")");
        }
        MigrationSpec spec = new MigrationSpec(
                Math.round(start * 1e9),
                m.number("bandwidthGbitPerSecond", 100, 1e-3, 1e6) * 1e9,
                Math.round(m.number("downtimeMillis", 300, 1, 1e7) * 1e6),
                m.integer("scanNsPerPage", 400, 0, 1_000_000_000L),
                m.integer("attributeNsPerPage", 5, 0, 1_000_000_000L),
                m.integer("syncNsPerPage", 1, 0, 1_000_000_000L),
                m.integer("hintNsPerBlock", 2000, 0, 1_000_000_000L));
        m.done();
        return spec;
    }

    /** Nanoseconds the link needs for {@code bytes}. */
    public long wireNanos(long bytes) {
        return Math.round(bytes * 8 / bitsPerSecond * 1e9);
    }
}
