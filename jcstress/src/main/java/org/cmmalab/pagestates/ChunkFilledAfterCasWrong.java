package org.cmmalab.pagestates;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.cmmalab.jcstress.WrongVariant;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LL_Result;

/**
 * Wrong variant of {@link ChunkPublicationReplica}: the installer CASes its array into the slot
 * while it still holds zeros and fills it afterwards. A reader that loads the slot in between
 * reads {@code Sr} for a frame nobody touched. Program order alone allows it, on any hardware.
 */
@WrongVariant
@JCStressTest
@Description("A chunk installed empty and filled after (wrong): a reader sees zeros")
@Outcome(id = "Sz, Sz", expect = ACCEPTABLE, desc = "no chunk yet, or the chunk before frame 0's transition")
@Outcome(id = "Sz, Uz", expect = ACCEPTABLE, desc = "the chunk, filled, with frame 0's transition")
@Outcome(expect = FORBIDDEN, desc = "a chunk seen before it was filled (a zero entry reads Sr)")
@State
public class ChunkFilledAfterCasWrong {
    private static final int LAST = FrameTable.FRAMES_PER_CHUNK - 1;

    private final ChunkReplica table = new ChunkReplica(ChunkReplica.Publication.CAS_THEN_FILL);

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
