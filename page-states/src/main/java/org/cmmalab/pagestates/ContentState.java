package org.cmmalab.pagestates;

/** The host's word on where a frame's content is (spec section 1). */
public enum ContentState {
    /** In a host frame, addressable by the guest. */
    RESIDENT('r'),
    /** On the host's paging device. */
    PRESERVED('p'),
    /** Logically zero: the frame has no content. */
    ZERO('z');

    private static final ContentState[] BY_CODE = values();

    private final char letter;

    ContentState(char letter) {
        this.letter = letter;
    }

    /** The letter the spec writes for this state: r, p or z. */
    public char letter() {
        return letter;
    }

    static ContentState ofCode(int code) {
        return BY_CODE[code];
    }
}
