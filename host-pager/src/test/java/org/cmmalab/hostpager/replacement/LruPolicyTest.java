package org.cmmalab.hostpager.replacement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.LinkedHashMap;
import org.cmmalab.hostpager.Properties;
import org.junit.jupiter.api.Test;

class LruPolicyTest {
    private static final int PAGES = 16;

    /**
     * Drives the policy and a {@link LinkedHashMap} in access order with the same accesses (codes
     * below {@code PAGES} are accesses, the others skip the current victim, which both treat as a
     * use) and checks that every victim, and the order they drain in at the end, are the same.
     */
    @Test
    void victimOrderIsTextbookLru() {
        Properties.qt()
                .forAll(lists().of(integers().between(0, PAGES + 3)).ofSizeBetween(1, 300), integers().between(1, 8))
                .checkAssert((ops, capacity) -> {
                    LruPolicy lru = new LruPolicy(PAGES);
                    LinkedHashMap<Integer, Boolean> textbook = new LinkedHashMap<>(16, 0.75f, true);
                    for (int op : ops) {
                        if (op >= PAGES) {
                            if (!textbook.isEmpty()) {
                                int victim = eldest(textbook);
                                assertEquals(victim, lru.victim());
                                lru.onSkip(victim);
                                textbook.get(victim);
                            }
                        } else if (textbook.get(op) != null) {
                            lru.onAccess(op, op);
                        } else {
                            if (textbook.size() == capacity) {
                                int victim = eldest(textbook);
                                assertEquals(victim, lru.victim());
                                textbook.remove(victim);
                                lru.onRemove(victim);
                            }
                            textbook.put(op, Boolean.TRUE);
                            lru.onResident(op, op);
                        }
                    }
                    while (!textbook.isEmpty()) {
                        int victim = eldest(textbook);
                        assertEquals(victim, lru.victim());
                        textbook.remove(victim);
                        lru.onRemove(victim);
                    }
                    assertEquals(-1, lru.victim());
                });
    }

    @Test
    void refusesASlotTwiceAndAnAbsentSlot() {
        LruPolicy lru = new LruPolicy(4);
        lru.onResident(1, 1);
        assertThrows(IllegalStateException.class, () -> lru.onResident(1, 1));
        assertThrows(IllegalStateException.class, () -> lru.onRemove(2));
        assertThrows(IllegalStateException.class, () -> lru.onAccess(3, 3));
    }

    private static int eldest(LinkedHashMap<Integer, Boolean> map) {
        return map.keySet().iterator().next();
    }
}
