package org.cmmalab.jmh;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.cmmalab.hostpager.GuestSpace;
import org.cmmalab.hostpager.Host;
import org.cmmalab.hostpager.HostConfig;
import org.cmmalab.hostpager.ReclaimMode;
import org.cmmalab.hostpager.WriteOuts;
import org.cmmalab.hostpager.replacement.UnitKey;
import org.cmmalab.pagestates.FrameState;
import org.cmmalab.pagestates.Orc;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What host reclaim costs per frame, through host-pager's real path: {@link Host#balance},
 * the host's background reclaim, which takes victims in its replacement policy's order and frees
 * each by its page state (host-pager's {@code Reclaimer}). The host holds {@value #FRAMES}
 * frames of one guest, all resident, and reclaims with watermarks {@code low = high =}
 * {@value #BATCH}, so that each call frees exactly {@value #BATCH} frames; the score is per frame
 * ({@code @OperationsPerInvocation}). Between calls, untimed ({@code Level.Invocation}: each call
 * is tens of microseconds, so JMH's per-call timestamps are noise), the guest makes the reclaimed
 * frames resident again in the state the benchmark needs.
 *
 * <ul>
 *   <li>{@code discard}: every frame volatile ({@code Vr}), so every victim is discarded
 *       ({@code Vr} to {@code Vz}, host frame freed, no I/O), under each replacement policy
 *       ({@code policy}): the differences between the three are their victim searches and their
 *       bookkeeping on removal. {@code lru} takes the tail of an intrusive list; {@code clock}
 *       sweeps its ring clearing reference bits (every frame made resident again has its bit
 *       set, so each victim costs about two steps of the hand); {@code opt} takes the top of an
 *       indexed heap keyed by next use. OPT's future is frozen here: it holds every frame once,
 *       in a random order, behind a first reference nobody makes, so its cursor never moves and
 *       each frame's next use stays where the future put it; what is measured is its heap and
 *       hash work, which is what its victim search costs in a replay.</li>
 *   <li>{@code writeOut}: every frame stable and changed, so every victim is written out to the
 *       paging device: slots reserved, BEGIN_WRITE_OUT, the copy, the closing RECLAIM that finds
 *       it unchanged, and the host frame freed ({@code lru}), each write-out ended as soon as it
 *       starts.</li>
 * </ul>
 *
 * The published anchor is PPR's host recycle, ~6500 cycles per page (page-table work included,
 * which this model has none of). The host's reclaim budget: no allocation per frame.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(3)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class ReclaimBenchmark {
    /** Frames reclaimed per call. */
    static final int BATCH = 1024;
    /** Host frames, all resident before each call: 64 MiB. */
    static final int FRAMES = 16 * BATCH;

    private static final int GUEST = 0;
    /** Background reclaim whose write-outs land as they start: what a write-out costs, not when it ends. */
    private static final WriteOuts AT_ONCE = (guest, frame, frames, ticket) -> guest.finishWriteOut(frame, ticket);

    /** A host full of volatile frames, under the replacement policy {@link #policy}. */
    @State(Scope.Thread)
    public static class VolatileHost {
        @Param({"lru", "clock", "opt"})
        public String policy;
        Host host;
        GuestSpace space;

        @Setup(Level.Trial)
        public void setUp() {
            setUp(policy, FRAMES, BATCH);
        }

        void setUp(String name, int frames, int batch) {
            HostConfig config = HostConfig.of(frames, frames).withReclaim(ReclaimMode.watermarks(batch, batch));
            host = new Host(name.equals("opt") ? config.withOpt(frozenFuture(frames)) : config.withReplacement(name));
            space = host.attach(GUEST, frames);
            rearm();
        }

        /** Makes every discarded frame resident and volatile again: zero fill (SET_STABLE_RESIDENT), then SET_VOLATILE. */
        @Setup(Level.Invocation)
        public void rearm() {
            for (int f = 0, n = space.frames(); f < n; f++) {
                if (!FrameState.isResident(space.table().state(f))) {
                    space.essa(f, Orc.SET_STABLE_RESIDENT);
                    space.essa(f, Orc.SET_VOLATILE);
                }
            }
        }
    }

    /** A host full of stable, changed frames: every victim must be written out. */
    @State(Scope.Thread)
    public static class ChangedHost {
        Host host;
        GuestSpace space;

        @Setup(Level.Trial)
        public void setUp() {
            setUp(FRAMES, BATCH);
        }

        void setUp(int frames, int batch) {
            host = new Host(HostConfig.of(frames, frames).withReclaim(ReclaimMode.watermarks(batch, batch)));
            space = host.attach(GUEST, frames);
            rearm();
        }

        /** Pages every written-out frame back in with a store (a host fault, then the change bits set). */
        @Setup(Level.Invocation)
        public void rearm() {
            for (int f = 0, n = space.frames(); f < n; f++) {
                if (!FrameState.isResident(space.table().state(f))) {
                    space.store(f, f + 1L);
                }
            }
        }
    }

    /**
     * A future for OPT that its cursor never leaves: first a reference to a guest that is not
     * attached, then every frame once, in a random but fixed order.
     */
    static long[] frozenFuture(int frames) {
        int[] order = new int[frames];
        for (int i = 0; i < frames; i++) {
            order[i] = i;
        }
        Random random = new Random(42);
        for (int i = frames - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        long[] future = new long[frames + 1];
        future[0] = UnitKey.of(GUEST + 1, 0);
        for (int i = 0; i < frames; i++) {
            future[i + 1] = UnitKey.of(GUEST, order[i]);
        }
        return future;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int discard(VolatileHost s) {
        return s.host.balance(AT_ONCE);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int writeOut(ChangedHost s) {
        return s.host.balance(AT_ONCE);
    }
}
