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
 * The publication of a new chunk in the real {@link FrameTable}. A frame's first change installs
 * its chunk: an array filled with {@code INITIAL} ({@code Sz} under zvm), CASed into the empty
 * directory slot, a volatile write; every load of a slot is a volatile read. So a reader that
 * finds the chunk finds it filled: the last frame of the chunk (the last entry filled) reads
 * {@code Sz}, as the empty slot said before, and frame 0 reads {@code Sz} or the installer's
 * transition ({@code Uz}), never the zero a fresh array holds ({@code Sr}, a resident stable frame:
 * a guest would be told a page it never touched is resident). Lincheck cannot see this: under
 * sequential consistency the fill always precedes the publishing CAS.
 */
@JCStressTest
@Description("FrameTable: a reader that sees a new chunk sees it filled")
@Outcome(id = "Sz, Sz", expect = ACCEPTABLE, desc = "no chunk yet, or the chunk before frame 0's transition")
@Outcome(id = "Sz, Uz", expect = ACCEPTABLE, desc = "the chunk, filled, with frame 0's transition")
@Outcome(expect = FORBIDDEN, desc = "a chunk seen before it was filled (a zero entry reads Sr)")
@State
public class ChunkPublication {
    private static final int LAST = FrameTable.FRAMES_PER_CHUNK - 1;

    private final FrameTable table = new FrameTable(FrameTable.FRAMES_PER_CHUNK, HostMode.ZVM);

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
