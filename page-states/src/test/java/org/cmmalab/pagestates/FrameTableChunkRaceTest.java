package org.cmmalab.pagestates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/**
 * Real threads racing to make the first changes in absent chunks, checked after they finish: every
 * change must be in the table (a thread that lost the race to install a chunk must have written
 * into the winner's, not into its own), and each chunk must have been allocated once. This is the
 * stress half; {@link FrameTableLincheckTest#sparseFramesModelChecking} explores the interleavings.
 *
 * <p>System property {@code chunkrace.rounds} (default 300) sets the number of fresh tables.
 */
class FrameTableChunkRaceTest {

    private static final int ROUNDS = Integer.getInteger("chunkrace.rounds", 300);
    private static final int THREADS = 4;
    private static final int CHUNKS = 4;

    /** What thread {@code t} does to each of its frames after SET_STABLE_RESIDENT, and the state that leaves. */
    private static final Orc[] SECOND = {Orc.SET_UNUSED, Orc.SET_VOLATILE, Orc.SET_STABLE_NODAT, Orc.SET_POT_VOLATILE};
    private static final String[] FINAL = {"Ur", "Vr", "Sr+nodat", "Pr"};

    /**
     * Each thread owns the frames {@code f} with {@code f % THREADS == t} and walks them in the
     * same order as the others, so the threads reach each absent chunk together and all try to
     * install it. Chunks of 512 frames (the default) and of 2, where every other frame is a new
     * chunk.
     */
    @Test
    void concurrentFirstWritesToAnAbsentChunkLoseNoUpdate() throws InterruptedException {
        for (int framesPerChunk : new int[] {512, 2}) {
            int frames = CHUNKS * framesPerChunk;
            for (int round = 0; round < ROUNDS; round++) {
                FrameTable table = new FrameTable(frames, HostMode.ZVM, 2, framesPerChunk);
                race(table, t -> {
                    for (int f = t; f < frames; f += THREADS) {
                        table.essa(f, Orc.SET_STABLE_RESIDENT);
                        table.essa(f, SECOND[t]);
                    }
                });
                for (int f = 0; f < frames; f++) {
                    int want = Words.parse(FINAL[f % THREADS]);
                    int got = table.state(f);
                    if (got != want) {
                        fail("chunks of " + framesPerChunk + ", round " + round + ": frame " + f + " is "
                                + Words.show(got) + ", not " + Words.show(want) + ": an update was lost");
                    }
                }
                assertEquals(CHUNKS, table.chunksAllocated(), "chunks of " + framesPerChunk + ", round " + round);
            }
        }
    }

    /**
     * The same frame from every thread: each thread stores to it (STORE sets both change bits) and
     * counts what it saw before; exactly one of them must have seen the untouched Sz, as if the
     * first ESSA of the round, whichever thread made it, had been the only one to find the chunk
     * absent.
     */
    @Test
    void exactlyOneThreadSeesTheUntouchedFrame() throws InterruptedException {
        for (int round = 0; round < ROUNDS; round++) {
            FrameTable table = new FrameTable(1024, HostMode.ZVM);
            AtomicInteger sawSz = new AtomicInteger();
            race(table, t -> {
                if (table.essa(700, Orc.SET_STABLE_RESIDENT) == StateModel.initial(HostMode.ZVM)) {
                    sawSz.incrementAndGet();
                }
                table.apply(700, FrameOp.STORE);
            });
            assertEquals(1, sawSz.get(), "round " + round + ": threads that found frame 700 untouched");
            assertEquals(Words.parse("Sr+gc+hc"), table.state(700), "round " + round);
            assertEquals(1, table.chunksAllocated(), "round " + round);
        }
    }

    /** A merge of an untouched run racing small-frame changes in the same absent chunk. */
    @Test
    void mergeRacesFirstWritesInAnAbsentChunk() throws InterruptedException {
        for (int round = 0; round < ROUNDS; round++) {
            FrameTable table = new FrameTable(8, HostMode.ZVM, 4, 8);
            boolean[] mergeWon = new boolean[1];
            race(table, t -> {
                if (t == 0) {
                    mergeWon[0] = table.merge(1);
                } else {
                    table.essa(t, Orc.SET_UNUSED); // run 0: never refused
                    try {
                        table.essa(4 + t, Orc.SET_UNUSED); // run 1: refused once merged
                    } catch (IllegalStateException refused) {
                        // the merge came first
                    }
                }
            });
            for (int t = 1; t < THREADS; t++) {
                assertEquals(Words.parse("Uz"), table.state(t), "round " + round + ": frame " + t);
            }
            if (mergeWon[0]) {
                assertTrue(table.isLarge(1), "round " + round);
                for (int f = 4; f < 8; f++) {
                    assertEquals(StateModel.initial(HostMode.ZVM), table.state(f), "round " + round + ": frame " + f + " of the merged run");
                }
            } else {
                assertTrue(!table.isLarge(1), "round " + round);
                assertTrue(table.state(5) != StateModel.initial(HostMode.ZVM) || table.state(6) != StateModel.initial(HostMode.ZVM)
                        || table.state(7) != StateModel.initial(HostMode.ZVM), "round " + round + ": the merge failed, so a frame had changed");
            }
            assertEquals(1, table.chunksAllocated(), "round " + round);
        }
    }

    interface Work {
        void run(int thread);
    }

    /** Runs {@code work} on {@value #THREADS} threads released together; rethrows the first failure. */
    private static void race(FrameTable table, Work work) throws InterruptedException {
        AtomicInteger ready = new AtomicInteger();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int id = t;
            Thread thread = new Thread(() -> {
                ready.incrementAndGet();
                while (ready.get() < THREADS) {
                    Thread.yield(); // more threads than cores: let the late ones start
                }
                work.run(id);
            }, "chunk-race-" + t);
            thread.setUncaughtExceptionHandler((th, e) -> failures.add(e));
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (!failures.isEmpty()) {
            throw new AssertionError("a racing thread failed", failures.get(0));
        }
    }
}
