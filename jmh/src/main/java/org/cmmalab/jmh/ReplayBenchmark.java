package org.cmmalab.jmh;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.cmmalab.harness.replay.Replay;
import org.cmmalab.harness.replay.ReplayOptions;
import org.cmmalab.harness.replay.ReplayResult;
import org.cmmalab.harness.trace.Trace;
import org.cmmalab.harness.trace.TraceReader;
import org.cmmalab.pagestates.HostMode;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The whole replay stack against a bare LRU cache over the same references, in the same run.
 *
 * <ul>
 *   <li>{@code stack}: {@code cmma replay}'s work, {@code new Replay(trace, new
 *       ReplayOptions(hostFrames, 0, true, "lru", HostMode.ZVM, hints)).run()}: one guest kernel
 *       with the trace's pages as one mapped file, the host pager holding {@code hostFrames}
 *       frames of it with LRU and on-demand reclaim, the frame tables, and discard faults;
 *       {@code hints} on or off.</li>
 *   <li>{@code lruMap}, the baseline: a {@link LinkedHashMap} in access order whose
 *       {@code removeEldestEntry} keeps {@code hostFrames} entries, over the same dense page
 *       numbers ({@link Trace#page}, boxed as a plain cache's caller would): a lookup per
 *       reference, and a put on a miss.</li>
 * </ul>
 *
 * Each call replays the whole trace, loaded once per trial from {@code trace} (a path relative
 * to the working directory, which {@code jmh/run} makes the repository root). The primary score
 * is per replay; the {@code references} counter turns it into time per reference, which is what
 * the summary reports and what the budget compares: the stack at no less than a third of the
 * speed of the map. On {@code lirs-loop} (1,011 pages in a loop), 800 frames make both miss on
 * every reference (with hints on, every miss after the first lap is a discard fault and a
 * re-read), 1024 frames make both hit on all but the first lap's 1,011.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(3)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ReplayBenchmark {
    /** The trace, read once per trial, and the host's frames (the cache's entries). */
    @State(Scope.Benchmark)
    public static class LoadedTrace {
        @Param("traces/lirs-loop.trace.gz")
        public String trace;
        @Param({"800", "1024"})
        public int hostFrames;
        Trace loaded;

        @Setup(Level.Trial)
        public void load() {
            loaded = load(trace);
        }

        static Trace load(String file) {
            Path path = Path.of(file);
            if (!Files.isRegularFile(path)) {
                throw new IllegalStateException(path.toAbsolutePath() + ": no such trace file; jmh/run runs the"
                        + " benchmarks from the repository root, or name one with -p trace=PATH");
            }
            return TraceReader.read(path, null);
        }
    }

    /** Whether the replayed guest issues CMMA hints. */
    @State(Scope.Thread)
    public static class Hints {
        @Param({"true", "false"})
        public boolean hints;
    }

    /** References replayed in an iteration: JMH reports it as time per reference. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class References {
        public long references;

        @Setup(Level.Iteration)
        public void clear() {
            references = 0;
        }
    }

    /** An LRU cache of {@code capacity} entries: a LinkedHashMap in access order that drops its eldest. */
    static final class LruMap extends LinkedHashMap<Integer, Integer> {
        private static final long serialVersionUID = 1L;
        private final int capacity;

        LruMap(int capacity) {
            super((int) (capacity / 0.75f) + 1, 0.75f, true);
            this.capacity = capacity;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Integer> eldest) {
            return size() > capacity;
        }
    }

    /** The misses of an LRU cache of {@code frames} entries over the trace's pages. */
    static long lruMisses(Trace trace, int frames) {
        LruMap cache = new LruMap(frames);
        long misses = 0;
        for (int i = 0, n = trace.references(); i < n; i++) {
            Integer page = trace.page(i);
            if (cache.get(page) == null) {
                misses++;
                cache.put(page, page);
            }
        }
        return misses;
    }

    /** What {@code cmma replay --trace T --frames F --hints on|off} runs. */
    static ReplayResult replay(Trace trace, int frames, boolean hints) {
        return new Replay(trace, new ReplayOptions(frames, 0, true, "lru", HostMode.ZVM, hints)).run();
    }

    @Benchmark
    public ReplayResult stack(LoadedTrace t, Hints h, References r) {
        ReplayResult result = replay(t.loaded, t.hostFrames, h.hints);
        r.references += result.references();
        return result;
    }

    @Benchmark
    public long lruMap(LoadedTrace t, References r) {
        long misses = lruMisses(t.loaded, t.hostFrames);
        r.references += t.loaded.references();
        return misses;
    }
}
