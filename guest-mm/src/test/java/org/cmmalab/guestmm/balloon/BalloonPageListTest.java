package org.cmmalab.guestmm.balloon;

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
class BalloonPageListTest {
    private static final int EXAMPLES = Integer.getInteger("properties.examples", 100);

    @Test
    void popsWhatAPlainListPops() {
        // each op: 0 pops up to a few frames; +-1 and +-2 push a neighbour of the last frame pushed
        // (runs, and near misses); +-3 push a frame far away
        qt().withExamples(EXAMPLES)
                .forAll(lists().of(integers().between(-3, 3)).ofSizeBetween(1, 2000))
                .checkAssert(ops -> {
                    BalloonPageList pages = new BalloonPageList();
                    IntArrayList reference = new IntArrayList();
                    int frame = 1 << 20;
                    for (int op : ops) {
                        if (op == 0) {
                            if (!reference.isEmpty()) {
                                popAndCompare(pages, reference, 1 + reference.size() % 7);
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
                        popAndCompare(pages, reference, 3);
                    }
                    assertEquals(0, pages.runs());
                });
    }

    /** Pops up to {@code max} frames as a range and checks they are the ones the plain list pops, in order. */
    private static void popAndCompare(BalloonPageList pages, IntArrayList reference, int max) {
        long range = pages.popRun(max);
        int from = BalloonPageList.rangeFirst(range);
        int to = BalloonPageList.rangeLast(range);
        int step = to >= from ? 1 : -1;
        assertTrue(Math.abs(to - from) < max, "at most " + max + " frames");
        for (int f = from; ; f += step) {
            assertEquals(reference.removeAtIndex(reference.size() - 1), f);
            if (f == to) {
                break;
            }
        }
    }

    @Test
    void consecutiveFramesTakeOneRunEitherWay() {
        BalloonPageList pages = new BalloonPageList();
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

    /** A run pushed at once leaves the same runs as its frames pushed one by one. */
    @Test
    void aRunPushedAtOnceIsItsFramesPushedOneByOne() {
        // each op: a run of 1 to 40 frames starting next to the last frame pushed (either side) or far away
        qt().withExamples(EXAMPLES)
                .forAll(lists().of(integers().between(-40, 40)).ofSizeBetween(1, 300), integers().between(-2, 2))
                .checkAssert((ops, near) -> {
                    BalloonPageList byRun = new BalloonPageList();
                    BalloonPageList byFrame = new BalloonPageList();
                    int frame = 1 << 20;
                    for (int op : ops) {
                        int count = Math.max(1, Math.abs(op));
                        int first = op == 0 ? frame + 1000 : frame + (op > 0 ? 1 : -count) + near;
                        byRun.pushRun(first, count);
                        for (int f = first; f < first + count; f++) {
                            byFrame.push(f);
                        }
                        frame = first + count - 1;
                        assertEquals(byFrame.size(), byRun.size());
                        assertEquals(byFrame.runs(), byRun.runs());
                    }
                    while (byFrame.size() > 0) {
                        assertEquals(byFrame.popRun(5), byRun.popRun(5));
                    }
                });
    }
}
