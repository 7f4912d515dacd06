package org.cmmalab.pagestates;

/** The host's word on where a frame's content is (docs/state-model.md section 1). */
public enum ContentState {
    /** In a host frame, addressable by the guest. */
    RESIDENT('r', 0),
    /**
     * Preserved: not resident, and the content is kept. Under {@code zvm} it is on the host's
     * paging device; under {@code kvm} it means only "not resident, not logically zero", which
     * KVM reports for a swapped-out page and for one it holds nothing for alike.
     */
    PRESERVED('p', 2),
    /** Logically zero: the frame has no content. */
    ZERO('z', 3);

    private static final ContentState[] BY_BITS = values();

    private final char letter;
    private final int code;

    ContentState(char letter, int code) {
        this.letter = letter;
        this.code = code;
    }

    /**
     * The architected block-content code ESSA returns in bits 0-1 of its result: r 0, p 2, z 3
     * (KVM's {@code __do_essa}, {@code arch/s390/kvm/priv.c}: 2 for a non-present page, plus 1
     * where the PGSTE's logical-zero bit is set). Not the ordinal.
     */
    public int code() {
        return code;
    }

    /** The letter the spec writes for this state: r, p or z. */
    public char letter() {
        return letter;
    }

    /** The content whose bits in a state word are {@code bits}. */
    static ContentState ofBits(int bits) {
        return BY_BITS[bits];
    }
}
