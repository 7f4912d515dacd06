package org.cmmalab.pagestates;

/**
 * What host reclaim of one frame did, read from the state word it returned
 * (see {@link StateModel#reclaimOutcome(int, HostMode)}).
 */
public enum ReclaimOutcome {
    /** The frame was not resident; nothing happened. */
    NOT_RESIDENT,
    /** Freed without I/O; the content is gone (U, V or clean P: docs/state-model.md section 2). */
    DISCARDED,
    /** Freed without I/O: the paging device already holds an unchanged copy ({@code Sp}). */
    DROPPED_BACKED,
    /** Freed without I/O: the frame was zero-filled and never changed ({@code Sz}). */
    DROPPED_ZERO,
    /** The content must be written to the paging device first; the state was not changed. */
    MUST_WRITE
}
