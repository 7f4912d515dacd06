package org.cmmalab.harness.sim;

/**
 * Admission of a density search's runs: a number of slots (runs at once, the cores) and a heap
 * budget in MiB. A run is admitted when a slot is free and its estimate fits what the runs going
 * on leave of the budget; it gives both back when it ends.
 *
 * <p>Protocol: any thread may call {@link #admit} and, once, {@link #release} with what it was
 * given; both hold this object's monitor, which guards every field. A waiting run is not queued
 * behind another: whenever a run ends, every waiting one looks again, and any that now fits goes.
 * So a large run waiting for the heap of two never stops a small one from taking the free core;
 * it goes when the runs around it leave it room, which they do, since every search is finite.
 * What is admitted in which order changes when runs happen, never what they compute.
 */
final class RunSlots {
    private final int budgetMiB;
    private int freeMiB;
    private int freeSlots;
    private int going;
    private long started;

    RunSlots(int budgetMiB, int slots) {
        this.budgetMiB = budgetMiB;
        this.freeMiB = budgetMiB;
        this.freeSlots = Math.max(1, slots);
    }

    /** Waits, uninterruptibly, until a slot is free and {@code needMiB} fit, and takes them. */
    synchronized Admission admit(int needMiB) {
        if (needMiB > budgetMiB) {
            throw new IllegalArgumentException(needMiB + " MiB asked of a budget of " + budgetMiB);
        }
        boolean interrupted = false;
        while (freeSlots == 0 || freeMiB < needMiB) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        freeSlots--;
        freeMiB -= needMiB;
        return new Admission(needMiB, ++started, ++going == 1);
    }

    /** Whether another run went on at any time between {@code a}'s admission and now. */
    synchronized boolean hadCompany(Admission a) {
        return !a.alone || started != a.number;
    }

    /** Gives back what {@code a} took. */
    synchronized void release(Admission a) {
        freeSlots++;
        freeMiB += a.needMiB;
        going--;
        notifyAll();
    }

    /** One admitted run: what it holds, its number in order of admission, and whether it started alone. */
    record Admission(int needMiB, long number, boolean alone) {
    }
}
