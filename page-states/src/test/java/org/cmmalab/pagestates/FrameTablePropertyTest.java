package org.cmmalab.pagestates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Random sequences of frame-table operations, run on a {@link FrameTable} and on a plain
 * sequential reference written here from the spec, compared after every step: the returned value
 * or the exception, and then the state of every frame and run. QuickTheories shrinks a failing
 * sequence to a short one.
 *
 * <p>The reference, {@link ReferenceFrameTable}, is an independent oracle: it does not call
 * {@link StateModel} or {@link TransitionTables}.
 *
 * <p>System properties, for long runs: {@code properties.examples} (sequences, default 300),
 * {@code properties.steps} (longest sequence, default 60); QuickTheories' own {@code QT_SEED}
 * replays a reported seed.
 */
class FrameTablePropertyTest {

    private static final int EXAMPLES = Integer.getInteger("properties.examples", 300);
    private static final int MAX_STEPS = Integer.getInteger("properties.steps", 60);

    /** Wide: tables of 8 to 16 frames, so runs, trailing frames and bounds all take part. */
    @Test
    void wideTablesBehaveLikeTheSequentialReference() {
        check(scenarios(8, 16));
    }

    /**
     * Deep: tables of 2 to 4 frames, so that one frame sees long chains of operations (stored,
     * written out, made potentially volatile, paged in, ...) and reaches every state, which a
     * wide table rarely does in a few dozen steps.
     */
    @Test
    void smallTablesBehaveLikeTheSequentialReference() {
        check(scenarios(2, 4));
    }

    /**
     * Sparse: the wide tables again, in chunks of storage of one large frame (2 or 4 frames), so
     * that a table is 2 to 8 chunks, most absent at first, the last one short when the frames do
     * not fill it. Besides the states, checks after every step that the table has allocated
     * exactly the chunks in which some step has changed something.
     */
    @Test
    void tablesInSmallChunksBehaveLikeTheSequentialReference() {
        check(scenarios(8, 16), true);
    }

    private static void check(Gen<Scenario> scenarios) {
        check(scenarios, false);
    }

    private static void check(Gen<Scenario> scenarios, boolean smallChunks) {
        // Every table operation is lock-free or waits only for a merge or split in progress, so
        // a sequential run that does not end is a bug (a flag left behind); fail instead of hanging.
        assertTimeoutPreemptively(Duration.ofSeconds(30 + EXAMPLES / 10), () ->
                qt().withExamples(EXAMPLES)
                        .withShrinkCycles(Math.max(1000, EXAMPLES))
                        .forAll(scenarios)
                        .checkAssert(s -> run(s, smallChunks)));
    }

    /**
     * The reference itself must be able to fail: a reference that agreed with anything would
     * make the property above vacuous. One store that the table does not see is enough.
     */
    @Test
    void referenceNoticesADifference() {
        FrameTable table = new FrameTable(4, HostMode.ZVM, 2);
        ReferenceFrameTable ref = new ReferenceFrameTable(4, HostMode.ZVM, 2);
        Step zeroFill = new Step(Kind.APPLY, 0, FrameOp.ZERO_FILL.ordinal());
        assertEquals(zeroFill.run(ref, 4, 2), zeroFill.run(table, 4, 2));
        ref.apply(0, FrameOp.STORE);
        assertTrue(!ref.state(0).equals(outcome(() -> table.state(0))), "reference and table should differ now");
    }

    // ---------------------------------------------------------------- running one scenario

