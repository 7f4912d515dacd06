package org.cmmalab.hostpager.ksm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.cmmalab.hostpager.Properties;
import org.junit.jupiter.api.Test;

/**
 * The content index agrees with {@link HashMap} over random puts, gets, removes and clears on a
 * small key range (so that keys collide, runs form and removals shift entries back), the zero
 * page's token 0 included. Each put names a fresh id whose key the test keeps, as
 * {@link Checksums} does; ids start near 2^32, so that they are negative as {@code int}s.
 */
class ContentIndexTest {
    @Test
    void agreesWithAHashMapOverALongRun() {
        SplittableRandom random = new SplittableRandom(8);
        Model model = new Model();
        for (int op = 0; op < 200_000; op++) {
            model.apply(random.nextInt(100), random.nextInt(3000) * 1024L, random.nextInt(50) == 0, op);
        }
        model.checkAll();
    }

    @Test
    void agreesWithAHashMapOverShortRuns() {
        Properties.qt()
                .forAll(lists().of(integers().between(0, 100 * 64 - 1)).ofSizeBetween(1, 300))
                .checkAssert(ops -> {
                    Model model = new Model();
                    for (int op = 0; op < ops.size(); op++) {
                        int o = ops.get(op);
                        // 64 keys with equal low bits, so that they share home slots in a small table
                        model.apply(o % 100, (long) (o / 100) << 40, o % 100 == 70, op);
                    }
                    model.checkAll();
                });
    }

    /** The index and a {@link HashMap} of the same operations. */
    private static final class Model {
        private final Map<Integer, Long> keyOf = new HashMap<>();
        private final ContentIndex tree = new ContentIndex(id -> keyOf.get(id));
        private final Map<Long, Integer> expected = new HashMap<>();
        private int nextId = -100_000;

        /** {@code what} below 45 puts, below 70 removes, 70 with {@code clear} clears, else gets. */
        void apply(int what, long key, boolean clear, int op) {
            if (what < 45) {
                int id = nextId++;
                keyOf.put(id, key);
                tree.put(key, id);
                expected.put(key, id);
            } else if (what < 70) {
                tree.remove(key);
                expected.remove(key);
            } else if (what == 70 && clear) {
                tree.clear();
                expected.clear();
            } else {
                assertEquals(expected.getOrDefault(key, -1), tree.get(key), "key " + key + " at op " + op);
            }
            assertEquals(expected.size(), tree.size(), "size at op " + op);
        }

        void checkAll() {
            for (Map.Entry<Long, Integer> e : expected.entrySet()) {
                assertEquals(e.getValue(), tree.get(e.getKey()), "key " + e.getKey());
            }
        }
    }
}
