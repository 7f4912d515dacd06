package org.cmmalab.harness.replay;

import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.cmmalab.harness.trace.Trace;

/** Caches as a textbook states them, over a trace's page numbers: the oracles the replay must match. */
final class Textbook {
    private Textbook() {
    }

    /** Misses of an LRU cache of {@code capacity} pages. */
    static long lruMisses(Trace trace, int capacity) {
        return lru(trace, capacity, false);
    }

    /** LRU evictions of a page that was stored to since it was last brought in. */
    static long lruDirtyEvictions(Trace trace, int capacity) {
        return lru(trace, capacity, true);
    }

    private static long lru(Trace trace, int capacity, boolean countDirtyEvictions) {
        Set<Integer> dirty = new HashSet<>();
        long[] count = new long[1];
        Map<Integer, Boolean> cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, Boolean> eldest) {
                if (size() > capacity) {
                    if (countDirtyEvictions && dirty.remove(eldest.getKey())) {
                        count[0]++;
                    }
                    return true;
                }
                return false;
            }
        };
        long misses = 0;
        for (int i = 0; i < trace.references(); i++) {
            int page = trace.page(i);
            if (cache.get(page) == null) {
                misses++;
                cache.put(page, Boolean.TRUE);
            }
            if (trace.isStore(i)) {
                dirty.add(page);
            }
        }
        return countDirtyEvictions ? count[0] : misses;
    }

    /** Misses of Belady's OPT with {@code capacity} pages: evict the page used farthest in the future. */
    static long optMisses(Trace trace, int capacity) {
        int n = trace.references();
        int[] nextUse = new int[n];
        int[] last = new int[trace.distinctPages()];
        Arrays.fill(last, Integer.MAX_VALUE);
        for (int i = n - 1; i >= 0; i--) {
            nextUse[i] = last[trace.page(i)];
            last[trace.page(i)] = i;
        }
        // resident pages ordered by next use (ties cannot happen: one reference per position,
        // and "never" is made unique by the page number)
        TreeSet<long[]> byNextUse = new TreeSet<>((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        long[][] entry = new long[trace.distinctPages()][];
        long misses = 0;
        for (int i = 0; i < n; i++) {
            int page = trace.page(i);
            long next = nextUse[i] == Integer.MAX_VALUE ? Long.MAX_VALUE / 2 + page : nextUse[i];
            if (entry[page] != null) {
                byNextUse.remove(entry[page]);
            } else {
                misses++;
                if (byNextUse.size() == capacity) {
                    long[] victim = byNextUse.pollLast();
                    entry[(int) victim[1]] = null;
                }
            }
            entry[page] = new long[] {next, page};
            byNextUse.add(entry[page]);
        }
        return misses;
    }
}
