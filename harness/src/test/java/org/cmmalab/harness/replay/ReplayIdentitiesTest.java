package org.cmmalab.harness.replay;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.cmmalab.harness.trace.Trace;
import org.cmmalab.harness.trace.TraceReader;
import org.cmmalab.pagestates.HostMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The identities {@code cmma replay} promises, on every sample trace, each against a textbook
 * cache over the trace's own page numbers. The host gets a third of the trace's distinct pages,
 * so every trace pages hard.
 */
class ReplayIdentitiesTest {
    private static final Map<String, Trace> TRACES = new HashMap<>();

    @ParameterizedTest
    @ValueSource(strings = {"lirs-cpp", "lirs-cs", "lirs-gli", "lirs-ps", "lirs-multi1", "lirs-2_pools", "lirs-loop",
        "lirs-zigzag", "lirs-scan", "address-gcc", "address-swim", "address-twolf"})
    void fileBackedZvmWithHints(String name) {
        Trace t = trace(name);
        ReplayResult r = replay(t, true, "lru", HostMode.ZVM, true);
        long lru = Textbook.lruMisses(t, frames(t));
        assertAll(
                () -> assertEquals(lru, r.hostFaults(), "host faults = textbook LRU misses"),
                () -> assertEquals(0, r.lostPages(), "lost pages"));
        if (!t.hasStores()) {
            // Read-only: every page is volatile, so the host never writes and every miss is a
            // first read or a discard fault followed by a re-read.
            assertAll(
                    () -> assertEquals(0, r.pageOuts(), "page-outs"),
                    () -> assertEquals(r.hostFaults(), r.guestReads(), "guest reads = host faults"),
                    () -> assertEquals(r.hostFaults() - r.distinctPages(), r.discardFaults(),
                            "discard faults = host faults - distinct pages"));
        } else {
            // Stored pages are potentially volatile with the change bit set: written out, not
            // discarded, so some misses are page-ins instead of re-reads.
            assertEquals(r.hostFaults(), r.guestReads() + r.pageIns(), "every miss is a re-read or a page-in");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"lirs-cpp", "lirs-ps", "lirs-2_pools", "lirs-loop", "address-gcc", "address-twolf"})
    void fileBackedWithoutDiscards(String name) {
        Trace t = trace(name);
        for (ReplayResult r : new ReplayResult[] {
            replay(t, true, "lru", HostMode.ZVM, false),
            replay(t, true, "lru", HostMode.KVM, true)}) {
            assertAll(
                    () -> assertEquals(Textbook.lruMisses(t, frames(t)), r.hostFaults(), "host faults = LRU misses"),
                    () -> assertEquals(0, r.discardFaults(), "discard faults"),
                    () -> assertEquals(t.distinctPages(), r.guestReads(), "guest reads = distinct pages"),
                    () -> assertEquals(0, r.lostPages(), "lost pages"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"lirs-cpp", "lirs-multi1", "lirs-zigzag", "address-gcc", "address-swim", "address-twolf"})
    void anonBackedWritesOutExactlyTheStoredPages(String name) {
        Trace t = trace(name);
        ReplayResult r = replay(t, false, "lru", HostMode.ZVM, true);
        assertAll(
                () -> assertEquals(Textbook.lruMisses(t, frames(t)), r.hostFaults(), "host faults = LRU misses"),
                () -> assertEquals(Textbook.lruDirtyEvictions(t, frames(t)), r.pageOuts(),
                        "page-outs = LRU evictions of pages stored to since brought in"),
                () -> assertEquals(0, r.discardFaults(), "anonymous pages are never volatile"),
                () -> assertEquals(0, r.lostPages(), "lost pages"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"lirs-cpp", "lirs-gli", "lirs-2_pools", "address-swim"})
    void optMatchesBelady(String name) {
        Trace t = trace(name);
        ReplayResult opt = replay(t, true, "opt", HostMode.ZVM, false);
        long belady = Textbook.optMisses(t, frames(t));
        assertEquals(belady, opt.hostFaults(), "host faults = Belady's OPT misses");
        assertTrue(belady <= Textbook.lruMisses(t, frames(t)), "OPT is a lower bound");
        assertEquals(0, opt.lostPages());
    }

    private static int frames(Trace t) {
        return Math.max(16, t.distinctPages() / 3);
    }

    private static ReplayResult replay(Trace t, boolean file, String policy, HostMode mode, boolean hints) {
        return new Replay(t, new ReplayOptions(frames(t), 0, file, policy, mode, hints)).run();
    }

    private static synchronized Trace trace(String name) {
        return TRACES.computeIfAbsent(name, n -> TraceReader.read(Path.of("..", "traces", n + ".trace.gz"), null));
    }
}
