package org.cmmalab.jmh;

import java.util.concurrent.locks.ReentrantLock;
import org.cmmalab.pagestates.FrameState;
import org.cmmalab.pagestates.HostMode;
import org.cmmalab.pagestates.Orc;
import org.cmmalab.pagestates.StateModel;

/**
 * A frame table that serializes transitions with locks instead of compare-and-set: the baseline
 * that shows what {@link org.cmmalab.pagestates.FrameTable}'s lock-freedom is worth. Everything
 * else is the same: one {@code short} per 4 KiB frame, and the transition looked up in a table
 * compiled from {@link StateModel#essa}, so the difference between the two is the locking alone.
 *
 * <p>Protocol: entry {@code i} is read and written only while holding the lock of its 2 MiB run,
 * {@code locks[i / 512]} (a per-run lock, so a large-frame operation could take one lock too).
 */
final class LockedFrameTable {
    private static final int RUN_SHIFT = 9;

    private final short[] entries;
    private final short[][] next;
    private final ReentrantLock[] locks;

    /** {@code frames} frames, all in zvm's initial state, the mode of the benchmarks' tables. */
    LockedFrameTable(int frames) {
        entries = new short[frames];
        java.util.Arrays.fill(entries, (short) StateModel.initial(HostMode.ZVM));
        next = new short[Orc.values().length][FrameState.WORDS];
        for (Orc orc : Orc.values()) {
            for (int word = 0; word < FrameState.WORDS; word++) {
                next[orc.ordinal()][word] = (short) (StateModel.isLegal(word, HostMode.ZVM)
                        ? StateModel.essa(word, orc, HostMode.ZVM) : word);
            }
        }
        locks = new ReentrantLock[(frames + (1 << RUN_SHIFT) - 1) >>> RUN_SHIFT];
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /** ESSA on a 4 KiB frame under its run's lock; returns the state word before it. */
    int essa(int frame, Orc orc) {
        ReentrantLock lock = locks[frame >>> RUN_SHIFT];
        lock.lock();
        try {
            int e = entries[frame];
            int n = next[orc.ordinal()][e];
            if (n != e) {
                entries[frame] = (short) n;
            }
            return e;
        } finally {
            lock.unlock();
        }
    }
}
