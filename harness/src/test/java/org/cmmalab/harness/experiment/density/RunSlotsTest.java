package org.cmmalab.harness.experiment.density;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs are admitted when a slot and their heap are free, and a large run waiting never holds up a small one. */
class RunSlotsTest {
    @Test
    void aSmallRunGoesWhileALargeOneWaitsForHeap() throws Exception {
        RunSlots slots = new RunSlots(100, 2);
        RunSlots.Admission first = slots.admit(60);
        CompletableFuture<RunSlots.Admission> large = CompletableFuture.supplyAsync(() -> slots.admit(60));
        assertThrows(TimeoutException.class, () -> large.get(200, TimeUnit.MILLISECONDS), "60 + 60 > 100");
        RunSlots.Admission small = CompletableFuture.supplyAsync(() -> slots.admit(30)).get(10, TimeUnit.SECONDS);
        assertFalse(large.isDone(), "60 + 30 + 60 > 100");
        slots.release(first);
        RunSlots.Admission second = large.get(10, TimeUnit.SECONDS);
        assertTrue(slots.hadCompany(second));
        CompletableFuture<RunSlots.Admission> third = CompletableFuture.supplyAsync(() -> slots.admit(1));
        assertThrows(TimeoutException.class, () -> third.get(200, TimeUnit.MILLISECONDS), "both slots are taken");
        slots.release(small);
        slots.release(third.get(10, TimeUnit.SECONDS));
        slots.release(second);
    }

    @Test
    void aRunAloneFromStartToEndHadNoCompany() {
        RunSlots slots = new RunSlots(100, 2);
        RunSlots.Admission alone = slots.admit(100);
        assertFalse(slots.hadCompany(alone));
        slots.release(alone);
        RunSlots.Admission a = slots.admit(10);
        RunSlots.Admission b = slots.admit(10);
        slots.release(b);
        assertTrue(slots.hadCompany(a), "b started and ended while a went on");
        slots.release(a);
        assertThrows(IllegalArgumentException.class, () -> slots.admit(101));
    }

    /** Waiting runs that fit go in the order they came. */
    @Test
    void runsThatFitGoInTheOrderTheyCame() throws Exception {
        RunSlots slots = new RunSlots(100, 1);
        RunSlots.Admission holder = slots.admit(10);
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int run = i;
            Thread t = new Thread(() -> {
                RunSlots.Admission a = slots.admit(10 + run);
                order.add(run);
                slots.release(a);
            });
            t.start();
            while (t.getState() != Thread.State.WAITING) {
                Thread.onSpinWait(); // queued, in the order started
            }
            threads.add(t);
        }
        slots.release(holder);
        for (Thread t : threads) {
            t.join(10_000);
        }
        assertEquals(List.of(0, 1, 2, 3), order);
    }

    /** Waiting runs that fit go highest rank first, equals in the order they came; a rank does not let a run that does not fit go. */
    @Test
    void runsThatFitGoByRank() throws Exception {
        RunSlots slots = new RunSlots(100, 1);
        RunSlots.Admission holder = slots.admit(10);
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        double[] ranks = {1, 5, 1, 5, 9};
        int[] needs = {10, 10, 10, 10, 95};
        for (int i = 0; i < ranks.length; i++) {
            int run = i;
            Thread t = new Thread(() -> {
                RunSlots.Admission a = slots.admit(needs[run], ranks[run]);
                order.add(run);
                slots.release(a);
            });
            t.start();
            while (t.getState() != Thread.State.WAITING) {
                Thread.onSpinWait(); // queued, in the order started
            }
            threads.add(t);
        }
        slots.release(holder);
        for (Thread t : threads) {
            t.join(10_000);
        }
        // run 4 ranks first and goes first once the holder's 10 MiB are back (95 fit in 100)
        assertEquals(List.of(4, 1, 3, 0, 2), order);
    }
}
