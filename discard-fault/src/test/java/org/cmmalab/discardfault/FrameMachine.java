package org.cmmalab.discardfault;

import org.cmmalab.guestmm.GuestMemory;
import org.cmmalab.hostpager.GuestSpace;
import org.cmmalab.pagestates.FrameState;
import org.cmmalab.pagestates.HostMode;
import org.cmmalab.pagestates.StateModel;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;

/**
 * What the race tests of the frame table (races 4 to 6) run Lincheck on: a {@link GuestSpace} of
 * {@value #FRAMES} frames in z/VM mode on a host run by real threads ({@link HostedGuest#threaded}), guests storing small values to them and a host thread
 * reclaiming them. Every race here reclaims, so that operation is declared here; each race's
 * tested class sets up its frames, adds the operations its race needs and its {@code @Validate},
 * and a wrong variant of the host's write-out overrides {@link #hostReclaim}. Public because Lincheck
 * calls the operation declared here.
 */
@Param(name = "frame", gen = IntGen.class, conf = "0:1")
@Param(name = "value", gen = IntGen.class, conf = "1:3")
public abstract class FrameMachine {
    static final int FRAMES = 2;

    final GuestSpace store;

    /** A machine of {@value #FRAMES} frames with large frames of {@code framesPerLarge}. */
    FrameMachine(int framesPerLarge) {
        this.store = HostedGuest.threaded(FRAMES, HostMode.ZVM, framesPerLarge);
    }

    @Operation(nonParallelGroup = "host")
    public void reclaim(@Param(name = "frame") int frame) {
        hostReclaim(frame);
    }

    /** The host's reclaim of {@code frame}, with its steps in the production order. */
    void hostReclaim(int frame) {
        store.reclaim(frame);
    }

    /** At rest: every frame in a legal state. */
    void expectLegalStates() {
        for (int f = 0; f < FRAMES; f++) {
            int word = store.state(f);
            if (!StateModel.isLegal(word, store.mode())) {
                throw new AssertionError("frame " + f + " is in an illegal state " + FrameState.describe(word));
            }
        }
    }

    /** At rest: no resident frame holds a freed frame's content. */
    void expectNoFreedContentInResidentFrames() {
        for (int f = 0; f < FRAMES; f++) {
            if (FrameState.isResident(store.state(f)) && store.contentAtRest(f) == GuestSpace.POISON) {
                throw new AssertionError("resident frame " + f + " holds freed content");
            }
        }
    }

    /** A loaded token as text, the same for the tested class and its sequential specification. */
    static String show(long token) {
        return token == GuestMemory.DISCARD_FAULT ? "discard fault"
                : token == GuestSpace.POISON ? "poison" : Long.toString(token);
    }
}
