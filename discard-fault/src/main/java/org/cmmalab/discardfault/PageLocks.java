package org.cmmalab.discardfault;

/**
 * The per-page lock that orders a page's usage-state changes (docs/state-model.md section 6, race 2), as
 * {@link SharedPageCache} takes it: make-stable and writers {@link #lock} (they may wait), and
 * make-volatile only {@link #tryLock}s, because it can run in interrupt context on a vCPU that
 * already holds the lock. {@link StateChangeLock} is the implementation; the race tests put
 * deliberately wrong ones in its place.
 */
public interface PageLocks {
    /** Takes the lock of {@code page}, waiting while another holder has it. */
    void lock(int page);

    /** Takes the lock of {@code page} if it is free; never waits. */
    boolean tryLock(int page);

    /** Lets go of the lock of {@code page}, which the caller holds. */
    void unlock(int page);
}
