package org.cmmalab.jmh;

import org.cmmalab.pagestates.FrameOp;
import org.cmmalab.pagestates.FrameTable;
import org.cmmalab.pagestates.HostMode;
import org.cmmalab.pagestates.Orc;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The JMH states {@link StateChangeBenchmark} walks: frame tables armed so that each benchmark's
 * operations really change every frame they touch, and the plain arrays of its baselines. Each
 * holds a {@link Cursor} over {@value #FRAMES} entries (the frame tables' 2048 large frames for
 * the 2 MiB ones). The host mode is {@code zvm}.
 *
 * <p>Each {@code setUp(..., frames)} is the whole setup, for the tests to call with a small table.
 */
public final class BenchmarkFrames {
    /** 1M frames of 4 KiB: a 4 GiB guest, a 2 MiB frame table. */
    static final int FRAMES = 1 << 20;

    private BenchmarkFrames() {
    }

    /** 4 KiB frames in the from-state of the {@link EssaCycle} the benchmark method is named after. */
    @State(Scope.Thread)
    public static class SmallFrames {
        FrameTable table;
        Cursor cursor;

        @Setup
        public void setUp(BenchmarkParams params) {
            setUp(EssaCycle.ofBenchmark(params.getBenchmark()), FRAMES);
        }

        void setUp(EssaCycle cycle, int frames) {
            table = new FrameTable(frames, HostMode.ZVM);
            for (int f = 0; f < frames; f++) {
                for (Orc o : cycle.arm()) {
                    table.essa(f, o);
                }
            }
            cursor = new Cursor(frames, cycle.steps().length);
        }
    }

    /** 2 MiB frames: every run merged while untouched, then armed like {@link SmallFrames}. */
    @State(Scope.Thread)
    public static class LargeFrames {
        FrameTable table;
        Cursor cursor;

        @Setup
        public void setUp(BenchmarkParams params) {
            setUp(EssaCycle.ofBenchmark(params.getBenchmark()), FRAMES);
        }

        void setUp(EssaCycle cycle, int frames) {
            table = new FrameTable(frames, HostMode.ZVM);
            for (int l = 0; l < table.largeFrames(); l++) {
                if (!table.merge(l)) {
                    throw new IllegalStateException("run " + l + " of an untouched table did not merge");
                }
                for (Orc o : cycle.arm()) {
                    table.essaLarge(l, o);
                }
            }
            cursor = new Cursor(table.largeFrames(), cycle.steps().length);
        }
    }

    /** 4 KiB frames armed for the {@link EssaCycle#SET_UNUSED} cycle, walked at the base frame of each run. */
    @State(Scope.Thread)
    public static class RunBaseFrames {
        FrameTable table;
        Cursor cursor;

        @Setup
        public void setUp() {
            setUp(FRAMES);
        }

        void setUp(int frames) {
            table = new FrameTable(frames, HostMode.ZVM);
            for (int l = 0; l < table.largeFrames(); l++) {
                for (Orc o : EssaCycle.SET_UNUSED.arm()) {
                    table.essa(l * FrameTable.DEFAULT_FRAMES_PER_LARGE, o);
                }
            }
            cursor = new Cursor(table.largeFrames(), 2);
        }
    }

    /** 4 KiB frames in Vr, for the host discard cycle. */
    @State(Scope.Thread)
    public static class VolatileFrames {
        FrameTable table;
        Cursor cursor;

        @Setup
        public void setUp() {
            setUp(FRAMES);
        }

        void setUp(int frames) {
            table = new FrameTable(frames, HostMode.ZVM);
            for (int f = 0; f < frames; f++) {
                table.essa(f, Orc.SET_STABLE_RESIDENT);
                table.essa(f, Orc.SET_VOLATILE);
            }
            cursor = new Cursor(frames, 3);
        }
    }

    /** 4 KiB frames in Sr with the host change bit set and the guest change bit clear, for STORE/CLEAN. */
    @State(Scope.Thread)
    public static class CleanFrames {
        FrameTable table;
        Cursor cursor;

        @Setup
        public void setUp() {
            setUp(FRAMES);
        }

        void setUp(int frames) {
            table = new FrameTable(frames, HostMode.ZVM);
            for (int f = 0; f < frames; f++) {
                table.essa(f, Orc.SET_STABLE_RESIDENT);
                table.apply(f, FrameOp.STORE);
                table.apply(f, FrameOp.CLEAN);
            }
            cursor = new Cursor(frames, 2);
        }
    }

    /**
     * A {@code short[]} of zeros walked in laps: {@code arrayStore} stores 1 into each entry in lap 0
     * and 0 in lap 1; {@code compareAndSetShort} swaps 0 to 1, then 1 to 0, as {@link LongArray}.
     */
    @State(Scope.Thread)
    public static class ShortArray {
        short[] entries;
        Cursor cursor;

        @Setup
        public void setUp() {
            setUp(FRAMES);
        }

        void setUp(int frames) {
            entries = new short[frames];
            cursor = new Cursor(frames, 2);
        }
    }

    /** A {@code long[]}: lap 0 swaps each entry from 0 to 1, lap 1 from 1 to 0, so every CAS succeeds. */
    @State(Scope.Thread)
    public static class LongArray {
        long[] entries;
        Cursor cursor;

        @Setup
        public void setUp() {
            setUp(FRAMES);
        }

        void setUp(int frames) {
            entries = new long[frames];
            cursor = new Cursor(frames, 2);
        }
    }

    /** A {@link LockedFrameTable} armed for the {@link EssaCycle#SET_UNUSED} cycle. */
    @State(Scope.Thread)
    public static class LockedFrames {
        LockedFrameTable table;
        Cursor cursor;

        @Setup
        public void setUp() {
            setUp(FRAMES);
        }

        void setUp(int frames) {
            table = new LockedFrameTable(frames);
            for (int f = 0; f < frames; f++) {
                for (Orc o : EssaCycle.SET_UNUSED.arm()) {
                    table.essa(f, o);
                }
            }
            cursor = new Cursor(frames, 2);
        }
    }
}
