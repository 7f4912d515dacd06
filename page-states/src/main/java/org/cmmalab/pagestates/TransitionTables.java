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
    private static final int MODES = HostMode.values().length;
    private static final short[][][] BY_MODE = new short[MODES][][];
    private static final ReclaimOutcome[][] OUTCOMES = new ReclaimOutcome[MODES][FrameState.WORDS];
    private static final boolean[][][] COLLECTS = new boolean[MODES][ORCS][FrameState.WORDS];

    static {
        for (HostMode mode : HostMode.values()) {
            short[][] tables = new short[ORCS + FrameOp.values().length][];
            for (Orc orc : Orc.values()) {
                tables[orc.ordinal()] = compile(mode, word -> StateModel.essa(word, orc, mode));
                for (int word = 0; word < FrameState.WORDS; word++) {
                    COLLECTS[mode.ordinal()][orc.ordinal()][word] =
                            StateModel.isLegal(word, mode) && StateModel.collects(word, orc, mode);
                }
            }
            for (FrameOp op : FrameOp.values()) {
                tables[ORCS + op.ordinal()] = compile(mode, word -> StateModel.apply(word, op, mode));
            }
            BY_MODE[mode.ordinal()] = tables;
            for (int word = 0; word < FrameState.WORDS; word++) {
                OUTCOMES[mode.ordinal()][word] =
                        StateModel.isLegal(word, mode) ? StateModel.reclaimOutcome(word, mode) : null;
            }
        }
    }

    /** {@link StateModel#essa}, by table. */
    public static int essa(int word, Orc orc, HostMode mode) {
        return BY_MODE[mode.ordinal()][orc.ordinal()][word];
    }

    /** {@link StateModel#collects}, by table; false for an illegal word. */
    public static boolean collects(int word, Orc orc, HostMode mode) {
        return COLLECTS[mode.ordinal()][orc.ordinal()][word];
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

    private static short[] compile(HostMode mode, java.util.function.IntUnaryOperator transition) {
        short[] table = new short[FrameState.WORDS];
        for (int word = 0; word < table.length; word++) {
            table[word] = (short) (StateModel.isLegal(word, mode) ? transition.applyAsInt(word) : word);
        }
        return table;
    }
}
