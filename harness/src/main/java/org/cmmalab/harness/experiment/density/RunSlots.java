package org.cmmalab.harness.experiment.density;

import java.util.ArrayList;
import java.util.List;

/**
 * Admission of a density search's runs: a number of slots (runs at once, the cores) and a heap
 * budget in MiB. A run is admitted when a slot is free and its estimate fits what the runs going
 * on leave of the budget; it gives both back when it ends.
 *
 * <p>Protocol: any thread may call {@link #admit} and, once, {@link #release} with what it was
 * given; both hold this object's monitor, which guards every field. Waiting runs are served in
 * the order they came, but a run that does not fit does not hold up those behind it: the first
 * waiting run that fits goes, then the next that still fits, whenever a run ends. So a large run
 * waiting for the heap of two never keeps a small one from a free core, and a search that came
 * early is not passed over while its run fits. A large run goes when the runs around it leave it
 * room, which they do, since every search is finite. What is admitted in which order changes when
 * runs happen, never what they compute.
 */
final class RunSlots {
    private final int budgetMiB;
    private int freeMiB;
    private int freeSlots;
    private int going;
    private long started;
    /** The heap each waiting run asks for, in the order they came. */
    private final List<int[]> waiting = new ArrayList<>();

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
        int[] me = {needMiB};
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

    /** Whether {@code me} fits now and no run that came before it does. */
    private boolean mayGo(int[] me) {
        if (freeSlots == 0 || freeMiB < me[0]) {
            return false;
        }
        for (int[] w : waiting) {
            if (w == me) {
                return true;
            }
            if (freeMiB >= w[0]) {
                return false;
            }
        }
        throw new IllegalStateException("a waiting run is not in the queue");
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
