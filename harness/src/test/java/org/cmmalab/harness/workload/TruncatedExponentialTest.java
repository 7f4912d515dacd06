package org.cmmalab.harness.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The density test's allocation sizes: the stated mean and top, and the distribution's shape. */
class TruncatedExponentialTest {
    @Test
    void meanAndMaximumAreTheStatedOnes() {
        double max = 3 * 1024, mean = 150; // MiB: the PPR test's numbers
        TruncatedExponential d = new TruncatedExponential(mean, max);
        assertEquals(mean, d.mean(), 1e-9);
        SplittableRandom r = new SplittableRandom(1);
        int n = 1_000_000;
        double sum = 0, top = 0;
        int overGiB = 0;
        for (int i = 0; i < n; i++) {
            double x = d.sample(r);
            assertTrue(x >= 0 && x <= max, "draw " + x);
            sum += x;
            top = Math.max(top, x);
            overGiB += x > 1024 ? 1 : 0;
        }
        assertEquals(mean, sum / n, 1.0);
        // P(X > 1 GiB) = (e^{-1024/150} - e^{-3072/150}) / (1 - e^{-3072/150}), about 0.11%
        assertEquals(Math.exp(-1024 / 150.0), overGiB / (double) n, 2e-4);
        assertTrue(top < max);
    }

    @Test
    void aMeanOfHalfTheMaximumOrMoreIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new TruncatedExponential(50, 100));
    }
}
