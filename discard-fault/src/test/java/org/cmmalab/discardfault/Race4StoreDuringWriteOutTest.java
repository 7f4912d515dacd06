package org.cmmalab.discardfault;

import java.util.List;
import org.cmmalab.guestmm.GuestMemory;
import org.cmmalab.hostpager.ReclaimResult;
import org.cmmalab.pagestates.FrameTable;
import org.cmmalab.pagestates.Orc;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * Race 4 (docs/state-model.md section 6): the host writes out an {@code Sr} or {@code Pr} frame while a guest
 * stores to it. The store must not be lost: the write-out clears the host change bit before it
 * copies, and looks at it again after; a store in between keeps the frame resident.
 *
 * <p>Property, on {@link org.cmmalab.hostpager.GuestSpace}: every load returns the last value stored, or a discard fault
 * exactly where a potentially volatile frame could be discarded (linearizable against
 * {@link Memory}, a plain model of two memory cells), and no illegal state or freed content in a
 * resident frame at rest. Frame 0 starts {@code Sr} and changed (7); frame 1 {@code Pr}, clean (8).
 */
class Race4StoreDuringWriteOutTest extends RaceTest {

    /** Random scenarios of {@link Frames}' operations, model-checked and stressed by {@link RaceTest}. */
    Race4StoreDuringWriteOutTest() {
        super(Memory.class, Frames.class);
    }

    @Test
    void storeDuringWriteOut() {
        passes(theRace(0), theRace(1));
    }

    /** The change bit cleared after the copy instead of before: a store between the two is forgotten. */
    @Test
    void changeBitClearedAfterTheCopyLosesTheStore() {
        fails("race4-change-bit-cleared-after-copy", ChangeBitClearedLate.class, theRace(0),
                "Invalid execution results");
    }

    /** A guest stores to {@code frame} while the host reclaims it; a load after. */
    ExecutionScenario theRace(int frame) {
        return scenario(
                List.of(),
                List.of(List.of(actor("store", frame, 1)), List.of(actor("reclaim", frame))),
                List.of(actor("load", frame)));
    }

    /** {@link FrameMachine}'s host reclaim, and guest stores and loads. */
    public static class Frames extends FrameMachine {
        public Frames() {
            super(FrameTable.DEFAULT_FRAMES_PER_LARGE);
            store.essa(0, Orc.SET_STABLE);
            store.store(0, 7);
            store.essa(1, Orc.SET_STABLE);
            store.store(1, 8);
            store.clean(1);
            store.essa(1, Orc.SET_POT_VOLATILE);
        }

        @Operation
        public boolean store(@Param(name = "frame") int frame, @Param(name = "value") int value) {
            return store.store(frame, value);
        }

        @Operation
        public String load(@Param(name = "frame") int frame) {
            return show(store.load(frame));
        }

        @Validate
        public void atRest() {
            expectLegalStates();
            expectNoFreedContentInResidentFrames();
        }
    }

    /** The wrong variant: copy first, then {@code BEGIN_WRITE_OUT}, which clears the change bit a store just set. */
    public static class ChangeBitClearedLate extends Frames {
        @Override
        void hostReclaim(int frame) {
            if (store.reclaimStep(frame) == ReclaimResult.MUST_WRITE) {
                store.writeToDevice(frame);
                store.beginWriteOut(frame);
                store.finishWriteOut(frame);
            }
        }
    }

    /**
     * The sequential specification: two memory cells. A store replaces the value; a reclaim loses
     * nothing, except that it discards frame 1 while no store has reached it since it was made
     * potentially volatile, after which loads fault and stores fail.
     */
    public static class Memory {
        private final long[] value = {7, 8};
        private final boolean[] discardable = {false, true};
        private final boolean[] discarded = {false, false};

        public boolean store(int frame, int v) {
            if (discarded[frame]) {
                return false;
            }
            value[frame] = v;
            discardable[frame] = false;
            return true;
        }

        public String load(int frame) {
            return FrameMachine.show(discarded[frame] ? GuestMemory.DISCARD_FAULT : value[frame]);
        }

        public void reclaim(int frame) {
            discarded[frame] |= discardable[frame];
        }
    }
}
