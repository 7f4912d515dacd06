package org.cmmalab.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import org.cmmalab.pagestates.ContentState;
import org.cmmalab.pagestates.FrameOp;
import org.cmmalab.pagestates.FrameState;
import org.cmmalab.pagestates.FrameTable;
import org.cmmalab.pagestates.HostMode;
import org.cmmalab.pagestates.Orc;
import org.cmmalab.pagestates.StateModel;
import org.cmmalab.pagestates.UsageState;
import org.junit.jupiter.api.Test;

/**
 * The benchmarks measure what they claim: every call changes the entry it touches (GET_STATE
 * aside), with the operation its lap says, and the walk comes back to where it started.
 */
class StateChangeBenchmarkTest {
    private static final int RUN = FrameTable.DEFAULT_FRAMES_PER_LARGE;
    private static final int FRAMES = 4 * RUN;

    private final StateChangeBenchmark bench = new StateChangeBenchmark();

    @Test
    void everyOrcHasACycleAndTwoBenchmarksNamedAfterIt() throws NoSuchMethodException {
        assertEquals(Orc.values().length, EssaCycle.values().length);
        for (EssaCycle cycle : EssaCycle.values()) {
            assertEquals(cycle.name(), cycle.steps()[0].name());
            StateChangeBenchmark.class.getMethod("essa4k_" + cycle, BenchmarkFrames.SmallFrames.class);
            StateChangeBenchmark.class.getMethod("essa2m_" + cycle, BenchmarkFrames.LargeFrames.class);
            assertEquals(cycle, EssaCycle.ofBenchmark("org.cmmalab.jmh.StateChangeBenchmark.essa2m_" + cycle));
        }
    }

    @Test
    void essa4kChangesEveryFrameWithTheOperationOfItsLap() throws ReflectiveOperationException {
        for (EssaCycle cycle : EssaCycle.values()) {
            BenchmarkFrames.SmallFrames s = new BenchmarkFrames.SmallFrames();
            s.setUp(cycle, FRAMES);
            Method benchmark = StateChangeBenchmark.class.getMethod("essa4k_" + cycle, s.getClass());
            int word = cycle.from();
            for (Orc step : cycle.steps()) {
                for (int f = 0; f < FRAMES; f++) {
                    assertEquals(word, benchmark.invoke(bench, s), cycle + " lap " + step + " frame " + f);
                }
                int next = StateModel.essa(word, step, HostMode.ZVM);
                assertEquals(next, s.table.state(FRAMES - 1));
                if (cycle != EssaCycle.GET_STATE) {
                    assertNotEquals(word, next, cycle + ": " + step + " changed nothing");
                }
                word = next;
            }
            assertEquals(cycle.from(), word);
        }
    }

    @Test
    void essa2mChangesEveryLargeFrame() throws ReflectiveOperationException {
        for (EssaCycle cycle : EssaCycle.values()) {
            BenchmarkFrames.LargeFrames s = new BenchmarkFrames.LargeFrames();
            s.setUp(cycle, FRAMES);
            Method benchmark = StateChangeBenchmark.class.getMethod("essa2m_" + cycle, s.getClass());
            int large = s.table.largeFrames();
            assertEquals(FRAMES / RUN, large);
            int word = cycle.from();
            for (Orc step : cycle.steps()) {
                for (int l = 0; l < large; l++) {
                    assertEquals(word, benchmark.invoke(bench, s), cycle + " lap " + step + " large frame " + l);
                    assertTrue(s.table.isLarge(l));
                }
                word = StateModel.essa(word, step, HostMode.ZVM);
                assertEquals(word, s.table.stateLarge(large - 1));
                assertEquals(word, s.table.state(FRAMES - 1), "a small frame reads its large frame's state");
            }
        }
    }

    @Test
    void essa4kRunBasesTouchesTheEntriesEssa2mTouches() {
        BenchmarkFrames.RunBaseFrames s = new BenchmarkFrames.RunBaseFrames();
        s.setUp(FRAMES);
        int from = EssaCycle.SET_UNUSED.from();
        int unused = StateModel.essa(from, Orc.SET_UNUSED, HostMode.ZVM);
        for (int l = 0; l < FRAMES / RUN; l++) {
            assertEquals(from, bench.essa4kRunBases(s));
            assertEquals(unused, s.table.state(l * RUN));
            assertEquals(StateModel.initial(HostMode.ZVM), s.table.state(l * RUN + 1), "only run bases are touched");
        }
        assertEquals(unused, bench.essa4kRunBases(s));
        assertEquals(from, s.table.state(0));
    }

    @Test
    void hostReclaimDiscardsAVolatileFrameAndReArmsIt() {
        BenchmarkFrames.VolatileFrames s = new BenchmarkFrames.VolatileFrames();
        s.setUp(FRAMES);
        int vr = FrameState.of(UsageState.VOLATILE, ContentState.RESIDENT);
        int vz = FrameState.of(UsageState.VOLATILE, ContentState.ZERO);
        int sr = FrameState.of(UsageState.STABLE, ContentState.RESIDENT);
        for (int expected : new int[] {vr, vz, sr, vr}) {
            for (int f = 0; f < FRAMES; f++) {
                assertEquals(expected, bench.hostReclaimVolatile(s), FrameState.describe(expected) + " frame " + f);
            }
        }
    }

    @Test
    void hostStoreSetsAndCleanClearsTheChangeBit() {
        BenchmarkFrames.CleanFrames s = new BenchmarkFrames.CleanFrames();
        s.setUp(FRAMES);
        int clean = s.table.state(0);
        assertEquals(FrameState.of(UsageState.STABLE, ContentState.RESIDENT), clean & ~FrameState.HOST_CHANGED);
        int stored = StateModel.apply(clean, FrameOp.STORE, HostMode.ZVM);
        assertNotEquals(clean, stored);
        for (int expected : new int[] {clean, stored, clean}) {
            for (int f = 0; f < FRAMES; f++) {
                assertEquals(expected, bench.hostStore(s));
            }
        }
    }

    @Test
    void baselinesChangeEveryEntry() {
        BenchmarkFrames.ShortArray store = new BenchmarkFrames.ShortArray();
        store.setUp(FRAMES);
        BenchmarkFrames.LongArray cas = new BenchmarkFrames.LongArray();
        cas.setUp(FRAMES);
        BenchmarkFrames.ShortArray shortCas = new BenchmarkFrames.ShortArray();
        shortCas.setUp(FRAMES);
        for (int lap = 0; lap < 3; lap++) {
            for (int f = 0; f < FRAMES; f++) {
                bench.arrayStore(store);
                assertEquals(1 - lap % 2, store.entries[f]);
                assertTrue(bench.compareAndSet(cas), "lap " + lap + " frame " + f);
                assertEquals(1 - lap % 2, cas.entries[f]);
                assertTrue(bench.compareAndSetShort(shortCas), "lap " + lap + " frame " + f);
                assertEquals(1 - lap % 2, shortCas.entries[f]);
            }
        }
    }

    @Test
    void lockedTableMakesTheSameTransitions() {
        BenchmarkFrames.LockedFrames s = new BenchmarkFrames.LockedFrames();
        s.setUp(FRAMES);
        int from = EssaCycle.SET_UNUSED.from();
        int unused = StateModel.essa(from, Orc.SET_UNUSED, HostMode.ZVM);
        for (int expected : new int[] {from, unused, from}) {
            for (int f = 0; f < FRAMES; f++) {
                assertEquals(expected, bench.lockedEssa4k(s));
            }
        }
    }
}
