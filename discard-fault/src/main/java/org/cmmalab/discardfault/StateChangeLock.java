package org.cmmalab.discardfault;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One lock bit per page: the state-change lock of the guest page hinting series
 * ({@code PG_state_change}), docs/state-model.md section 6, race 2.
 *
 * <h2>Concurrency protocol</h2>
 * Any thread may take and release any page's lock. A page's lock is held by at most one thread;
 * a holder sees every change made under the lock by the holders before it (the taking CAS
 * acquires, the releasing store releases). The lock has no owner and is not reentrant: a thread
 * that takes a lock it holds waits forever in {@link #lock}, and fails in {@link #tryLock}, which
 * is why make-volatile, which may interrupt a holder on its own vCPU, only ever tries. Waiting
 * spins: holders keep it for a few steps (an ESSA and a few flag changes, or one store).
 *
 * <p>Accessors: {@code lv} volatile load, {@code so} ordered store, {@code cas} compare-and-set.
 */
public final class StateChangeLock implements PageLocks {
    private static final VarHandle BITS = MethodHandles.arrayElementVarHandle(int[].class);

    private final int[] bits;

    public StateChangeLock(int pages) {
        if (pages <= 0) {
            throw new IllegalArgumentException("pages must be positive, was " + pages);
        }
        this.bits = new int[pages];
    }

    @Override
    public void lock(int page) {
        while (!tryLock(page)) {
            Thread.onSpinWait();
        }
    }

    @Override
    public boolean tryLock(int page) {
        return lvBit(page) == 0 && casBit(page, 0, 1);
    }

    @Override
    public void unlock(int page) {
        soBit(page, 0);
    }

    /** Whether some thread holds the lock of {@code page} now. */
    public boolean isLocked(int page) {
        return lvBit(page) != 0;
    }

    private int lvBit(int page) {
        return (int) BITS.getVolatile(bits, page);
    }

    private void soBit(int page, int value) {
        BITS.setRelease(bits, page, value);
    }

    private boolean casBit(int page, int expect, int value) {
        return BITS.compareAndSet(bits, page, expect, value);
    }
}
