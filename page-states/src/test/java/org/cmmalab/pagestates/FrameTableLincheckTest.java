package org.cmmalab.pagestates;

import java.util.List;

import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Options;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * Linearizability of {@link FrameTable} with Lincheck, in model-checking mode (every switch point
 * of the lock-free protocol explored, bounded) and in stress mode (real threads). The sequential
 * specification is the same table run on one thread, which is right: its sequential behaviour is
 * checked against the spec by {@link FrameTablePropertyTest}.
 *
 * <p>Tables are tiny on purpose (2 to 4 frames, large frames of 2 or 4, chunks of storage of 2
 * frames in {@link SparseFrames}) so that threads collide on the same entries and chunks and the
 * search stays tractable. Results are returned as text in the
 * notation of {@link Words}, so a failing interleaving reads {@code Sr+gc+hc}, not {@code 48};
 * an exception thrown by an operation is a result too, compared like any other.
 *
 * <p>System properties, for long runs: {@code lincheck.iterations} (scenarios per check, default
 * 10), {@code lincheck.invocations} (interleavings or runs per scenario, default 400),
 * {@code lincheck.threads} (default 3), {@code lincheck.actors} (operations per thread, default 2).
 */
class FrameTableLincheckTest {

    private static final int ITERATIONS = Integer.getInteger("lincheck.iterations", 10);
    private static final int INVOCATIONS = Integer.getInteger("lincheck.invocations", 400);
    private static final int THREADS = Integer.getInteger("lincheck.threads", 3);
    private static final int ACTORS = Integer.getInteger("lincheck.actors", 2);

    @Test
    void smallFramesModelChecking() {
        configure(new ModelCheckingOptions()).check(SmallFrames.class);
    }

    @Test
    void smallFramesStress() {
        configure(new StressOptions()).check(SmallFrames.class);
    }

    // The run starts merged; operations before the parallel part would often split it before
    // the threads start, so there are none.
    @Test
    void largeFramesOfTwoModelChecking() {
        configure(new ModelCheckingOptions()).actorsBefore(0).check(LargeFramesOfTwo.class);
    }

    @Test
    void largeFramesOfTwoStress() {
        configure(new StressOptions()).actorsBefore(0).check(LargeFramesOfTwo.class);
    }

    @Test
    void largeFramesOfFourModelChecking() {
        configure(new ModelCheckingOptions()).check(LargeFramesOfFour.class);
    }

    @Test
    void largeFramesOfFourStress() {
        configure(new StressOptions()).check(LargeFramesOfFour.class);
    }

    /**
     * A regression for a bug these tests found: isLarge and stateLarge still answered "large"
     * while a split was finishing, after the split had already handed a frame back and another
     * thread had used it. Random scenarios reach this only now and then; this one always does.
     */
    @Test
    void splitRacesModelChecking() throws NoSuchMethodException {
        ModelCheckingOptions options = new ModelCheckingOptions().iterations(0).invocationsPerIteration(INVOCATIONS);
        for (String reader : new String[] {"isLarge", "stateLarge"}) {
            // The run starts merged (LargeFramesOfTwo).
            options.addCustomScenario(new ExecutionScenario(
                    List.of(),
                    List.of(List.of(actor("split")),
                            List.of(actor("essa", 1, Orc.SET_STABLE_RESIDENT.code()), actor(reader))),
                    List.of(),
                    null));
        }
        options.check(LargeFramesOfTwo.class);
    }

    /**
     * A merge that has frozen part of its run while another thread changes a frame it has not
     * reached yet: the merge must fail and let go of what it froze, or win and refuse the change.
     */
    @Test
    void mergeRacesModelChecking() throws NoSuchMethodException {
        ModelCheckingOptions options = new ModelCheckingOptions().iterations(0).invocationsPerIteration(INVOCATIONS);
        options.addCustomScenario(new ExecutionScenario(
                List.of(),
                List.of(List.of(actor("merge"), actor("state", 1)),
                        List.of(actor("essa", 3, Orc.SET_UNUSED.code()), actor("essa", 1, Orc.SET_VOLATILE.code())),
                        List.of(actor("stateLarge"))),
                List.of(actor("isLarge")),
                null));
        options.check(LargeFramesOfFour.class);
    }

