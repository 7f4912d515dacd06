package org.cmmalab.discardfault;

import java.util.List;
import org.cmmalab.hostpager.ReclaimResult;
import org.cmmalab.pagestates.FrameState;
import org.cmmalab.pagestates.FrameTable;
import org.cmmalab.pagestates.Orc;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * Race 5 (docs/state-model.md section 6): the guest frees a frame (SET_UNUSED) while the host is writing it out.
 * No I/O is kept for a frame that became unused while its write was in flight: the write's result
 * is dropped, not the guest's new state. Reused afterwards, the frame holds zeros, never the
 * written copy.
 *
 * <p>Property, on {@link org.cmmalab.hostpager.GuestSpace}: frees, reuses, loads, stores and usage reads linearizable
 * against {@link Frame}, a plain model of one frame's usage and content, and no illegal state at
 * rest. Frames 0 and 1 start {@code Sr} and changed, holding 7 and 8. A frame has one owner at a
 * time (the allocator gave it to one), so freeing, reusing and storing are one vCPU's; any vCPU
 * may load and look at the usage.
 */
class Race5FreeDuringWriteOutTest extends RaceTest {

    /** Random scenarios of {@link Frames}' operations, model-checked and stressed by {@link RaceTest}. */
    Race5FreeDuringWriteOutTest() {
        super(Frame.class, Frames.class);
    }

    @Test
    void freeDuringWriteOut() {
        passes(theRace());
    }

    /** The write-out completed with the state it began with: the freed frame comes back stable, with the old copy. */
    @Test
    void writeResultOverTheNewStateResurrectsTheFreedPage() {
        fails("race5-write-result-over-new-state", WriteResultWins.class, theRace(), "Invalid execution results");
    }

    /** The guest frees frame 0 and looks at its usage while the host reclaims it; then reuses it. */
    ExecutionScenario theRace() {
        return scenario(
                List.of(),
                List.of(List.of(actor("free", 0), actor("usage", 0)), List.of(actor("reclaim", 0))),
                List.of(actor("reuse", 0)));
    }

    /** {@link FrameMachine}'s host reclaim, the owner's frees, reuses and stores, any vCPU's loads and usage reads. */
    public static class Frames extends FrameMachine {
        public Frames() {
            super(FrameTable.DEFAULT_FRAMES_PER_LARGE);
            for (int f = 0; f < FRAMES; f++) {
                store.essa(f, Orc.SET_STABLE);
                store.store(f, 7 + f);
            }
        }

        /** arch_free_page, by the frame's owner. */
        @Operation(nonParallelGroup = "owner")
        public void free(@Param(name = "frame") int frame) {
            store.essa(frame, Orc.SET_UNUSED);
        }

        /** arch_alloc_page, then a first load: what the frame's new owner finds in it. */
        @Operation(nonParallelGroup = "owner")
        public long reuse(@Param(name = "frame") int frame) {
            store.essa(frame, Orc.SET_STABLE);
            return store.load(frame);
        }

        @Operation(nonParallelGroup = "owner")
        public boolean store(@Param(name = "frame") int frame, @Param(name = "value") int value) {
            return store.store(frame, value);
        }

        /** A load by any vCPU: of a frame its owner freed meanwhile, an addressing exception. */
        @Operation
        public long load(@Param(name = "frame") int frame) {
            return store.load(frame);
        }

        @Operation
        public String usage(@Param(name = "frame") int frame) {
            return String.valueOf(FrameState.usage(store.state(frame)).letter());
        }

        @Validate
        public void atRest() {
            expectLegalStates();
        }
    }

    /**
     * The wrong variant: the write-out completes as if the frame were still what it was when the
     * write began, putting its stable usage back over the guest's SET_UNUSED and installing the
     * written copy. (The frame table has no blind store, so the variant reaches it with SET_STABLE
     * and the closing reclaim; a host that stored its precomputed result would do the same.)
     */
    public static class WriteResultWins extends Frames {
        @Override
        void hostReclaim(int frame) {
            if (store.reclaimStep(frame) == ReclaimResult.MUST_WRITE) {
                store.beginWriteOut(frame);
                store.writeToDevice(frame);
                store.essa(frame, Orc.SET_STABLE);
                store.finishWriteOut(frame);
            }
        }
    }

    /**
     * The sequential specification: per frame, its usage (stable or unused), where its content is
     * (resident, on the device, or gone) and its value. Freeing makes it unused and drops a device
     * copy; reclaim discards an unused frame and writes out a stable one; reuse makes it stable and
     * loads (zeros if the content is gone); loads and stores of an unused frame are addressing
     * exceptions.
     */
    public static class Frame {
        private final boolean[] unused = new boolean[2];
        private final char[] content = {'r', 'r'};
        private final long[] value = {7, 8};

        public void free(int frame) {
            unused[frame] = true;
            if (content[frame] == 'p') {
                content[frame] = 'z';
            }
        }

        public long reuse(int frame) {
            unused[frame] = false;
            return load(frame);
        }

        public long load(int frame) {
            if (unused[frame]) {
                throw new IllegalStateException("addressing exception");
            }
            if (content[frame] == 'z') {
                value[frame] = 0;
            }
            content[frame] = 'r';
            return value[frame];
        }

        public boolean store(int frame, int v) {
            load(frame);
            value[frame] = v;
            return true;
        }

        public String usage(int frame) {
            return unused[frame] ? "U" : "S";
        }

        public void reclaim(int frame) {
            if (content[frame] == 'r') {
                content[frame] = unused[frame] ? 'z' : 'p';
            }
        }
    }
}
