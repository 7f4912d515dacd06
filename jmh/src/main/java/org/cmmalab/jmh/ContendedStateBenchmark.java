package org.cmmalab.jmh;

import java.util.concurrent.TimeUnit;
import org.cmmalab.pagestates.ContentState;
import org.cmmalab.pagestates.FrameOp;
import org.cmmalab.pagestates.FrameState;
import org.cmmalab.pagestates.FrameTable;
import org.cmmalab.pagestates.HostMode;
import org.cmmalab.pagestates.Orc;
import org.cmmalab.pagestates.UsageState;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Race 1 of the spec (section 6) at full speed: a guest vCPU making volatile page-cache frames
 * stable before use (SET_STABLE_IF_RESIDENT) while a host reclaimer discards the same frames, on
 * two threads (this machine and CI have two cores). Both walk the same {@link #frames} frames
 * (64 by default: 128 bytes of frame table, so the two threads fight over the same cache lines
 * all the time and often over the same frame; {@code -p frames=...} spreads them out).
 *
 * <ul>
 *   <li>{@code guestMakeStable}: a page-cache page used and released: SET_STABLE_IF_RESIDENT,
 *       then SET_VOLATILE. The make-stable finds the frame Vr and makes it Sr (the guest keeps
 *       the content), or Vz (the host won; the guest would read the page again, which the
 *       host's re-arming stands in for), or neither (the host is re-arming the frame). The
 *       counters {@code kept}, {@code discarded} and {@code neither} say how often each
 *       happened, so a run shows that both sides really win races. The score is per call, two
 *       operations.</li>
 *   <li>{@code hostDiscard}: {@link FrameOp#RECLAIM} (Vr to Vz; or, if the guest made the frame
 *       stable, Sr to Sz, a zero-filled unchanged frame dropped), then the re-arming that keeps
 *       the race going: SET_STABLE_RESIDENT (zero fill, Sr) and SET_VOLATILE (Vr). The score is
 *       per call, three transitions.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(3)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class ContendedStateBenchmark {
    private static final int PAIR = FrameState.USAGE_MASK | FrameState.CONTENT_MASK;
    private static final int VR = FrameState.of(UsageState.VOLATILE, ContentState.RESIDENT);
    private static final int VZ = FrameState.of(UsageState.VOLATILE, ContentState.ZERO);

    /** The frames both threads race on, all Vr at the start. */
    @State(Scope.Group)
    public static class SharedFrames {
        @Param("64")
        public int frames;
        FrameTable table;

        @Setup
        public void setUp() {
            table = new FrameTable(frames, HostMode.ZVM);
            for (int f = 0; f < frames; f++) {
                table.essa(f, Orc.SET_STABLE_RESIDENT);
                table.essa(f, Orc.SET_VOLATILE);
            }
        }
    }

    /** One thread's walk over the shared frames. */
    @State(Scope.Thread)
    public static class Walk {
        private int frame;

        int next(int frames) {
            int f = frame;
            frame = f + 1 == frames ? 0 : f + 1;
            return f;
        }
    }

    /** What the guest's make-stable found, counted per iteration. */
    @AuxCounters(AuxCounters.Type.EVENTS)
    @State(Scope.Thread)
    public static class GuestOutcomes {
        /** Vr: made stable with its content. */
        public long kept;
        /** Vz: discarded by the host first. */
        public long discarded;
        /** Anything else: not volatile at that moment. */
        public long neither;

        @Setup(Level.Iteration)
        public void clear() {
            kept = 0;
            discarded = 0;
            neither = 0;
        }
    }

    @Benchmark
    @Group("race")
    @GroupThreads(1)
    public void guestMakeStable(SharedFrames s, Walk w, GuestOutcomes o, Blackhole bh) {
        int frame = w.next(s.frames);
        int old = s.table.essa(frame, Orc.SET_STABLE_IF_RESIDENT);
        bh.consume(s.table.essa(frame, Orc.SET_VOLATILE));
        int pair = old & PAIR;
        if (pair == VR) {
            o.kept++;
        } else if (pair == VZ) {
            o.discarded++;
        } else {
            o.neither++;
        }
    }

    @Benchmark
    @Group("race")
    @GroupThreads(1)
    public void hostDiscard(SharedFrames s, Walk w, Blackhole bh) {
        int frame = w.next(s.frames);
        bh.consume(s.table.apply(frame, FrameOp.RECLAIM));
        bh.consume(s.table.essa(frame, Orc.SET_STABLE_RESIDENT));
        bh.consume(s.table.essa(frame, Orc.SET_VOLATILE));
    }
}
