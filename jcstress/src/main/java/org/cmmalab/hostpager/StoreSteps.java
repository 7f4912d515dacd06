package org.cmmalab.hostpager;

import org.cmmalab.pagestates.FrameOp;
import org.cmmalab.pagestates.FrameState;
import org.cmmalab.pagestates.FrameTable;
import org.cmmalab.pagestates.HostMode;
import org.cmmalab.pagestates.Orc;
import org.openjdk.jcstress.infra.results.LL_Result;

/**
 * {@link WriteOutRace}'s frame without the rest of the host: the real {@link FrameTable} and a
 * {@link FrameSync} over one host frame's content, with the steps of {@link GuestSpace#store} and
 * of {@link GuestSpace#beginWriteOut} and {@link GuestSpace#writeToDevice} that touch the frame,
 * taken here in their order and through the same calls, without the host lock and the bookkeeping
 * around them. Frame 0 is resident and stable, holds {@link WriteOutRace#OLD} and has both change
 * bits set. On the real host the write-out lets go of the host lock and takes it again between
 * clearing the bit and copying, which makes the window in which a release store of the content
 * (the wrong variant) loses a store far narrower: a {@link GuestSpace} on {@link ReleaseStoreSync}
 * lost 9 stores in 2.9 million samples, too few to show at the short setting, where the steps
 * here, which follow each other at once, lose hundreds (see docs/testing.md).
 */
final class StoreSteps {
    private final FrameTable table = new FrameTable(2, HostMode.ZVM, 2);
    private final FrameSync sync;
    private final long[] tokens = new long[1];
    private long copied;

    StoreSteps(FrameSync hostSync) {
        this.sync = hostSync.forGuest(2);
        table.essa(0, Orc.SET_STABLE);
        table.apply(0, FrameOp.ZERO_FILL);
        sync.putContent(tokens, 0, WriteOutRace.OLD);
        table.apply(0, FrameOp.STORE);
    }

    /** {@link GuestSpace#store} from taking the word: the frame is resident, content, change bits (a read: they are set), let go. */
    void store(long token) {
        sync.lock(0);
        try {
            if (!FrameState.isResident(table.state(0))) {
                throw new IllegalStateException("frame 0 is " + FrameState.describe(table.state(0)));
            }
            sync.storeContent(tokens, 0, token);
            table.apply(0, FrameOp.STORE);
        } finally {
            sync.unlock(0);
        }
    }

    /** {@link GuestSpace#beginWriteOut}'s transition, then {@link GuestSpace#writeToDevice}'s copy. */
    void writeOut() {
        table.apply(0, FrameOp.BEGIN_WRITE_OUT);
        copied = sync.content(tokens, 0);
    }

    /**
     * Whether the frame's host change bit is set after both ("dirty": the write-out's finish keeps
     * it resident; "clean": it frees the frame, the copy being current), and which content the
     * write-out copied. "clean, old" is a lost store.
     */
    void verdict(LL_Result r) {
        r.r1 = FrameState.hostChanged(table.state(0)) ? "dirty" : "clean";
        r.r2 = copied == WriteOutRace.OLD ? "old" : copied == WriteOutRace.NEW ? "new" : Long.toString(copied);
    }
}
