package org.cmmalab.guestmm.list;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The list against {@link LinkedHashSet} in insertion order (a move is a remove and an add): after
 * every operation of a generated sequence both hold the same ids in the same order, walked oldest
 * to newest, with the same ends and size.
 */
class AgeListTest {
    private static final int IDS = 40; // beyond the starting capacity, so the arrays grow

    @Test
    void keepsTheOrderALinkedHashSetKeeps() {
        qt().forAll(lists().of(integers().between(0, 3 * IDS - 1)).ofSizeBetween(0, 400))
                .checkAssert(AgeListTest::replay);
    }

    /** Each int is an operation on id {@code op % IDS}: add it (or move it, if on), remove it, or remove the oldest. */
    private static void replay(List<Integer> ops) {
        AgeList list = new AgeList(8);
        LinkedHashSet<Integer> model = new LinkedHashSet<>();
        for (int op : ops) {
            int id = op % IDS;
            switch (op / IDS) {
                case 0 -> {
                    if (model.remove(id)) {
                        list.moveToNewest(id);
                    } else {
                        list.addNewest(id);
                    }
                    model.add(id);
                }
                case 1 -> {
                    if (model.remove(id)) {
                        list.remove(id);
                    }
                }
                default -> {
                    if (!model.isEmpty()) {
                        int oldest = model.iterator().next();
                        model.remove(oldest);
                        list.remove(list.oldest());
                        assertFalse(list.contains(oldest));
                    }
                }
            }
            assertSame(model, list);
        }
    }

    private static void assertSame(LinkedHashSet<Integer> model, AgeList list) {
        List<Integer> walked = new ArrayList<>();
        for (int id = list.oldest(); id != AgeList.NIL; id = list.newer(id)) {
            walked.add(id);
        }
        assertEquals(new ArrayList<>(model), walked);
        assertEquals(model.size(), list.size());
        assertEquals(model.isEmpty(), list.isEmpty());
        assertEquals(model.isEmpty() ? AgeList.NIL : walked.get(walked.size() - 1), list.newest());
        for (int id = 0; id < IDS; id++) {
            assertEquals(model.contains(id), list.contains(id), "contains " + id);
        }
    }

    @Test
    void misuseFailsAtOnce() {
        AgeList list = new AgeList(4);
        list.addNewest(2);
        assertThrows(IllegalStateException.class, () -> list.addNewest(2));
        assertThrows(IllegalStateException.class, () -> list.remove(3));
        assertThrows(IllegalStateException.class, () -> list.moveToNewest(7));
        assertThrows(IllegalArgumentException.class, () -> list.addNewest(-1));
        list.remove(2);
        assertThrows(IllegalStateException.class, () -> list.remove(2));
        assertTrue(list.isEmpty());
    }
}
