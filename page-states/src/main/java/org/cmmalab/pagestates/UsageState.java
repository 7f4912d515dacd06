package org.cmmalab.pagestates;

/**
 * The guest's word on a frame's content, set with {@link Orc ESSA}
 * (docs/state-model.md section 1; Linux {@code arch/s390/include/asm/page-states.h}).
 */
public enum UsageState {
    /** The guest needs the content; the host must preserve it. */
    STABLE('S', 0),
    /** The guest does not use the frame; the host may drop it at any time. */
    UNUSED('U', 1),
    /** The guest can recreate the content; the host may discard it and deliver a discard fault. */
    VOLATILE('V', 3),
    /** Volatile while the change bit is clear; the host checks the change bit before it discards. */
    POT_VOLATILE('P', 2);

    private static final UsageState[] BY_BITS = values();

    private final char letter;
    private final int code;

    UsageState(char letter, int code) {
        this.letter = letter;
        this.code = code;
    }

    /**
     * The architected block-usage code ESSA returns in bits 2-3 of its result: S 0, U 1, P 2, V 3
     * (Linux {@code arch/s390/include/asm/page-states.h} {@code ESSA_USAGE_*}; KVM's
     * {@code __do_essa} in {@code arch/s390/kvm/priv.c} shifts the PGSTE's usage bits there).
     * Not the ordinal: the state word keeps its own, older order.
     */
    public int code() {
        return code;
    }

    /** The letter the spec writes for this state: S, U, V or P. */
    public char letter() {
        return letter;
    }

    /** The usage whose bits in a state word are {@code bits}. */
    static UsageState ofBits(int bits) {
        return BY_BITS[bits];
    }
}
