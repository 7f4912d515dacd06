package org.cmmalab.hostpager;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Wrong: {@link NoWaitReadSync} whose optimistic reader reads the frame's word and the content
 * with plain reads instead of volatile ones ({@link #readBegin}, {@link #content},
 * {@link #readValid}). Taking and letting go of the word, the host lock and every write are the
 * real {@link FrameSync.Threads}'.
 */
class PlainReadSync extends NoWaitReadSync {
    PlainReadSync(int frames, ReentrantLock hostLock) {
        super(frames, hostLock);
    }

    @Override
    FrameSync forGuest(int frames) {
        return new PlainReadSync(frames, hostLock);
    }

    @Override
    int readBegin(int frame) {
        return seq[frame] & ~1; // wrong: plain
    }

    @Override
    boolean readValid(int frame, int s) {
        return seq[frame] == s; // wrong: plain
    }

    @Override
    long content(long[] tokens, int hostFrame) {
        return hostFrame < 0 ? POISON : tokens[hostFrame]; // wrong: plain
    }
}
