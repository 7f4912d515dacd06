package org.cmmalab.pagestates;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LLLL_Result;

/**
 * Two threads each change a frame of the same uniform chunk in the real {@link FrameTable}: a run
 * of SET_UNUSED made both chunks of the table hold the table's one read-only array of {@code Uz}.
 * Each thread finds the uniform chunk, copies it and CASes its copy into the slot; the loser drops
 * its copy, never written to, and makes its transition in the winner's. A transition made in the
 * uniform array itself would show in the other chunk, which holds the same array; one made in a
 * copy the directory does not hold is lost. Frame 0 must end {@code Sz}, the last {@code Vz}, and
 * a frame of the other chunk {@code Uz}.
 */
@JCStressTest
@Description("FrameTable: two copiers of one uniform chunk, neither transition lost, the uniform chunk never written")
@Outcome(id = "Sz, Vz, Uz, Uz", expect = ACCEPTABLE, desc = "both transitions, in one copy; the other chunk untouched")
@Outcome(expect = FORBIDDEN, desc = "a transition lost in a copy the directory does not hold, or written into the uniform chunk")
@State
public class UniformChunkCopyRace {
    private static final int CHUNK = FrameTable.FRAMES_PER_CHUNK;

    private final FrameTable table = uniform();

    private static FrameTable uniform() {
        FrameTable t = new FrameTable(2 * CHUNK, HostMode.ZVM);
        t.essaRun(0, 2 * CHUNK, Orc.SET_UNUSED, new int[2 * CHUNK]);
        return t;
    }

    @Actor
    public void first() {
        table.essa(0, Orc.SET_STABLE);
    }

    @Actor
    public void last() {
        table.essa(CHUNK - 1, Orc.SET_VOLATILE);
    }

    @Arbiter
    public void after(LLLL_Result r) {
        r.r1 = FrameState.name(table.state(0));
        r.r2 = FrameState.name(table.state(CHUNK - 1));
        r.r3 = FrameState.name(table.state(1));
        r.r4 = FrameState.name(table.state(CHUNK));
    }
}
