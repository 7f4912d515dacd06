package org.cmmalab.pagestates;

/**
 * ESSA operation-request codes, numbered as in Linux {@code arch/s390/include/asm/page-states.h}.
 * The transition each one makes is defined in {@link StateModel#essa(int, Orc)} (docs/state-model.md section 4).
 */
public enum Orc {
    GET_STATE,
    SET_STABLE,
    SET_UNUSED,
    SET_VOLATILE,
    SET_POT_VOLATILE,
    SET_STABLE_RESIDENT,
    SET_STABLE_IF_RESIDENT,
    SET_STABLE_NODAT;

    private static final Orc[] BY_CODE = values();

    /** The architected code, 0 to 7. */
    public int code() {
        return ordinal();
    }

    /** The operation with this architected code; an {@link IllegalArgumentException} for any other. */
    public static Orc of(int code) {
        if (code < 0 || code >= BY_CODE.length) {
            throw new IllegalArgumentException(
                    "unknown ESSA operation-request code " + code + "; valid codes are 0.." + (BY_CODE.length - 1));
        }
        return BY_CODE[code];
    }
}
