package org.cmmalab.hostpager;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.locks.ReentrantLock;
import org.cmmalab.jcstress.WrongVariant;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LL_Result;

/**
 * Wrong variant of {@link SeqlockNoWaitRead}: the same actors on {@link PlainReadSync}, whose reader
 * reads the word, the content and the word again with plain reads. Nothing then orders the three
 * reads: the compiler may read the word once for both checks, or move the content read past the
 * second, so the check no longer brackets the content read, and the reader returns "0, after",
 * the holder's content with the word from before the holder took it. x86 keeps loads in order, so
 * what fails here is the JIT (C2), not the hardware. The same plain reads inside the real
 * {@link FrameSync.Threads#readBegin}'s waiting loop never failed (see docs/testing.md), so the
 * variant begins as {@link NoWaitReadSync} does.
 */
@WrongVariant
@JCStressTest
@Description("Seqlock reader with plain reads of the word and the content (wrong)")
@Outcome(id = {"0, before", "2, after"}, expect = ACCEPTABLE, desc = "the content at the even word the reader saw")
@Outcome(id = "retry, -", expect = ACCEPTABLE, desc = "the word was odd, or moved: the reader looks again")
@Outcome(expect = FORBIDDEN, desc = "a content that was not the frame's at the word the reader saw")
@State
public class SeqlockPlainReadWrong {
    private final FrameSync sync = new PlainReadSync(0, new ReentrantLock()).forGuest(1);
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
