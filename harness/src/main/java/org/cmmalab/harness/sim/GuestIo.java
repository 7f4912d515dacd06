package org.cmmalab.harness.sim;

/** How long a guest's vCPU spends on its own block I/O: file reads, write-back, swap-in, swap-out. */
interface GuestIo {
    /**
     * {@code reads} pages of {@code readNanos} service each, then {@code writes} of
     * {@code writeNanos}, which guest number {@code guest} (from 1) issues one after another from
     * {@code now}, waiting for each; returns the time it spent, service and queueing.
     */
    long sync(int guest, long now, long reads, long readNanos, long writes, long writeNanos);
}
