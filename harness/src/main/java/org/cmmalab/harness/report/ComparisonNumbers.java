package org.cmmalab.harness.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;
import java.util.Set;
import org.cmmalab.harness.result.Metric;

/**
 * How comparison reports write numbers, in one place so that the table, the page, the CSV and the
 * JSON agree. People get {@link #readable} numbers (counts as integers with thousands separators,
 * everything else to four significant digits); machines get {@link #exact} ones that parse back to
 * the same double. Always {@link Locale#ROOT}: a report must not change with the user's locale.
 */
final class ComparisonNumbers {
    private static final int SIGNIFICANT_DIGITS = 4;
    private static final MathContext SIGNIFICANT = new MathContext(SIGNIFICANT_DIGITS);
    /** Units that count discrete things; a metric in one of them is a count. */
    private static final Set<String> COUNT_UNITS = Set.of("pages", "frames", "faults", "ops", "sectors");

    private ComparisonNumbers() {
    }

    /** Whether {@code metric} counts discrete things (pages, frames, faults, ops, sectors) rather than measuring. */
    static boolean isCount(Metric metric) {
        return COUNT_UNITS.contains(metric.unit());
    }

    /** Whether {@code value} is a whole number that a long holds exactly. */
    static boolean isWhole(double value) {
        return value == Math.rint(value) && Math.abs(value) < 0x1p53;
    }

    /**
     * For people: a count as a rounded integer with separators ({@code 1,234,567}), anything else
     * by {@link #significant}; a missing value (NaN) as {@code -}.
     */
    static String readable(Metric metric, double value) {
        if (isCount(metric) && Double.isFinite(value)) {
            return String.format(Locale.ROOT, "%,d", Math.round(value));
        }
        return significant(value);
    }

    /**
     * For people: four significant digits ({@code 1.500}, {@code 12.35}, {@code 0.01235}), but never
     * fewer digits than the integer part has ({@code 12,346}); below 0.001 in scientific notation.
     */
    static String significant(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        if (value == 0) {
            return "0";
        }
        if (Double.isInfinite(value)) {
            return String.valueOf(value);
        }
        if (Math.abs(value) < 1e-3) {
            return String.format(Locale.ROOT, "%." + (SIGNIFICANT_DIGITS - 1) + "e", value);
        }
        BigDecimal rounded = new BigDecimal(value).round(SIGNIFICANT);
        int integerDigits = rounded.precision() - rounded.scale();
        if (integerDigits >= SIGNIFICANT_DIGITS) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return rounded.setScale(SIGNIFICANT_DIGITS - integerDigits).toPlainString();
    }

    /**
     * For machines: the shortest decimal that parses back to exactly {@code value}, without an
     * exponent ({@code 1234.5}, {@code 10000000}, {@code 0}); NaN as the empty string.
     */
    static String exact(double value) {
        if (!Double.isFinite(value)) {
            return Double.isNaN(value) ? "" : String.valueOf(value);
        }
        if (value == 0) {
            return "0";
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** An overcommit ratio as reports name it, with at least one decimal: {@code 1.0}, {@code 2.5}, {@code 1.25}. */
    static String ratio(double overcommit) {
        return BigDecimal.valueOf(overcommit).toPlainString();
    }
}
