package org.cmmalab.discardfault;

/**
 * What one host reclaim of a unit did ({@link FrameStore#reclaim}), or, for the single steps of a
 * write-out, how far it got. Three of the values are races the protocol resolved (docs/state-model.md section 6).
 */
public enum ReclaimResult {
    /** The unit was not resident; nothing happened. */
    NOT_RESIDENT,
    /** Freed without I/O, content gone: unused, volatile, or clean potentially volatile (docs/state-model.md section 2). */
    DISCARDED,
    /** Freed without I/O: the device already held an unchanged copy, or the unit was zero and unchanged. */
    DROPPED,
    /** Only from {@link FrameStore#reclaimStep}: the content must be written out first; nothing changed yet. */
    MUST_WRITE,
    /** Written to the paging device and freed: the unit is preserved ({@code Sp}). */
    WRITTEN,
    /** Race 4: a guest store landed during the write; the unit stays resident with the new content. */
    STORE_DURING_WRITE,
    /** Race 5: the guest made the unit unused or volatile during the write; freed, the written copy dropped. */
    FREED_DURING_WRITE
}
