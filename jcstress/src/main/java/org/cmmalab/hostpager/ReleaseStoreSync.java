package org.cmmalab.hostpager;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Wrong: {@link FrameSync.Threads} whose guest store writes the content with a release store
 * ({@link #putContent}'s mode, a fill's) instead of a volatile store. Everything else is the real
 * class's.
 */
class ReleaseStoreSync extends FrameSync.Threads {
    private final ReentrantLock hostLock;

    ReleaseStoreSync(int frames, ReentrantLock hostLock) {
        super(frames, hostLock);
        this.hostLock = hostLock;
    }

    @Override
    FrameSync forGuest(int frames) {
        return new ReleaseStoreSync(frames, hostLock);
    }

    @Override
    void storeContent(long[] tokens, int hostFrame, long token) {
        putContent(tokens, hostFrame, token); // wrong: a release store
    }
}