    // Sparse storage: every scenario starts with both chunks absent (no operations before the
    // parallel part, which would install them first), so the threads' first changes race to
    // install a chunk, against each other, against reads of the absent chunk, against merges, and
    // against runs over a whole chunk, which make it uniform or find it copied.
    @Test
    void sparseFramesModelChecking() {
        configure(new ModelCheckingOptions()).actorsBefore(0).check(SparseFrames.class);
    }

    @Test
    void sparseFramesStress() {
        configure(new StressOptions()).actorsBefore(0).check(SparseFrames.class);
    }

    /**
     * First writes into one absent chunk from three threads: two changes of its two frames and a
     * merge of its run, or two changes of one frame, read back afterwards. A thread that lost the
     * race to install the chunk and wrote into its own copy would lose its change, which the reads
     * after the parallel part would show.
     */
    @Test
    void chunkInstallRacesModelChecking() throws NoSuchMethodException {
        ModelCheckingOptions options = new ModelCheckingOptions().iterations(0).invocationsPerIteration(INVOCATIONS);
        options.addCustomScenario(new ExecutionScenario(
                List.of(),
                List.of(List.of(sparse("essa", 0, Orc.SET_STABLE_RESIDENT.code()), sparse("state", 1)),
                        List.of(sparse("essa", 1, Orc.SET_UNUSED.code()), sparse("state", 0)),
                        List.of(sparse("merge", 0))),
                List.of(sparse("state", 0), sparse("state", 1), sparse("isLarge", 0)),
                null));
        options.addCustomScenario(new ExecutionScenario(
                List.of(),
                List.of(List.of(sparse("essa", 2, Orc.SET_UNUSED.code())),
                        List.of(sparse("apply", 2, FrameOp.ZERO_FILL.ordinal())),
                        List.of(sparse("essa", 2, Orc.SET_STABLE.code()), sparse("state", 2))),
                List.of(sparse("state", 2), sparse("state", 3)),
                null));
        options.check(SparseFrames.class);
    }

    // Uniform chunks: both chunks start uniform (a run made them so before the parallel part), so
    // the threads' first changes race to copy a uniform chunk into its slot, against each other,
    // against reads of the uniform chunk and against merges, which copy it too.
    @Test
    void uniformFramesModelChecking() {
        configure(new ModelCheckingOptions()).actorsBefore(0).check(UniformFrames.class);
    }

    @Test
    void uniformFramesStress() {
        configure(new StressOptions()).actorsBefore(0).check(UniformFrames.class);
    }

    /**
     * First writes into one uniform chunk from three threads: two changes of its two frames and
     * a merge of its run, read back afterwards. A change made in the uniform chunk itself would
     * show in the other chunk, which shares its array; one made in a copy that lost the race to
     * the slot would be lost.
     */
    @Test
    void uniformCopyRacesModelChecking() throws NoSuchMethodException {
        ModelCheckingOptions options = new ModelCheckingOptions().iterations(0).invocationsPerIteration(INVOCATIONS);
        options.addCustomScenario(new ExecutionScenario(
                List.of(),
                List.of(List.of(uniform("essa", 0, Orc.SET_STABLE_RESIDENT.code()), uniform("state", 1)),
                        List.of(uniform("essa", 1, Orc.SET_VOLATILE.code()), uniform("state", 0)),
                        List.of(uniform("merge", 0), uniform("state", 2))),
                List.of(uniform("state", 0), uniform("state", 1), uniform("state", 2), uniform("state", 3),
                        uniform("isLarge", 0)),
                null));
        options.check(UniformFrames.class);
    }

