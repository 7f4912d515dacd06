package org.cmmalab.harness.sim;

/**
 * What a guest was charged, by kind: the sums behind its metrics. Host events are counted here
 * when the guest's own work caused them (its faults, and the direct reclaim they ran into); the
 * host's background reclaim is counted on the host's ledger.
 */
final class Ledger {
    long references;
    long essa;
    long discardFaults;
    long pageIns;
    long pageOuts;
    long discards;
    long zeroFills;
    long diskReads;
    long diskWrites;
    long swapIns;
    long swapOuts;
    /** Time the guest waited for its block I/O beyond the I/O's service: its storage device's queue. */
    long ioWaitNanos;
    long hintNanos;
    long balloonPages;
    long balloonNanos;
    long driverNanos;
    long lostPages;
    long leaks;

    void copyFrom(Ledger o) {
        references = o.references;
        essa = o.essa;
        discardFaults = o.discardFaults;
        pageIns = o.pageIns;
        pageOuts = o.pageOuts;
        discards = o.discards;
        zeroFills = o.zeroFills;
        diskReads = o.diskReads;
        diskWrites = o.diskWrites;
        swapIns = o.swapIns;
        swapOuts = o.swapOuts;
        ioWaitNanos = o.ioWaitNanos;
        hintNanos = o.hintNanos;
        balloonPages = o.balloonPages;
        balloonNanos = o.balloonNanos;
        driverNanos = o.driverNanos;
        lostPages = o.lostPages;
        leaks = o.leaks;
    }
}
