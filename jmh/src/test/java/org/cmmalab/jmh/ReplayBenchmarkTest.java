package org.cmmalab.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.cmmalab.harness.replay.ReplayResult;
import org.cmmalab.harness.trace.Trace;
import org.junit.jupiter.api.Test;

/**
 * The baseline computes what the stack computes: over the same trace, the LinkedHashMap LRU
 * misses exactly as often as the replayed host faults (the identity {@code cmma replay} promises
 * with guest memory large enough), hints on or off; and both count every reference.
 */
class ReplayBenchmarkTest {
    private final ReplayBenchmark bench = new ReplayBenchmark();

    @Test
    void lruMapMissesAsOftenAsTheStackFaults() {
        Trace trace = ReplayBenchmark.LoadedTrace.load(sample("lirs-cpp.trace.gz").toString());
        for (int frames : new int[] {100, 600, 2000}) {
            long misses = ReplayBenchmark.lruMisses(trace, frames);
            for (boolean hints : new boolean[] {true, false}) {
                ReplayResult result = ReplayBenchmark.replay(trace, frames, hints);
                assertEquals(misses, result.hostFaults(), frames + " frames, hints " + hints);
                assertEquals(0, result.lostPages());
            }
        }
        assertEquals(trace.distinctPages(), ReplayBenchmark.lruMisses(trace, trace.distinctPages()), "cold misses only");
    }

    @Test
    void bothCountTheirReferences() {
        ReplayBenchmark.LoadedTrace t = new ReplayBenchmark.LoadedTrace();
        t.trace = sample("lirs-cpp.trace.gz").toString();
        t.hostFrames = 200;
        t.load();
        ReplayBenchmark.Hints h = new ReplayBenchmark.Hints();
        h.hints = true;
        ReplayBenchmark.References r = new ReplayBenchmark.References();
        bench.stack(t, h, r);
        bench.lruMap(t, r);
        assertEquals(2L * t.loaded.references(), r.references);
        r.clear();
        assertEquals(0, r.references);
    }

    @Test
    void aMissingTraceSaysWhereTheBenchmarkLooked() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ReplayBenchmark.LoadedTrace.load("no/such/trace.gz"));
        assertTrue(e.getMessage().contains("no such trace file") && e.getMessage().contains("-p trace=PATH"),
                e.getMessage());
    }

    /** A sample trace of the repository's traces/ directory, found from the working directory up. */
    static Path sample(String name) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("traces").resolve(name);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no traces/" + name + " above " + Path.of("").toAbsolutePath());
    }
}