    private static void run(Scenario s, boolean smallChunks) {
        int framesPerChunk = smallChunks ? s.framesPerLarge : FrameTable.FRAMES_PER_CHUNK;
        FrameTable table = new FrameTable(s.frames, s.mode, s.framesPerLarge, framesPerChunk);
        ReferenceFrameTable ref = new ReferenceFrameTable(s.frames, s.mode, s.framesPerLarge);
        // The chunks in which the reference has shown a change so far: a frame not Sz, or a run
        // merged. Steps are sequential, so the table must have allocated exactly these.
        boolean[] touched = new boolean[(s.frames + framesPerChunk - 1) / framesPerChunk];
        // What a reader needs after a failure: the steps so far with the table's results. Shrinking
        // turns unneeded steps into essa(0, GET_STATE), which changes nothing; the trace leaves
        // those out (QuickTheories prints the whole sequence anyway).
        StringBuilder trace = new StringBuilder("\nsteps (GET_STATE left out):");
        for (int i = 0; i < s.steps.size(); i++) {
            Step step = s.steps.get(i);
            String expected = step.run(ref, s.frames, s.framesPerLarge);
            String actual = step.run(table, s.frames, s.framesPerLarge);
            if (!(step.kind == Kind.ESSA && step.orc() == Orc.GET_STATE)) {
                trace.append("\n  ").append(i).append(": ").append(step.describe(s.frames, s.framesPerLarge))
                        .append(" -> ").append(actual);
            }
            int at = i;
            Supplier<String> where = () -> " after step " + at + " (" + s.mode.id() + ", " + s.frames
                    + " frames, " + s.framesPerLarge + " per large)" + trace;
            assertEquals(expected, actual, () -> "result" + where.get());
            // Then the whole table: every frame, every run, and never an illegal state.
            for (int f = 0; f < s.frames; f++) {
                int frame = f;
                int word = table.state(f);
                assertTrue(isLegalPair(word, s.mode), () -> "illegal state " + Words.show(word) + " at frame " + frame + where.get());
                assertEquals(ref.state(f), show(word), () -> "frame " + frame + where.get());
            }
            for (int l = 0; l < s.frames / s.framesPerLarge; l++) {
                int large = l;
                assertEquals(ref.isLarge(l), String.valueOf(table.isLarge(l)), () -> "isLarge(" + large + ")" + where.get());
                if (ref.isLarge(l).equals("true")) {
                    touched[l * s.framesPerLarge / framesPerChunk] = true;
                }
            }
            for (int f = 0; f < s.frames; f++) {
                if (!ref.state(f).equals(s.mode == HostMode.ZVM ? "Sz" : "Sp")) {
                    touched[f / framesPerChunk] = true;
                }
            }
            int chunks = 0;
            for (boolean t : touched) {
                chunks += t ? 1 : 0;
            }
            assertEquals(chunks, table.chunksAllocated(), () -> "chunks allocated" + where.get());
        }
    }

    /** The 8 pairs of zvm, or every pair but Pz under kvm, by letters, independent of StateModel.isLegal. */
    private static boolean isLegalPair(int word, HostMode mode) {
        if ((word & ~FrameState.STATE_MASK) != 0 || (word & FrameState.CONTENT_MASK) == FrameState.CONTENT_MASK) {
            return false;
        }
        String pair = FrameState.name(word);
        return mode == HostMode.ZVM ? List.of("Sr", "Sp", "Sz", "Ur", "Uz", "Vr", "Vz", "Pr").contains(pair) : !pair.equals("Pz");
    }

    // ---------------------------------------------------------------- generators

    private static Gen<Scenario> scenarios(int minFrames, int maxFrames) {
        Gen<HostMode> modes = arbitrary().enumValues(HostMode.class);
        // Sizes that are not a multiple of the large-frame size leave trailing frames.
        Gen<Integer> frames = integers().between(minFrames, maxFrames);
        Gen<Integer> framesPerLarge = arbitrary().pick(2, 4);
        Gen<List<Step>> steps = lists().of(steps()).ofSizeBetween(1, MAX_STEPS);
        return modes.zip(frames, framesPerLarge, steps, Scenario::new);
    }

