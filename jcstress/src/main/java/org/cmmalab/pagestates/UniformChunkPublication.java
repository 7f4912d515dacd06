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
 * A run over a whole untouched chunk in the real {@link FrameTable} changes all its frames in one
 * step: it CASes the table's uniform chunk of {@code Uz} into the empty slot (the uniform chunk made
 * on first use, filled, then published with a CAS of its own). A reader that reads the last frame
 * and then frame 0 sees both before the step, both after it, or the last before and frame 0 after;
 * never the last after and frame 0 before (the step is one CAS for the whole chunk, and loads of
 * a slot are volatile), and never a zero entry ({@code Sr}) of a uniform chunk seen before it was
 * filled.
 */
@JCStressTest
@Description("FrameTable: a run over a whole chunk is one step, and its uniform chunk is seen filled")
@Outcome(id = "Sz, Sz", expect = ACCEPTABLE, desc = "both read before the run")
@Outcome(id = "Uz, Uz", expect = ACCEPTABLE, desc = "both read after the run")
@Outcome(id = "Sz, Uz", expect = ACCEPTABLE, desc = "the last before the run, frame 0 after it")
@Outcome(expect = FORBIDDEN, desc = "the run seen half done, or a uniform chunk seen unfilled")
@State
public class UniformChunkPublication {
    private static final int CHUNK = FrameTable.FRAMES_PER_CHUNK;

    private final FrameTable table = new FrameTable(CHUNK, HostMode.ZVM);
    private final int[] before = new int[CHUNK];

    @Actor
    public void run() {
        table.essaRun(0, CHUNK, Orc.SET_UNUSED, before);
    }

    @Actor
    public void reader(LL_Result r) {
        r.r1 = FrameState.name(table.state(CHUNK - 1));
        r.r2 = FrameState.name(table.state(0));
    }
}
