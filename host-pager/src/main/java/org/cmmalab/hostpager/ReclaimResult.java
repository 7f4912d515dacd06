package org.cmmalab.hostpager;

/**
 * What one host reclaim of a unit did ({@link GuestSpace#reclaim}), or, for the single steps of a
 * write-out, how far it got. Three of the values are races the protocol resolved (docs/state-model.md section 6).
 */
public enum ReclaimResult {
    /** The unit was not resident; nothing happened. */
    NOT_RESIDENT,
    /** Freed without I/O, content gone: unused, volatile, or clean potentially volatile (docs/state-model.md section 2). */
    DISCARDED,
    /** Freed without I/O: the device already held an unchanged copy, or the unit was zero and unchanged. */
    DROPPED,
    /** Only from {@link GuestSpace#reclaimStep}: the content must be written out first; nothing changed yet. */
    MUST_WRITE,
    /** The content must be written out and the paging device has no room for it: nothing changed, the unit stays. */
    DEVICE_FULL,
    /** Only from a write-out that was started and not finished: {@link GuestSpace#finishWriteOut} will say how it ended. */
    WRITE_IN_FLIGHT,
    /**
     * Only from {@link GuestSpace#finishWriteOut(int, int)}: a direct reclaim that found nothing
     * else to free waited for this write-out and ended it before its time; nothing more happens.
     */
    ENDED_EARLY,
    /** Written to the paging device and freed: the unit is preserved ({@code Sp}). */
    WRITTEN,
    /** Race 4: a guest store landed during the write; the unit stays resident with the new content. */
    STORE_DURING_WRITE,
    /** Race 5: the guest made the unit unused or volatile, or gave it back, during the write; freed, the written copy dropped. */
    FREED_DURING_WRITE
}
