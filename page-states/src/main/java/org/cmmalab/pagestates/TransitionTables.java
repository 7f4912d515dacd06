package org.cmmalab.pagestates;

/**
 * {@link StateModel} compiled into lookup tables, one per operation and host mode, each indexed by
 * the old state word and holding the new one, so that {@link FrameTable} makes any transition
 * with one array load and one compare-and-set. Illegal words map to themselves; they never occur.
 */
final class TransitionTables {
    /** ESSA codes come first in a mode's tables; {@code values()} copies an array, so count once. */
    private static final int ORCS = Orc.values().length;
    private static final short[][][] BY_MODE = new short[HostMode.values().length][][];

    static {
        for (HostMode mode : HostMode.values()) {
            short[][] tables = new short[ORCS + FrameOp.values().length][];
            for (Orc orc : Orc.values()) {
                tables[orc.ordinal()] = compile(word -> StateModel.essa(word, orc));
            }
            for (FrameOp op : FrameOp.values()) {
                tables[ORCS + op.ordinal()] = compile(word -> StateModel.apply(word, op, mode));
            }
            BY_MODE[mode.ordinal()] = tables;
        }
    }

    private TransitionTables() {
    }

    /** The tables of {@code mode}: ESSA codes first, by code, then {@link FrameOp}s, by ordinal. */
    static short[][] of(HostMode mode) {
        return BY_MODE[mode.ordinal()];
    }

    static int index(FrameOp op) {
        return ORCS + op.ordinal();
    }

    private static short[] compile(java.util.function.IntUnaryOperator transition) {
        short[] table = new short[FrameState.WORDS];
        for (int word = 0; word < table.length; word++) {
            table[word] = (short) (FrameState.isLegal(word) ? transition.applyAsInt(word) : word);
        }
        return table;
    }
}
