package org.cmmalab.hostpager.ksm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.cmmalab.hostpager.Properties;
import org.junit.jupiter.api.Test;

/**
 * The content index agrees with {@link HashMap} over random puts, gets, removes and clears, in
 * both of its kinds (keys read back, whole hashes kept), through both of its interfaces (by key,
 * and by the slot {@link ContentIndex#find} returns, as {@link Ksm} uses it): on a small key range
 * (so that runs form and removals shift entries back), the zero page's token 0 included; on keys
 * whose fingerprints are equal (so that a probe must tell them apart by the key); and on keys
 * whose homes are all at the end of the table (so that entries spill past the last home and the
 * table grows for lack of room there). Each put names a fresh id whose key the test keeps, as
 * {@link Checksums} does; ids start below 0, so that some are negative as {@code int}s.
 */
class ContentIndexTest {
    @Test
    void agreesWithAHashMapOverALongRun() {
        for (boolean keepsHashes : new boolean[] {false, true}) {
            SplittableRandom random = new SplittableRandom(8);
            Model model = new Model(keepsHashes);
            for (int op = 0; op < 200_000; op++) {
                model.apply(random.nextInt(100), random.nextInt(3000) * 1024L, random.nextInt(50) == 0, op);
            }
            model.checkAll();
        }
    }

    @Test
    void agreesWithAHashMapOverShortRuns() {
        Properties.qt()
                .forAll(lists().of(integers().between(0, 100 * 64 - 1)).ofSizeBetween(1, 300))
                .checkAssert(ops -> {
                    for (boolean keepsHashes : new boolean[] {false, true}) {
                        Model model = new Model(keepsHashes);
                        for (int op = 0; op < ops.size(); op++) {
                            int o = ops.get(op);
                            model.apply(o % 100, (long) (o / 100) << 40, o % 100 == 70, op);
                        }
                        model.checkAll();
                    }
                });
    }

    /** Pairs of keys with the same fingerprint (the high half of the hash), found by the birthday bound. */
    @Test
    void tellsApartKeysWhoseFingerprintsAreEqual() {
        List<Long> keys = new ArrayList<>();
        Map<Long, Long> byFingerprint = new HashMap<>();
        SplittableRandom random = new SplittableRandom(5);
        while (keys.size() < 8) {
            long key = random.nextLong();
            Long other = byFingerprint.putIfAbsent(ContentIndex.hash(key) >>> 32, key);
            if (other != null && other != key) {
                keys.add(other);
                keys.add(key);
            }
        }
        for (boolean keepsHashes : new boolean[] {false, true}) {
            Model model = new Model(keepsHashes);
            SplittableRandom ops = new SplittableRandom(6);
            for (int op = 0; op < 20_000; op++) {
                model.apply(ops.nextInt(100), keys.get(ops.nextInt(keys.size())), ops.nextInt(200) == 0, op);
            }
            model.checkAll();
            assertTrue(model.peakSize() >= 6, "several colliding keys in the table at once");
        }
    }

    /** Keys whose fingerprints are in the table's last 1/4096th: their homes are the last ones, whatever the table's size. */
    @Test
    void entriesPushedPastTheLastHomeStayFoundAndGrowTheTable() {
        List<Long> keys = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(9);
        while (keys.size() < 400) {
            long key = random.nextLong();
            if (ContentIndex.hash(key) >>> 32 >= 0xFFF0_0000L) {
                keys.add(key);
            }
        }
        for (boolean keepsHashes : new boolean[] {false, true}) {
            Model model = new Model(keepsHashes);
            SplittableRandom ops = new SplittableRandom(10);
            for (int op = 0; op < 20_000; op++) {
                model.apply(ops.nextInt(100), keys.get(ops.nextInt(keys.size())), ops.nextInt(500) == 0, op);
            }
            model.checkAll();
            assertTrue(model.peakSize() > 100, "more entries at the end than the spill holds: " + model.peakSize());
        }
    }

    @Test
    void fillsToItsMaximumLoadBeforeItGrowsByHalf() {
        Map<Integer, Long> keyOf = new HashMap<>();
        ContentIndex index = new ContentIndex(keyOf::get);
        SplittableRandom random = new SplittableRandom(11);
        int capacity = index.capacity();
        for (int id = 0; id < 100_000; id++) {
            long key = random.nextLong();
            keyOf.put(id, key);
            index.put(key, id);
            if (index.capacity() != capacity) {
                int homesBefore = capacity - ContentIndex.SPILL;
                assertTrue(id >= homesBefore * ContentIndex.MAX_LOAD_PERCENT / 100 - 1,
                        "grew at " + id + " entries in " + homesBefore + " homes");
                assertEquals(homesBefore + homesBefore / 2, index.capacity() - ContentIndex.SPILL, "grows by half");
                capacity = index.capacity();
            }
        }
        assertTrue(index.capacity() * 8L < 100_000 * 17L, "at most 17 bytes an entry: " + index.capacity());
        assertTrue(index.capacity() * 8L * 5 / 3 <= ContentIndex.maxBytes(100_000, false),
                "the table and the one it replaced while it grew fit the estimate");
    }

    /** The index and a {@link HashMap} of the same operations. */
    private static final class Model {
        private final Map<Integer, Long> keyOf = new HashMap<>();
        private final ContentIndex tree;
        private final Map<Long, Integer> expected = new HashMap<>();
        private int nextId = -100_000;
        private int peakSize;

        Model(boolean keepsHashes) {
            tree = keepsHashes ? new ContentIndex() : new ContentIndex(keyOf::get);
        }

        /**
         * {@code what} below 25 puts, below 45 puts through {@code find}, below 60 removes, below 70
         * removes through {@code find}, 70 with {@code clear} clears, else gets.
         */
        void apply(int what, long key, boolean clear, int op) {
            if (what < 45) {
                int id = nextId++;
                keyOf.put(id, key);
                if (what < 25) {
                    tree.put(key, id);
                } else {
                    tree.putAt(tree.find(key), key, id);
                }
                expected.put(key, id);
            } else if (what < 60) {
                tree.remove(key);
                expected.remove(key);
            } else if (what < 70) {
                int at = tree.find(key);
                if (at >= 0) {
                    assertEquals(expected.get(key), tree.idAt(at), "key " + key + " at op " + op);
                    tree.removeAt(at);
                }
                expected.remove(key);
            } else if (what == 70 && clear) {
                tree.clear();
                expected.clear();
            } else {
                assertEquals(expected.getOrDefault(key, -1), tree.get(key), "key " + key + " at op " + op);
                assertEquals(expected.containsKey(key), tree.containsKey(key), "key " + key + " at op " + op);
            }
            assertEquals(expected.size(), tree.size(), "size at op " + op);
            peakSize = Math.max(peakSize, expected.size());
        }

        int peakSize() {
            return peakSize;
        }

        void checkAll() {
            for (Map.Entry<Long, Integer> e : expected.entrySet()) {
                assertEquals(e.getValue(), tree.get(e.getKey()), "key " + e.getKey());
            }
        }
    }
}