    /** An operation of {@link UniformFrames} with fixed arguments. */
    private static Actor uniform(String name, Object... args) throws NoSuchMethodException {
        return actor(UniformFrames.class, name, args);
    }

    /** An operation of {@link LargeFrames} with fixed arguments, for a hand-written scenario. */
    private static Actor actor(String name, Object... args) throws NoSuchMethodException {
        return actor(LargeFrames.class, name, args);
    }

    /** An operation of {@link SparseFrames} with fixed arguments. */
    private static Actor sparse(String name, Object... args) throws NoSuchMethodException {
        return actor(SparseFrames.class, name, args);
    }

    private static Actor actor(Class<?> tested, String name, Object... args) throws NoSuchMethodException {
        for (java.lang.reflect.Method m : tested.getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == args.length) {
                return new Actor(m, List.of(args));
            }
        }
        throw new NoSuchMethodException(name);
    }

    private static <O extends Options<O, ?>> O configure(O options) {
        return options.iterations(ITERATIONS)
                .invocationsPerIteration(INVOCATIONS)
                .threads(THREADS)
                .actorsPerThread(ACTORS)
                .actorsBefore(2)
                .actorsAfter(1);
    }

    // ---------------------------------------------------------------- the tested objects

    /**
     * Two 4 KiB frames, no large frames (the default 512 does not fit): ESSA, host operations and
     * reads racing on the same two entries. ZVM mode, so that reclaim discards.
     */
    @Param(name = "frame", gen = IntGen.class, conf = "0:1")
    @Param(name = "orc", gen = IntGen.class, conf = "0:7")
    @Param(name = "op", gen = IntGen.class, conf = "0:7") // every FrameOp, ZAP_UNUSED included
    public static class SmallFrames {
        private final FrameTable table = new FrameTable(2, HostMode.ZVM);

        @Operation
        public String essa(@Param(name = "frame") int frame, @Param(name = "orc") int orc) {
            return Words.show(table.essa(frame, Orc.of(orc)));
        }

        @Operation
        public String apply(@Param(name = "frame") int frame, @Param(name = "op") int op) {
            return Words.show(table.apply(frame, FrameOp.values()[op]));
        }

        @Operation
        public String state(@Param(name = "frame") int frame) {
            return Words.show(table.state(frame));
        }
    }

    /**
     * One run of large frames, with every operation of the table: small-frame operations on its
     * frames racing merge, split, large-frame operations and the large-frame reads. Subclasses
     * fix the table's shape; the run is always large frame 0. A frame parameter is taken modulo
     * the table's size (Lincheck reads parameter generators from the superclass first, so the
     * subclasses cannot narrow it).
     */
    @Param(name = "frame", gen = IntGen.class, conf = "0:3")
    @Param(name = "orc", gen = IntGen.class, conf = "0:7")
    @Param(name = "op", gen = IntGen.class, conf = "0:7") // every FrameOp, ZAP_UNUSED included
    public abstract static class LargeFrames {
        private final FrameTable table;

        LargeFrames(FrameTable table) {
            this.table = table;
        }

        @Operation
        public String essa(@Param(name = "frame") int frame, @Param(name = "orc") int orc) {
            return Words.show(table.essa(frame % table.frames(), Orc.of(orc)));
        }

        @Operation
        public String apply(@Param(name = "frame") int frame, @Param(name = "op") int op) {
            return Words.show(table.apply(frame % table.frames(), FrameOp.values()[op]));
        }

        @Operation
        public String state(@Param(name = "frame") int frame) {
            return Words.show(table.state(frame % table.frames()));
        }

        @Operation
        public String essaLarge(@Param(name = "orc") int orc) {
            return Words.show(table.essaLarge(0, Orc.of(orc)));
        }

        @Operation
        public String applyLarge(@Param(name = "op") int op) {
            return Words.show(table.applyLarge(0, FrameOp.values()[op]));
        }

        @Operation
        public String stateLarge() {
            return Words.show(table.stateLarge(0));
        }

        @Operation
        public boolean isLarge() {
            return table.isLarge(0);
        }

        @Operation
        public boolean merge() {
            return table.merge(0);
        }

        @Operation
        public void split() {
            table.split(0);
        }
    }

    /**
     * Large frames of 2, starting merged, so that a split in the scenario is a real split that
     * races the small-frame operations it re-enables. KVM mode.
     */
    public static class LargeFramesOfTwo extends LargeFrames {
        public LargeFramesOfTwo() {
            super(merged(new FrameTable(2, HostMode.KVM, 2)));
        }

        private static FrameTable merged(FrameTable table) {
            if (!table.merge(0)) {
                throw new AssertionError("a fresh run must merge");
            }
            return table;
        }
    }

    /**
     * Four frames in two chunks of two, each chunk one large frame of two, all chunks absent at
     * the start: small-frame changes, runs over a whole chunk, merges, splits and reads of both runs, so
     * that threads race to install a chunk, to make it uniform, to copy a uniform one and to use it.
     * ZVM mode.
     */
    @Param(name = "frame", gen = IntGen.class, conf = "0:3")
    @Param(name = "run", gen = IntGen.class, conf = "0:1")
    @Param(name = "orc", gen = IntGen.class, conf = "0:7")
    @Param(name = "op", gen = IntGen.class, conf = "0:6")
    public static class SparseFrames {
        private final FrameTable table;

        public SparseFrames() {
            this(new FrameTable(4, HostMode.ZVM, 2, 2));
        }

        SparseFrames(FrameTable table) {
            this.table = table;
        }

        @Operation
        public String essa(@Param(name = "frame") int frame, @Param(name = "orc") int orc) {
            return Words.show(table.essa(frame, Orc.of(orc)));
        }

        @Operation
        public String apply(@Param(name = "frame") int frame, @Param(name = "op") int op) {
            return Words.show(table.apply(frame, FrameOp.values()[op]));
        }

        @Operation
        public String state(@Param(name = "frame") int frame) {
            return Words.show(table.state(frame));
        }

        @Operation
        public String essaLarge(@Param(name = "run") int run, @Param(name = "orc") int orc) {
            return Words.show(table.essaLarge(run, Orc.of(orc)));
        }

        @Operation
        public String stateLarge(@Param(name = "run") int run) {
            return Words.show(table.stateLarge(run));
        }

        @Operation
        public boolean isLarge(@Param(name = "run") int run) {
            return table.isLarge(run);
        }

        @Operation
        public boolean merge(@Param(name = "run") int run) {
            return table.merge(run);
        }

        @Operation
        public void split(@Param(name = "run") int run) {
            table.split(run);
        }
    }

    /**
     * Large frames of 4, starting small: a merge can fail part-way, after freezing some entries,
     * and must let them go. ZVM mode.
     */
    public static class LargeFramesOfFour extends LargeFrames {
        public LargeFramesOfFour() {
            super(new FrameTable(4, HostMode.ZVM, 4));
        }
    }

    /**
     * {@link SparseFrames} whose two chunks start uniform, all {@code Uz}: a run of SET_UNUSED over
     * both, made before the parallel part, gave each the table's one uniform chunk of {@code Uz}.
     */
    public static class UniformFrames extends SparseFrames {
        public UniformFrames() {
            super(uniform());
        }

        private static FrameTable uniform() {
            FrameTable table = new FrameTable(4, HostMode.ZVM, 2, 2);
            table.essaRun(0, 4, Orc.SET_UNUSED, new int[4]);
            if (table.uniformState(0) == FrameTable.MIXED || table.uniformState(2) == FrameTable.MIXED) {
                throw new AssertionError("a run over whole untouched chunks must leave them uniform");
            }
            return table;
        }
    }
}
