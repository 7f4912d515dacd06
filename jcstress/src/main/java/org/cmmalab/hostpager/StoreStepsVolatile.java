package org.cmmalab.hostpager;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.cmmalab.pagestates.Discipline;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LL_Result;

/**
 * {@link StoreAgainstWriteOut}'s race on {@link StoreSteps}, with the real
 * {@link FrameSync.Threads} (a volatile content store): the control of {@link StoreReleaseWrong},
 * which differs from it only in that one store.
 */
@JCStressTest
@Description("GuestSpace.store's steps against a write-out's, on FrameSync.Threads: never clean with the old copy")
@Outcome(id = "clean, new", expect = ACCEPTABLE, desc = "the store came before the copy read the content")
@Outcome(id = "dirty, .*", expect = ACCEPTABLE, desc = "the store set the host change bit after the write-out cleared it: it stays resident")
@Outcome(id = "clean, old", expect = FORBIDDEN, desc = "the store is lost: clean, and the device holds the old content")
@State
public class StoreStepsVolatile {
    private final StoreSteps frame = new StoreSteps(FrameSync.forHost(Discipline.THREADS));

    @Actor
    public void guest() {
        frame.store(WriteOutRace.NEW);
    }

    @Actor
    public void host() {
        frame.writeOut();
    }

    @Arbiter
    public void verdict(LL_Result r) {
        frame.verdict(r);
    }
}
