package org.cmmalab.hostpager;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@link FrameSync.Threads} whose optimistic read begins without waiting, as Linux's
 * {@code raw_seqcount_begin} does: a word found odd gives the even value below it, which no read of
 * the word matches until the holder has let go, so the read fails {@link #readValid} and looks
 * again. That is as correct as waiting, and it makes the reader three straight-line reads (word,
 * content, word): the shape in which {@link PlainReadSync}'s plain reads go wrong. Its reads are
 * the real class's volatile ones, as is everything else: the control of that wrong variant
 * ({@link SeqlockNoWaitRead}).
 */
class NoWaitReadSync extends FrameSync.Threads {
    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);

    final ReentrantLock hostLock;

    NoWaitReadSync(int frames, ReentrantLock hostLock) {
        super(frames, hostLock);
        this.hostLock = hostLock;
    }

    @Override
    FrameSync forGuest(int frames) {
        return new NoWaitReadSync(frames, hostLock);
    }

    @Override
    int readBegin(int frame) {
        return (int) INTS.getVolatile(seq, frame) & ~1;
    }
}
