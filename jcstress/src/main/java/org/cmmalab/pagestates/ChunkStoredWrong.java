package org.cmmalab.pagestates;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.cmmalab.jcstress.WrongVariant;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LL_Result;

/**
 * Wrong variant of {@link ChunkInstallRaceReplica}: an installer publishes its filled chunk with a
 * plain store instead of a CAS. Two installers that both found the slot empty both store, and the
 * transition made in the array stored first is lost when the second overwrites it.
 */
@WrongVariant
@JCStressTest
@Description("Two installers that publish by a plain store (wrong): one transition lost")
@Outcome(id = "Uz, Uz", expect = ACCEPTABLE, desc = "both transitions, in one chunk")
@Outcome(expect = FORBIDDEN, desc = "a transition lost: it went into a chunk that the directory does not hold")
@State
public class ChunkStoredWrong {
    private static final int LAST = FrameTable.FRAMES_PER_CHUNK - 1;

    private final ChunkReplica table = new ChunkReplica(ChunkReplica.Publication.STORE_FILLED);

    @Actor
    public void first() {
        table.essa(0, Orc.SET_UNUSED);
    }

    @Actor
    public void last() {
        table.essa(LAST, Orc.SET_UNUSED);
    }

    @Arbiter
    public void after(LL_Result r) {
        r.r1 = FrameState.name(table.state(0));
        r.r2 = FrameState.name(table.state(LAST));
    }
}
