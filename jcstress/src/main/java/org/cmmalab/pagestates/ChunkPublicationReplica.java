package org.cmmalab.pagestates;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LL_Result;

/**
 * {@link ChunkPublication} on {@link ChunkReplica} with FrameTable's own publication: the control
 * of {@link ChunkFilledAfterCasWrong}, which runs the same actors with only the install changed.
 */
@JCStressTest
@Description("ChunkReplica as FrameTable: a reader that sees a new chunk sees it filled")
@Outcome(id = "Sz, Sz", expect = ACCEPTABLE, desc = "no chunk yet, or the chunk before frame 0's transition")
@Outcome(id = "Sz, Uz", expect = ACCEPTABLE, desc = "the chunk, filled, with frame 0's transition")
@Outcome(expect = FORBIDDEN, desc = "a chunk seen before it was filled (a zero entry reads Sr)")
@State
public class ChunkPublicationReplica {
    private static final int LAST = FrameTable.FRAMES_PER_CHUNK - 1;

    private final ChunkReplica table = new ChunkReplica(ChunkReplica.Publication.CAS_FILLED);

    @Actor
    public void installer() {
        table.essa(0, Orc.SET_UNUSED);
    }

    @Actor
    public void reader(LL_Result r) {
        r.r1 = FrameState.name(table.state(LAST)); // filled last
        r.r2 = FrameState.name(table.state(0));
    }
}
