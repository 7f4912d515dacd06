package org.cmmalab.hostpager;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.locks.ReentrantLock;
import org.cmmalab.jcstress.WrongVariant;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LL_Result;

/**
 * Wrong variant of {@link StoreStepsVolatile}: the same steps on {@link ReleaseStoreSync}, where a
 * guest store's content is a release store instead of a volatile one. A release store orders the
 * accesses before it, not the loads after it, so the change-bit step's read of the frame's entry
 * may complete while the content still sits in the store buffer (x86-TSO allows exactly this
 * reordering, StoreLoad). The write-out can then clear the bit and copy the old content in
 * between: "clean, old", the store lost.
 */
@WrongVariant
@JCStressTest
@Description("GuestSpace.store's steps with a release content write (wrong): the store can be lost")
@Outcome(id = "clean, new", expect = ACCEPTABLE, desc = "the store came before the copy read the content")
@Outcome(id = "dirty, .*", expect = ACCEPTABLE, desc = "the store set the host change bit after the write-out cleared it: it stays resident")
@Outcome(id = "clean, old", expect = FORBIDDEN, desc = "the store is lost: the bit read ran ahead of the content write")
@State
public class StoreReleaseWrong {
    private final StoreSteps frame = new StoreSteps(new ReleaseStoreSync(0, new ReentrantLock()));

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
