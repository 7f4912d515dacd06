package org.cmmalab.pagestates;

/**
 * The guest's word on a frame's content, set with {@link Orc ESSA}
 * (spec section 1; Linux {@code arch/s390/include/asm/page-states.h}).
 */
public enum UsageState {
    /** The guest needs the content; the host must preserve it. */
    STABLE('S'),
    /** The guest does not use the frame; the host may drop it at any time. */
    UNUSED('U'),
    /** The guest can recreate the content; the host may discard it and deliver a discard fault. */
    VOLATILE('V'),
    /** Volatile while the change bit is clear; the host checks the change bit before it discards. */
    POT_VOLATILE('P');

    private static final UsageState[] BY_CODE = values();

    private final char letter;

    UsageState(char letter) {
        this.letter = letter;
    }

    /** The letter the spec writes for this state: S, U, V or P. */
    public char letter() {
        return letter;
    }

    static UsageState ofCode(int code) {
        return BY_CODE[code];
    }
}
