package org.cmmalab.harness.replay;

/**
 * What a replay counted. Every number but {@code referencesPerSecond} is exact and deterministic.
 *
 * @param references          references in the trace
 * @param distinctPages       distinct pages in the trace
 * @param guestFrames         guest memory used, in frames
 * @param hostFaults          references that did not find their page resident on the host, first
 *                            touches included, each reference counted once
 * @param pageIns             host reads from the paging device
 * @param pageOuts            host writes to the paging device
 * @param discards            frames the host freed without I/O because of their state
 * @param discardFaults       discard faults delivered to the guest
 * @param zeroFills           frames the host supplied zeroed
 * @param guestReads          pages the guest read from its own disk
 * @param lostPages           reads that did not see the last write (must be 0)
 * @param essaOps             ESSA operations the guest issued
 * @param essaByOp            the same by operation-request code, every code, in code order
 * @param referencesPerSecond replay speed, wall clock
 */
public record ReplayResult(long references, int distinctPages, int guestFrames, long hostFaults, long pageIns,
                           long pageOuts, long discards, long discardFaults, long zeroFills, long guestReads,
                           long lostPages, long essaOps, java.util.Map<String, Long> essaByOp,
                           double referencesPerSecond) {
    public ReplayResult {
        essaByOp = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(essaByOp));
    }
}
