package org.cmmalab.harness.workload;

import java.util.SplittableRandom;

/**
 * The exponential distribution cut off at {@code max} and renormalised, with its rate chosen so
 * that the mean is {@code mean}: of all distributions on {@code [0, max]} with that mean, the one
 * of maximum entropy (Jaynes), so it assumes nothing about the sizes beyond the two numbers a
 * source states. Most draws are small, a few are large, and {@code max} is a bound that is almost
 * never reached when {@code max} is many times the mean.
 */
final class TruncatedExponential {
    private final double max;
    private final double rate;
    private final double tail;

    /** {@code mean} must be below {@code max / 2} (at half the maximum the distribution is uniform). */
    TruncatedExponential(double mean, double max) {
        if (!(mean > 0 && mean < max / 2)) {
            throw new IllegalArgumentException("a truncated exponential needs 0 < mean < max / 2, had mean "
                    + mean + ", max " + max);
        }
        this.max = max;
        // the mean falls as the rate grows: bisect for the rate that gives it
        double lo = 1e-12 / max, hi = 1e6 / max;
        for (int i = 0; i < 200; i++) {
            double mid = Math.sqrt(lo * hi);
            if (meanAt(mid, max) > mean) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        this.rate = Math.sqrt(lo * hi);
        this.tail = -Math.expm1(-rate * max);
    }

    /** The mean of the exponential of rate {@code r} truncated at {@code max}. */
    static double meanAt(double r, double max) {
        double x = r * max;
        return 1 / r - max / Math.expm1(x);
    }

    double mean() {
        return meanAt(rate, max);
    }

    /** One draw, by inverting the distribution function. */
    double sample(SplittableRandom random) {
        return Math.min(max, -Math.log1p(-random.nextDouble() * tail) / rate);
    }
}
