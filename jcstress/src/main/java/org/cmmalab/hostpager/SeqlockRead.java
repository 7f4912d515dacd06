package org.cmmalab.hostpager;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.cmmalab.pagestates.Discipline;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LL_Result;

/**
 * The seqlock of the real {@link FrameSync.Threads}, one guest frame's word over one host frame's
 * content, as {@link GuestSpace#load} reads through it: {@link FrameSync#readBegin} (the word, once
 * even), {@link FrameSync#content}, {@link FrameSync#readValid} (the word again). A holder, here a
 * fill ({@link FrameSync#lock}, {@link FrameSync#putContent}, {@link FrameSync#unlock}), makes the
 * word odd while it writes. A read that validates must return the content the frame had at the
 * word it began with (see {@link SeqlockVerdict}): the volatile word reads keep the content read
 * between them, and the holder's CAS and release stores keep its write inside the odd stretch.
 * {@link SeqlockNoWaitRead} runs the same actors with the read begun without waiting, and
 * {@link SeqlockPlainReadWrong}, its wrong variant, with plain reads as well.
 */
@JCStressTest
@Description("FrameSync.Threads' seqlock: a read that validates returns the content of the word it began with")
@Outcome(id = {"0, before", "2, after"}, expect = ACCEPTABLE, desc = "the content at the even word the reader saw")
@Outcome(id = "retry, -", expect = ACCEPTABLE, desc = "the word moved: the reader looks again")
@Outcome(expect = FORBIDDEN, desc = "a content that was not the frame's at the word the reader saw")
@State
public class SeqlockRead {
    private final FrameSync sync = FrameSync.forHost(Discipline.THREADS).forGuest(1);
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
