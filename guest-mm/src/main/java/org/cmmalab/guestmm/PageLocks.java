package org.cmmalab.guestmm;

/**
 * The state-change lock of each page ({@code PG_state_change} of the guest page hinting series),
 * which orders a page's usage-state changes (docs/state-model.md section 6, race 2), as
 * {@link PageCache}'s protocol takes it: make-stable, writers and removal {@link #acquire} it and
 * wait while another vCPU holds it; make-volatile, reclaim and the flusher only
 * {@link #tryAcquire} it and give up, because make-volatile can run in interrupt context on a vCPU
 * that holds the lock already. The kernel's own keeps the lock bit in the page's descriptor
 * ({@link MemMap}); a race test puts a deliberately wrong one in its place to show that the rule
 * is needed. Called under the kernel lock ({@link Vcpus}); a waiter lets go of that while it waits.
 */
public interface PageLocks {
    /** Takes the lock of the page in {@code frame} for one who would wait: false if another holds it. */
    boolean acquire(int frame);

    /** Takes the lock of the page in {@code frame} for one who gives up rather than wait: false if another holds it. */
    boolean tryAcquire(int frame);

    /** Lets go of the lock of the page in {@code frame}, which the caller holds. */
    void release(int frame);
}
