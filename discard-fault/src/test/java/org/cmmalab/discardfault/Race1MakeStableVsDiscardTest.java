package org.cmmalab.discardfault;

import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.cmmalab.guestmm.ForwardingGuestMemory;
import org.cmmalab.guestmm.GuestMemory;
import org.cmmalab.hostpager.GuestSpace;
import org.cmmalab.pagestates.ContentState;
import org.cmmalab.pagestates.FrameState;
import org.cmmalab.pagestates.Orc;
import org.cmmalab.pagestates.UsageState;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * Race 1 (docs/state-model.md section 6): a guest's make-stable of a volatile page-cache page against the host's
 * discard of its frame. Exactly one wins: the guest sees {@code Vr} and gets {@code Sr} with the
 * content, or sees {@code Vz} and reads the page again; never {@code Sr} with the content gone.
 *
 * <p>Property, on the guest kernel's page cache and {@link GuestSpace}: no lost page (every read
 * returns the file's current version: {@link FileModel}, the sequential specification, against
 * which the operations must be linearizable), and no illegal state (checked at rest).
 */
class Race1MakeStableVsDiscardTest extends RaceTest {

    /** Random scenarios of {@link Cache}'s operations, model-checked and stressed by {@link RaceTest}. */
    Race1MakeStableVsDiscardTest() {
        super(FileModel.class, Cache.class);
    }

    /** The race itself: page 0 is cached and volatile in frame 0; a vCPU reads it as the host reclaims frame 0. */
    @Test
    void readAgainstDiscard() {
        passes(theRace());
    }

    /** Make-stable as a check and then SET_STABLE: the discard slips in between and the page reads as zeros. */
    @Test
    void checkThenSetStableLosesThePage() {
        fails("race1-check-then-set-stable", CheckThenSetStable.class, theRace(), "Invalid execution results");
    }

    ExecutionScenario theRace() {
        return scenario(
                List.of(actor("read", 0, 0)),
                List.of(List.of(actor("read", 0, 0)), List.of(actor("reclaim", 0))),
                List.of(actor("read", 1, 0)));
    }

    /** {@link CacheMachine}'s read, write and host reclaim. */
    public static class Cache extends CacheMachine {
        public Cache() {
        }

        Cache(Function<GuestSpace, GuestMemory> memory) {
            super(memory, UnaryOperator.identity(), UnaryOperator.identity());
        }

        @Validate
        public void atRest() {
            checkAtRest();
        }
    }

    /**
     * The wrong variant: make-stable as two steps, GET_STATE to see whether the page was discarded
     * and SET_STABLE if not, instead of the one SET_STABLE_IF_RESIDENT. Run alone, it is right.
     */
    public static class CheckThenSetStable extends Cache {
        public CheckThenSetStable() {
            super(TwoStepMakeStable::new);
        }
    }

    /** A guest memory whose SET_STABLE_IF_RESIDENT is a check followed by SET_STABLE. */
    static final class TwoStepMakeStable extends ForwardingGuestMemory {
        TwoStepMakeStable(GuestMemory memory) {
            super(memory);
        }

        @Override
        public int essa(int frame, Orc orc) {
            if (orc != Orc.SET_STABLE_IF_RESIDENT) {
                return delegate().essa(frame, orc);
            }
            int old = delegate().essa(frame, Orc.GET_STATE);
            if (FrameState.usage(old) != UsageState.VOLATILE || FrameState.content(old) == ContentState.RESIDENT) {
                delegate().essa(frame, Orc.SET_STABLE);
            }
            return old;
        }
    }
}
