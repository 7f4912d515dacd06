package org.cmmalab.harness.result;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The median across seeds: the middle value, the mean of the middle two, and no median where a value is missing. */
class MediansTest {
    @Test
    void oddCountTakesTheMiddle() {
        assertEquals(5.0, Medians.median(new double[] {9, 1, 5}));
    }

    @Test
    void evenCountTakesTheMeanOfTheMiddleTwo() {
        assertEquals(4.0, Medians.median(new double[] {9, 1, 3, 5}));
    }

    @Test
    void aMissingValueLeavesNoMedian() {
        assertEquals(Double.NaN, Medians.median(new double[] {1, Double.NaN, 3}));
    }
}
