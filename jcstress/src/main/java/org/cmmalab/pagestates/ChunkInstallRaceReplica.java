package org.cmmalab.pagestates;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LL_Result;

/**
 * {@link ChunkInstallRace} on {@link ChunkReplica} with FrameTable's own publication: the control
 * of {@link ChunkStoredWrong}, which runs the same actors with only the install changed.
 */
@JCStressTest
@Description("ChunkReplica as FrameTable: two installers of one chunk, neither transition lost")
@Outcome(id = "Uz, Uz", expect = ACCEPTABLE, desc = "both transitions, in one chunk")
@Outcome(expect = FORBIDDEN, desc = "a transition lost: it went into a chunk that the directory does not hold")
@State
public class ChunkInstallRaceReplica {
    private static final int LAST = FrameTable.FRAMES_PER_CHUNK - 1;

    private final ChunkReplica table = new ChunkReplica(ChunkReplica.Publication.CAS_FILLED);

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
