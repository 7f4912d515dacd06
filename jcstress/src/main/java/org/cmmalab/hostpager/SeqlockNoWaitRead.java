package org.cmmalab.hostpager;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.locks.ReentrantLock;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LL_Result;

/**
 * {@link SeqlockRead} on {@link NoWaitReadSync}: the real class's volatile reads in the reader's
 * straight-line shape. The control of {@link SeqlockPlainReadWrong}, which differs from it only in
 * the reader's three reads.
 */
@JCStressTest
@Description("FrameSync.Threads' seqlock, begun without waiting: as SeqlockRead")
@Outcome(id = {"0, before", "2, after"}, expect = ACCEPTABLE, desc = "the content at the even word the reader saw")
@Outcome(id = "retry, -", expect = ACCEPTABLE, desc = "the word was odd, or moved: the reader looks again")
@Outcome(expect = FORBIDDEN, desc = "a content that was not the frame's at the word the reader saw")
@State
public class SeqlockNoWaitRead {
    private final FrameSync sync = new NoWaitReadSync(0, new ReentrantLock()).forGuest(1);
    private final long[] tokens = {SeqlockVerdict.BEFORE};

    @Actor
    public void holder() {
        sync.lock(0);
        sync.putContent(tokens, 0, SeqlockVerdict.AFTER);
        sync.unlock(0);
    }

    @Actor
    public void reader(LL_Result r) {
        int seq = sync.readBegin(0);
        long content = sync.content(tokens, 0);
        SeqlockVerdict.record(seq, content, sync.readValid(0, seq), r);
    }
}
