package org.cmmalab.discardfault;

import java.util.List;
import org.cmmalab.guestmm.GuestMemory;
import org.cmmalab.pagestates.FrameOp;
import org.cmmalab.pagestates.FrameState;
import org.cmmalab.pagestates.HostMode;
import org.cmmalab.pagestates.Orc;
import org.cmmalab.pagestates.ReclaimOutcome;
import org.cmmalab.pagestates.StateModel;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * Race 6 (docs/state-model.md section 6): large frames. A state change on a large frame covers all its small
 * frames at once; splitting and merging never expose a mixed or half-changed state. Here a run of
 * 2 frames (a large frame of 2, so that interleavings stay few) starts merged, stable, resident and
 * changed (7 and 8): the vCPU that owns the 2 MiB block hints it, any vCPU loads and stores its
 * frames and reads their states, and the host splits, merges and reclaims it.
 *
 * <p>Property, on {@link org.cmmalab.hostpager.GuestSpace}: every operation linearizable against {@link Run}, a plain
 * model of two state words and two values changed with {@link StateModel}'s functions, one step
 * for both words while merged; so no observer ever sees the two frames of a large frame differ,
 * or a hint applied to half of them; no illegal state and no freed content in a resident frame at
 * rest. States are compared as the guest sees them ({@link Run#guestView}).
 */
class Race6LargeFramesTest extends RaceTest {

    /** Random scenarios of {@link Frames}' operations, model-checked and stressed by {@link RaceTest}. */
    Race6LargeFramesTest() {
        super(Run.class, Frames.class);
    }

    @Test
    void hintAgainstSplitAndMerge() {
        passes(splitRace(), mergeRace());
    }

    /**
     * A hint that, finding the run split, changes its frames one by one without holding the run:
     * the host's merge sees the run half-changed (and refuses it, or merges it and the hint's next
     * 4 KiB ESSA lands inside a large frame).
     */
    @Test
    void hintFrameByFrameExposesAHalfChangedRun() {
        fails("race6-hint-frame-by-frame", FrameByFrame.class, mergeRace(), "Invalid execution results");
    }

    /** The owner makes the large frame unused while the host splits it and looks at its second frame. */
    ExecutionScenario splitRace() {
        return scenario(
                List.of(),
                List.of(List.of(actor("hint", Orc.SET_UNUSED.code())),
                        List.of(actor("split"), actor("state", 1))),
                List.of(actor("state", 0)));
    }

    /** The run starts split: the owner makes it volatile while the host merges it and reclaims it. */
    ExecutionScenario mergeRace() {
        return scenario(
                List.of(actor("split")),
                List.of(List.of(actor("hint", Orc.SET_VOLATILE.code())),
                        List.of(actor("merge"), actor("reclaim", 0))),
                List.of(actor("state", 1), actor("load", 0)));
    }

    /**
     * {@link FrameMachine}'s host reclaim; the owner's hints; any vCPU's loads, stores and state
     * reads; the host's splits and merges.
     */
    public static class Frames extends FrameMachine {
        public Frames() {
            super(FRAMES);
            store.merge(0);
            store.essaLarge(0, Orc.SET_STABLE);
            store.store(0, 7);
            store.store(1, 8);
        }

        /** The owner's hint for the whole block: one vCPU's, as one allocation owns a 2 MiB block. */
        @Operation(nonParallelGroup = "owner")
        public String hint(@Param(gen = IntGen.class, conf = "0:7") int orc) {
            return Run.guestView(essaRun(Orc.of(orc)));
        }

        int essaRun(Orc orc) {
            return store.essaLarge(0, orc);
        }

        @Operation
        public String load(@Param(name = "frame") int frame) {
            return show(store.load(frame));
        }

        @Operation
        public boolean store(@Param(name = "frame") int frame, @Param(name = "value") int value) {
            return store.store(frame, value);
        }

        @Operation
        public String state(@Param(name = "frame") int frame) {
            return Run.guestView(store.state(frame));
        }

        @Operation(nonParallelGroup = "host")
        public boolean split() {
            if (!store.isLarge(0)) {
                return false;
            }
            store.split(0);
            return true;
        }

        @Operation(nonParallelGroup = "host")
        public boolean merge() {
            return !store.isLarge(0) && store.merge(0);
        }

        @Validate
        public void atRest() {
            expectLegalStates();
            expectNoFreedContentInResidentFrames();
        }
    }

    /**
     * The wrong variant: on a split run, one 4 KiB ESSA per frame, holding nothing, so that others
     * see the run between the two.
     */
    public static class FrameByFrame extends Frames {
        @Override
        int essaRun(Orc orc) {
            if (store.isLarge(0)) {
                return store.essaLarge(0, orc);
            }
            int first = store.essa(0, orc);
            store.essa(1, orc);
            return first;
        }
    }

    /**
     * The sequential specification: two state words and two values, and whether the run is merged.
     * Every change goes through {@link StateModel}; while merged, to both words at once. A split
     * changes nothing a guest can see; a merge succeeds when both words are equal.
     */
    public static class Run {
        private final int[] words = new int[2];
        private final long[] values = new long[2];
        private final long[] device = new long[2];
        private boolean large;

        public Run() {
            int word = StateModel.apply(StateModel.initial(HostMode.ZVM), FrameOp.ZERO_FILL, HostMode.ZVM);
            word = StateModel.apply(word, FrameOp.STORE, HostMode.ZVM);
            words[0] = word;
            words[1] = word;
            values[0] = 7;
            values[1] = 8;
            large = true;
        }

        public String hint(int orc) {
            Orc o = Orc.of(orc);
            int old = words[0];
            if (large) {
                essa(0, 2, o);
            } else {
                essa(0, 1, o);
                essa(1, 1, o);
            }
            return guestView(old);
        }

        public String load(int frame) {
            int first = large ? 0 : frame;
            int n = large ? 2 : 1;
            switch (StateModel.access(words[frame], HostMode.ZVM)) {
                case NORMAL:
                    break;
                case HOST_FAULT:
                    System.arraycopy(device, first, values, first, n);
                    apply(first, n, FrameOp.PAGE_IN);
                    break;
                case ZERO_FILL:
                    java.util.Arrays.fill(values, first, first + n, 0L);
                    apply(first, n, FrameOp.ZERO_FILL);
                    break;
                case DISCARD_FAULT:
                    return FrameMachine.show(GuestMemory.DISCARD_FAULT);
                default:
                    throw new IllegalStateException("addressing exception");
            }
            return FrameMachine.show(values[frame]);
        }

        public boolean store(int frame, int value) {
            if (load(frame).equals(FrameMachine.show(GuestMemory.DISCARD_FAULT))) {
                return false;
            }
            values[frame] = value;
            apply(large ? 0 : frame, large ? 2 : 1, FrameOp.STORE);
            return true;
        }

        public String state(int frame) {
            return guestView(words[frame]);
        }

        public boolean split() {
            boolean was = large;
            large = false;
            return was;
        }

        public boolean merge() {
            if (large || words[0] != words[1]) {
                return false;
            }
            large = true;
            return true;
        }

        public void reclaim(int frame) {
            int first = large ? 0 : frame;
            int n = large ? 2 : 1;
            if (StateModel.reclaimOutcome(words[first], HostMode.ZVM) == ReclaimOutcome.MUST_WRITE) {
                apply(first, n, FrameOp.BEGIN_WRITE_OUT);
                System.arraycopy(values, first, device, first, n);
            }
            apply(first, n, FrameOp.RECLAIM);
        }

        /**
         * A state word as the guest sees it: usage, content, change bit and no-DAT, what ESSA
         * architecturally returns. The host change bit and the backed bit are the host's own
         * bookkeeping; a write-out changes them in two steps with the I/O between, which no guest
         * can observe.
         */
        static String guestView(int word) {
            return FrameState.describe(word & ~(FrameState.HOST_CHANGED | FrameState.BACKED));
        }

        private void essa(int first, int n, Orc orc) {
            int old = words[first];
            if (orc == Orc.SET_STABLE_RESIDENT && !FrameState.isResident(old)) {
                for (int f = first; f < first + n; f++) {
                    values[f] = FrameState.backed(old) ? device[f] : 0;
                }
            }
            for (int f = first; f < first + n; f++) {
                words[f] = StateModel.essa(old, orc, HostMode.ZVM);
            }
        }

        private void apply(int first, int n, FrameOp op) {
            int next = StateModel.apply(words[first], op, HostMode.ZVM);
            for (int f = first; f < first + n; f++) {
                words[f] = next;
            }
        }
    }
}
