package org.cmmalab.hostpager;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The unstable tree agrees with {@link HashMap} over random puts, gets, removes and clears on a
 * small key range (so that keys collide, runs form and removals shift entries back), the zero
 * page's token 0 included.
 */
class UnstableTreeTest {
    @Test
    void agreesWithAHashMap() {
        SplittableRandom random = new SplittableRandom(8);
        UnstableTree tree = new UnstableTree();
        Map<Long, Long> expected = new HashMap<>();
        for (int op = 0; op < 200_000; op++) {
            // keys that share their low bits, as tokens of one owner do, and 0
            long key = random.nextInt(3000) * 1024L;
            int what = random.nextInt(100);
            if (what < 45) {
                long value = random.nextLong();
                tree.put(key, value);
                expected.put(key, value);
            } else if (what < 70) {
                tree.remove(key);
                expected.remove(key);
            } else if (what == 70 && random.nextInt(50) == 0) {
                tree.clear();
                expected.clear();
            } else {
                assertEquals(expected.getOrDefault(key, -1L), tree.get(key, -1), "key " + key + " at op " + op);
            }
            assertEquals(expected.size(), tree.size(), "size at op " + op);
        }
        for (Map.Entry<Long, Long> e : expected.entrySet()) {
            assertEquals(e.getValue(), tree.get(e.getKey(), -1));
        }
    }
}
