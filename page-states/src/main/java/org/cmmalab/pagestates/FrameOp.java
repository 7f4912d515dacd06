package org.cmmalab.pagestates;

/**
 * The transitions of a frame that are not ESSA: guest stores, and what the host pager does.
 * Each is defined in {@link StateModel}; {@link FrameTable#apply} makes one atomically.
 */
public enum FrameOp {
    /** A guest store to a resident, used frame: sets the change bit and the host change bit. */
    STORE,
    /** The guest wrote the page back to its own backing store: clears the change bit. */
    CLEAN,
    /** Host fault on {@code Sp}: the content is read back from the paging device; {@code Sr}. */
    PAGE_IN,
    /** Host fault on {@code Sz}: the host supplies a zeroed frame; {@code Sr}. */
    ZERO_FILL,
    /**
     * Host reclaim (docs/state-model.md section 2): discards U, V and clean P frames (only U under {@code kvm}), frees a
     * frame whose unchanged copy is already on the paging device or that was zero-filled and never
     * changed, and leaves every other resident frame unchanged for the caller to write out.
     * Called again after the write has landed, it frees the frame, or discards it if the guest
     * declared it unused or volatile meanwhile, or leaves it resident if a store hit it meanwhile.
     */
    RECLAIM,
    /**
     * The host starts writing a frame out: clears the host change bit and marks the device copy
     * as current, so that a store during the write is seen by the {@link #RECLAIM} that follows.
     * No change unless {@link #RECLAIM} would report {@link ReclaimOutcome#MUST_WRITE}.
     */
    BEGIN_WRITE_OUT,
    /**
     * The guest hands a frame to the host, which drops its content whatever its state: z/VM's
     * DIAGNOSE X'10' from the CMM balloon ({@code arch/s390/mm/cmm.c}), and virtio-balloon's
     * inflate or free-page report, which QEMU answers with {@code MADV_DONTNEED}. Under zvm the
     * content becomes logically zero ({@code Pz} does not exist: a potentially volatile frame
     * becomes {@code Vz}); under kvm the PTE becomes none and the PGSTE stays as it was. The usage
     * is the guest's and stays.
     */
    RELEASE,
    /**
     * The host processes a frame from the guest's full collection buffer (kvm: {@code handle_essa}
     * calls {@code __gmap_zap}, which calls {@code ptep_zap_unused}): if the frame is swapped out
     * and unused or logically zero, its swap slot is freed and its PTE cleared. No change under zvm.
     */
    ZAP_UNUSED
}
