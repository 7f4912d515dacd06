package org.cmmalab.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cmmalab.harness.result.Metric;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ComparisonNumbersTest {
    @ParameterizedTest
    @CsvSource({
        "1.5, 1.500",
        "12.345, 12.35",
        "0.012345, 0.01235",
        "999.96, '1,000'",
        "12345.6, '12,346'",
        "-2.5, -2.500",
        "0, 0",
        "0.0000123, 1.230e-05",
        "NaN, -",
    })
    void significantHasFourDigitsButKeepsTheIntegerPart(double value, String expected) {
        assertEquals(expected, ComparisonNumbers.significant(value));
    }

    @Test
    void countsAreRoundedIntegersWithSeparators() {
        assertEquals("1,234,568", ComparisonNumbers.readable(Metric.HOST_PAGE_INS, 1_234_567.6));
        assertEquals("1,235", ComparisonNumbers.readable(Metric.THROUGHPUT, 1234.5));
        assertEquals("-", ComparisonNumbers.readable(Metric.LOST_PAGES, Double.NaN));
        assertTrue(ComparisonNumbers.isCount(Metric.ESSA_OPS));
        assertFalse(ComparisonNumbers.isCount(Metric.HOST_MEMORY_PEAK));
    }

    @ParameterizedTest
    @CsvSource({"0.30000000000000004", "1234.5", "1.0E7", "123456", "-7.25", "4.9E-324"})
    void exactParsesBackToTheSameDoubleWithoutAnExponent(double value) {
        String text = ComparisonNumbers.exact(value);
        assertEquals(value, Double.parseDouble(text));
        assertFalse(text.contains("E"), text);
    }

    @Test
    void ratiosKeepOneDecimal() {
        assertEquals("2.0", ComparisonNumbers.ratio(2));
        assertEquals("1.25", ComparisonNumbers.ratio(1.25));
    }
}
