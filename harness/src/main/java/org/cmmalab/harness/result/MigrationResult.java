package org.cmmalab.harness.result;

/**
 * What the live migration of one guest measured ({@code migration:} in a scenario). Times are
 * virtual milliseconds; a migration that had not completed when the run ended has
 * {@code completed} false and NaN times.
 *
 * @param guest            the guest's name, such as {@code idle-0}
 * @param completed        whether the migration finished within the run
 * @param totalMs          from the start to the end of the stop-and-copy (QEMU's "total time")
 * @param downtimeMs       the guest stopped: the last sync, the rest of the dirty pages and attributes
 * @param rounds           live rounds plus the stop-and-copy round
 * @param pagesSent        pages sent whole (4 KiB and a header)
 * @param zeroPages        pages read, found all zero and sent as a flag
 * @param skippedHinted    pages left out because the guest hinted them free (free page hint)
 * @param skippedUnused    pages left out because their attribute said unused (CMMA)
 * @param skippedDiscarded pages left out because the host had discarded them (CMMA, volatile)
 * @param skippedZero      pages left out because the host held no content for them (CMMA, stable)
 * @param bytesSent        everything on the wire: pages, flags and attributes
 * @param attributeBytes   storage attributes (s390 CMMA state) on the wire, included in {@code bytesSent}
 * @param pausedMs         the guest's vCPU held by the stop-and-copy
 * @param hintCpuMs        the guest's vCPU spent hinting free blocks
 * @param guestDiskReads   the guest's disk reads during the migration (reclaim the held hints forced shows here)
 * @param lostPages        pages the guest holds whose content on the destination differs from the source's: must be 0
 */
public record MigrationResult(String guest, boolean completed, double totalMs, double downtimeMs, long rounds,
                              long pagesSent, long zeroPages, long skippedHinted, long skippedUnused,
                              long skippedDiscarded, long skippedZero, long bytesSent, long attributeBytes,
                              double pausedMs, double hintCpuMs, long guestDiskReads, long lostPages) {
    /** The workload's slowdown: vCPU time the migration took from it. */
    public double slowdownMs() {
        return pausedMs + hintCpuMs;
    }
}