    private static Gen<Step> steps() {
        // Repeats weight the draw: mostly small-frame work, with enough merges and large-frame
        // operations that runs get merged, changed as one and split again.
        List<Kind> weighted = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            for (int i = 0; i < kind.weight; i++) {
                weighted.add(kind);
            }
        }
        // index and code are raw numbers, resolved against the table's shape when run (see Step),
        // so that they shrink towards frame 0 and code 0.
        Gen<Integer> raw = integers().between(0, Step.RAW_LIMIT - 1);
        return arbitrary().pick(weighted).zip(raw, raw, Step::new);
    }

    // ---------------------------------------------------------------- scenario and steps

    static final class Scenario {
        final HostMode mode;
        final int frames;
        final int framesPerLarge;
        final List<Step> steps;

        Scenario(HostMode mode, int frames, int framesPerLarge, List<Step> steps) {
            this.mode = mode;
            this.frames = frames;
            this.framesPerLarge = framesPerLarge;
            this.steps = steps;
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(mode.id() + ", " + frames + " frames, " + framesPerLarge + " per large:");
            for (Step step : steps) {
                sb.append(' ').append(step.describe(frames, framesPerLarge)).append(';');
            }
            return sb.toString();
        }
    }

    enum Kind {
        ESSA(6), APPLY(6), STATE(1), ESSA_LARGE(2), APPLY_LARGE(2), MERGE(4), SPLIT(1), STATE_LARGE(1), IS_LARGE(1),
        /** ESSA with one code on every frame of a run in turn: makes runs agree, so merges succeed. */
        ESSA_RUN(3),
        /** The host's write-out of one frame: BEGIN_WRITE_OUT, then (the write lands) RECLAIM. */
        WRITE_OUT(2);

        final int weight;

        Kind(int weight) {
            this.weight = weight;
        }

        boolean onLarge() {
            return this != ESSA && this != APPLY && this != STATE && this != WRITE_OUT;
        }
    }

    /** The operations both sides offer; each returns the outcome as text (see {@link #outcome}). */
    interface Frames {
        String essa(int frame, Orc orc);

        String apply(int frame, FrameOp op);

        String state(int frame);

        String essaLarge(int large, Orc orc);

        String applyLarge(int large, FrameOp op);

        String merge(int large);

        String split(int large);

        String stateLarge(int large);

        String isLarge(int large);
    }

    static final class Step {
        /** Raw index and code are drawn from 0 to RAW_LIMIT - 1. */
        static final int RAW_LIMIT = 64;

        final Kind kind;
        final int rawIndex;
        final int rawCode;

        Step(Kind kind, int rawIndex, int rawCode) {
            this.kind = kind;
            this.rawIndex = rawIndex;
            this.rawCode = rawCode;
        }

        /**
         * The frame or run this step targets: 0 to n - 1 mostly, and n or -1 now and then (raw
         * 62 and 63), so that the bounds checks are compared too.
         */
        int index(int frames, int framesPerLarge) {
            int n = kind.onLarge() ? frames / framesPerLarge : frames;
            if (rawIndex >= RAW_LIMIT - 2 || n == 0) { // n == 0: a table smaller than one large frame
                return rawIndex == RAW_LIMIT - 1 ? -1 : n;
            }
            return rawIndex % n;
        }

        Orc orc() {
            return Orc.of(rawCode % Orc.values().length);
        }

        FrameOp op() {
            return FrameOp.values()[rawCode % FrameOp.values().length];
        }

        String run(ReferenceFrameTable ref, int frames, int framesPerLarge) {
            return run((Frames) ref, frames, framesPerLarge);
        }

        String run(FrameTable table, int frames, int framesPerLarge) {
            return run(new TableFrames(table), frames, framesPerLarge);
        }

        private String run(Frames f, int frames, int framesPerLarge) {
            int i = index(frames, framesPerLarge);
            switch (kind) {
                case ESSA: return f.essa(i, orc());
                case APPLY: return f.apply(i, op());
                case STATE: return f.state(i);
                case ESSA_LARGE: return f.essaLarge(i, orc());
                case APPLY_LARGE: return f.applyLarge(i, op());
                case MERGE: return f.merge(i);
                case SPLIT: return f.split(i);
                case STATE_LARGE: return f.stateLarge(i);
                case IS_LARGE: return f.isLarge(i);
                case ESSA_RUN:
                    if (i < 0 || i >= frames / framesPerLarge) {
                        return f.essa(-1, orc()); // out of range: compare the bounds error once
                    }
                    StringBuilder all = new StringBuilder();
                    for (int frame = i * framesPerLarge; frame < (i + 1) * framesPerLarge; frame++) {
                        all.append(f.essa(frame, orc())).append(' ');
                    }
                    return all.toString().trim();
                case WRITE_OUT:
                    return f.apply(i, FrameOp.BEGIN_WRITE_OUT) + " " + f.apply(i, FrameOp.RECLAIM);
                default: throw new AssertionError(kind);
            }
        }

        String describe(int frames, int framesPerLarge) {
            String name = kind.name().toLowerCase(java.util.Locale.ROOT);
            int i = index(frames, framesPerLarge);
            switch (kind) {
                case ESSA: case ESSA_LARGE: case ESSA_RUN: return name + "(" + i + ", " + orc() + ")";
                case APPLY: case APPLY_LARGE: return name + "(" + i + ", " + op() + ")";
                default: return name + "(" + i + ")"; // state, merge, split, write_out, ...
            }
        }

        @Override
        public String toString() {
            return kind + "/" + rawIndex + "/" + rawCode;
        }
    }

    /** A word, a boolean, "done", or the simple name of the exception thrown. */
    static String outcome(Supplier<Object> call) {
        try {
            Object value = call.get();
            return value instanceof Integer ? show((Integer) value) : String.valueOf(value);
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName();
        }
    }

    static String show(int word) {
        return Words.show(word);
    }

    /** The table under test, behind the same interface as the reference. */
    static final class TableFrames implements Frames {
        private final FrameTable t;

        TableFrames(FrameTable t) {
            this.t = t;
        }

        @Override public String essa(int frame, Orc orc) { return outcome(() -> t.essa(frame, orc)); }
        @Override public String apply(int frame, FrameOp op) { return outcome(() -> t.apply(frame, op)); }
        @Override public String state(int frame) { return outcome(() -> t.state(frame)); }
        @Override public String essaLarge(int large, Orc orc) { return outcome(() -> t.essaLarge(large, orc)); }
        @Override public String applyLarge(int large, FrameOp op) { return outcome(() -> t.applyLarge(large, op)); }
        @Override public String merge(int large) { return outcome(() -> t.merge(large)); }
        @Override public String split(int large) { return outcome(() -> { t.split(large); return "done"; }); }
        @Override public String stateLarge(int large) { return outcome(() -> t.stateLarge(large)); }
        @Override public String isLarge(int large) { return outcome(() -> t.isLarge(large)); }
    }
}
