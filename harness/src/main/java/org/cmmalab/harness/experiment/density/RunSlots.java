package org.cmmalab.harness.experiment.density;

import java.util.ArrayList;
import java.util.List;

/**
 * Admission of a density search's runs: a number of slots (runs at once, the cores) and a heap
 * budget in MiB. A run is admitted when a slot is free and its estimate fits what the runs going
 * on leave of the budget; it gives both back when it ends.
 *
 * <p>Protocol: any thread may call {@link #admit} and, once, {@link #release} with what it was
 * given; both hold this object's monitor, which guards every field. Waiting runs are served by
 * rank, the highest first and, among equals, in the order they came; but a run that does not fit
 * does not hold up those behind it: the first waiting run by rank that fits goes, then the next
 * that still fits, whenever a run ends. So a large run waiting for the heap of two never keeps a
 * small one from a free core. A large run goes when the runs around it leave it room, which they
 * do, since every search is finite. What is admitted in which order changes when runs happen,
 * never what they compute.
 *
 * <p>The rank is the caller's: a density search ranks its runs by the time its own runs have
 * taken so far, so that the searches that will take longest (their runs are slow, and they need
 * many) go first, as the longest jobs go first in a schedule that is to end early; the short
 * searches fill the cores around them.
 */
final class RunSlots {
    private final int budgetMiB;
    private int freeMiB;
    private int freeSlots;
    private int going;
    private long started;
    /** The waiting runs, in the order they came. */
    private final List<Waiting> waiting = new ArrayList<>();

    /** A waiting run: the heap it asks for and its rank. */
    private record Waiting(int needMiB, double rank) {
    }

    RunSlots(int budgetMiB, int slots) {
        this.budgetMiB = budgetMiB;
        this.freeMiB = budgetMiB;
        this.freeSlots = Math.max(1, slots);
    }

    /** {@link #admit(int, double)} at rank 0. */
    Admission admit(int needMiB) {
        return admit(needMiB, 0);
    }

    /**
     * Waits, uninterruptibly, until a slot is free, {@code needMiB} fit, and no waiting run that
     * fits ranks before this one, and takes them.
     */
    synchronized Admission admit(int needMiB, double rank) {
        if (needMiB > budgetMiB) {
            throw new IllegalArgumentException(needMiB + " MiB asked of a budget of " + budgetMiB);
        }
        Waiting me = new Waiting(needMiB, rank);
        waiting.add(me);
        boolean interrupted = false;
        while (!mayGo(me)) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        waiting.remove(me);
        freeSlots--;
        freeMiB -= needMiB;
        notifyAll(); // a run behind this one may fit what is left
        return new Admission(needMiB, ++started, ++going == 1);
    }

    /** Whether {@code me} fits now and no run that ranks before it (higher, or equal and earlier) does. */
    private boolean mayGo(Waiting me) {
        if (freeSlots == 0 || freeMiB < me.needMiB) {
            return false;
        }
        boolean earlier = true;
        for (Waiting w : waiting) {
            if (w == me) {
                earlier = false;
                continue;
            }
            if (freeMiB >= w.needMiB && (w.rank > me.rank || earlier && w.rank == me.rank)) {
                return false;
            }
        }
        if (earlier) {
            throw new IllegalStateException("a waiting run is not in the queue");
        }
        return true;
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
