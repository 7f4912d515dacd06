package org.cmmalab.guestmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;
import org.junit.jupiter.api.Test;

/**
 * The run-length page list gives back exactly what a plain list of frame numbers would, last in
 * first out, whatever mix of ascending, descending and scattered frames is pushed.
 */
class BalloonPagesTest {
    private static final int EXAMPLES = Integer.getInteger("properties.examples", 100);

    @Test
    void popsWhatAPlainListPops() {
        // each op: 0 pops; +-1 and +-2 push a neighbour of the last frame pushed (runs, and near
        // misses); +-3 push a frame far away
        qt().withExamples(EXAMPLES)
                .forAll(lists().of(integers().between(-3, 3)).ofSizeBetween(1, 2000))
                .checkAssert(ops -> {
                    BalloonPages pages = new BalloonPages();
                    IntArrayList reference = new IntArrayList();
                    int frame = 1 << 20;
                    for (int op : ops) {
                        if (op == 0) {
                            if (!reference.isEmpty()) {
                                assertEquals(reference.removeAtIndex(reference.size() - 1), pages.pop());
                            }
                        } else {
                            frame += Math.abs(op) == 3 ? Integer.signum(op) * 1000 : op;
                            pages.push(frame);
                            reference.add(frame);
                        }
                        assertEquals(reference.size(), pages.size());
                        assertTrue(pages.runs() <= pages.size());
                    }
                    while (!reference.isEmpty()) {
                        assertEquals(reference.removeAtIndex(reference.size() - 1), pages.pop());
                    }
                    assertEquals(0, pages.runs());
                });
    }

    @Test
    void consecutiveFramesTakeOneRunEitherWay() {
        BalloonPages pages = new BalloonPages();
        for (int f = 100; f < 612; f++) {
            pages.push(f);
        }
        for (int f = 99; f >= 0; f--) {
            pages.push(f); // descending from here: a new run
        }
        assertEquals(612, pages.size());
        assertEquals(2, pages.runs());
        assertEquals(16, pages.bytes());
    }
}
