package org.cmmalab.hostpager;

import org.openjdk.jcstress.infra.results.LL_Result;

/**
 * What an optimistic read of one frame returned, for the seqlock tests: the frame holds
 * {@link #BEFORE} at word 0; one holder takes the word (1), puts {@link #AFTER} and lets go (2). A
 * read whose word moved is "retry"; one that validates gives the word it began with and the
 * content. The content at word 0 is "before" and at word 2 "after", so "0, after" or "2, before"
 * is a content that was not the frame's at any moment its word was even and stable.
 */
final class SeqlockVerdict {
    static final long BEFORE = 1;
    static final long AFTER = 2;

    private SeqlockVerdict() {
    }

    static void record(int seq, long content, boolean valid, LL_Result r) {
        if (!valid) {
            r.r1 = "retry";
            r.r2 = "-";
            return;
        }
        r.r1 = Integer.toString(seq);
        r.r2 = content == BEFORE ? "before" : content == AFTER ? "after" : Long.toString(content);
    }
}
