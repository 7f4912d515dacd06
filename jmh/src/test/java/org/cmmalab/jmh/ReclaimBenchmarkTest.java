package org.cmmalab.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;
import org.cmmalab.hostpager.HostCounters;
import org.cmmalab.hostpager.replacement.ReplacementPolicies;
import org.cmmalab.hostpager.replacement.UnitKey;
import org.cmmalab.pagestates.ContentState;
import org.cmmalab.pagestates.FrameState;
import org.cmmalab.pagestates.FrameTable;
import org.cmmalab.pagestates.UsageState;
import org.junit.jupiter.api.Test;

/** Every reclaim call frees exactly a batch of frames, the way its name says, and the re-arming restores the host. */
class ReclaimBenchmarkTest {
    private static final int FRAMES = 64;
    private static final int BATCH = 16;
    private static final int ROUNDS = 12;
    private static final int PAIR = FrameState.USAGE_MASK | FrameState.CONTENT_MASK;
    private static final int VR = FrameState.of(UsageState.VOLATILE, ContentState.RESIDENT);
    private static final int VZ = FrameState.of(UsageState.VOLATILE, ContentState.ZERO);

    private final ReclaimBenchmark bench = new ReclaimBenchmark();

    @Test
    void everyPolicyIsBenchmarked() {
        assertEquals(Set.of("lru", "clock", "opt"), ReplacementPolicies.names());
    }

    @Test
    void discardFreesABatchOfVolatileFramesWithoutIo() {
        for (String policy : ReplacementPolicies.names()) {
            ReclaimBenchmark.VolatileHost s = new ReclaimBenchmark.VolatileHost();
            s.setUp(policy, FRAMES, BATCH);
            HostCounters c = s.host.counters();
            for (int round = 0; round < ROUNDS; round++) {
                assertEquals(FRAMES, countPairs(s.space.table(), VR), policy + " round " + round + ": armed");
                long discards = c.discards();
                assertEquals(BATCH, bench.discard(s), policy + " round " + round);
                assertEquals(discards + BATCH, c.discards(), policy);
                assertEquals(BATCH, countPairs(s.space.table(), VZ), policy);
                s.rearm();
            }
            assertEquals(0, c.pageOuts() + c.pageIns(), policy + ": no I/O");
        }
    }

    @Test
    void optsFrozenFutureMakesTheFramesUsedLastTheVictimsEveryTime() {
        long[] future = ReclaimBenchmark.frozenFuture(FRAMES);
        assertEquals(FRAMES + 1, future.length);
        assertEquals(FRAMES, java.util.Arrays.stream(future).skip(1).distinct().count(), "every frame once");
        Set<Long> last = new HashSet<>();
        for (int i = FRAMES + 1 - BATCH; i <= FRAMES; i++) {
            last.add(future[i]);
        }
        ReclaimBenchmark.VolatileHost s = new ReclaimBenchmark.VolatileHost();
        s.setUp("opt", FRAMES, BATCH);
        for (int round = 0; round < 3; round++) {
            bench.discard(s);
            Set<Long> discarded = new HashSet<>();
            for (int f = 0; f < FRAMES; f++) {
                if ((s.space.table().state(f) & PAIR) == VZ) {
                    discarded.add(UnitKey.of(0, f));
                }
            }
            assertEquals(last, discarded, "round " + round);
            s.rearm();
        }
    }

    @Test
    void lruAndClockCycleThroughAllFrames() {
        for (String policy : new String[] {"lru", "clock"}) {
            ReclaimBenchmark.VolatileHost s = new ReclaimBenchmark.VolatileHost();
            s.setUp(policy, FRAMES, BATCH);
            BitSet discarded = new BitSet();
            for (int round = 0; round < FRAMES / BATCH; round++) {
                bench.discard(s);
                for (int f = 0; f < FRAMES; f++) {
                    if ((s.space.table().state(f) & PAIR) == VZ) {
                        assertTrue(!discarded.get(f), policy + ": frame " + f + " discarded twice in one lap");
                        discarded.set(f);
                    }
                }
                s.rearm();
            }
            assertEquals(FRAMES, discarded.cardinality(), policy);
        }
    }

    @Test
    void writeOutWritesABatchOfChangedFramesAndFreesThem() {
        ReclaimBenchmark.ChangedHost s = new ReclaimBenchmark.ChangedHost();
        s.setUp(FRAMES, BATCH);
        HostCounters c = s.host.counters();
        for (int round = 0; round < ROUNDS; round++) {
            long pageOuts = c.pageOuts();
            assertEquals(BATCH, bench.writeOut(s), "round " + round);
            assertEquals(pageOuts + BATCH, c.pageOuts(), "round " + round);
            assertEquals(0, c.discards() + c.writeOutsAborted() + c.deviceFull());
            assertEquals(FRAMES - BATCH, s.host.residentFrames(0));
            s.rearm();
            assertEquals(FRAMES, s.host.residentFrames(0));
        }
        assertEquals(ROUNDS * BATCH, c.pageIns(), "every written frame was paged in again by the re-arming store");
    }

    private static int countPairs(FrameTable table, int pair) {
        int n = 0;
        for (int f = 0; f < table.frames(); f++) {
            n += (table.state(f) & PAIR) == pair ? 1 : 0;
        }
        return n;
    }
}
