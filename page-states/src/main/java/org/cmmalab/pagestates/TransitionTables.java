package org.cmmalab.pagestates;

/**
 * {@link StateModel} compiled into lookup tables, one per operation and host mode, each indexed by
 * the old state word and holding the new one, so that {@link FrameTable} makes any transition
 * with one array load and one compare-and-set. Illegal words map to themselves; they never occur.
 *
 * <p>The static methods answer what {@link StateModel}'s do, by one array load, for hot paths
 * (a host pager deciding what a reclaim did); the tests check that both agree on every word.
 */
public final class TransitionTables {
    /** ESSA codes come first in a mode's tables; {@code values()} copies an array, so count once. */
    private static final int ORCS = Orc.values().length;
    private static final short[][][] BY_MODE = new short[HostMode.values().length][][];
    private static final ReclaimOutcome[][] OUTCOMES = new ReclaimOutcome[HostMode.values().length][FrameState.WORDS];

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
            for (int word = 0; word < FrameState.WORDS; word++) {
                OUTCOMES[mode.ordinal()][word] = FrameState.isLegal(word) ? StateModel.reclaimOutcome(word, mode) : null;
            }
        }
    }

    /** {@link StateModel#essa}, by table. ESSA does not depend on the host mode. */
    public static int essa(int word, Orc orc) {
        return BY_MODE[0][orc.ordinal()][word];
    }

    /** {@link StateModel#apply}, by table. */
    public static int apply(int word, FrameOp op, HostMode mode) {
        return BY_MODE[mode.ordinal()][ORCS + op.ordinal()][word];
    }

    /** {@link StateModel#reclaimOutcome}, by table; null for an illegal word. */
    public static ReclaimOutcome reclaimOutcome(int word, HostMode mode) {
        return OUTCOMES[mode.ordinal()][word];
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
