package org.cmmalab.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.cmmalab.harness.result.Comparison;
import org.cmmalab.harness.result.Metric;
import org.junit.jupiter.api.Test;

/** The lines that state a comparison's finding come from its results: leader, margins, I/O. */
class FindingTest {
    @Test
    void theFixtureFindsItsLeadersMarginsAndIo() {
        List<String> lines = Finding.lines(ComparisonFixture.comparison());
        assertEquals(List.of(
                "Finding, by throughput (req/s, higher is better); I/O in pages, host paging (hostPageIns + hostPageOuts)"
                        + " / guest disk and swap (guestDiskReads + guestDiskWrites + guestSwapIns + guestSwapOuts):",
                "at 1.0: none leads with 1,200 req/s: 1.7% above cmma (1,180)",
                "        I/O: none 0 / 0, cmma 0 / 0",
                "at 2.0: cmma leads with 1,101 req/s: 69.3% above none (650.0)",
                "        I/O: cmma 2,560 / 0, none 223,456 / 0"), lines);
    }

    @Test
    void equalLeadersAreNamedTogetherAndTheLastIsNamedWhenItDiffers() {
        Comparison c = ComparisonFixture.comparison(List.of(
                ComparisonFixture.run("none", 2.0, Map.of(Metric.THROUGHPUT, 1000.0, Metric.GUEST_DISK_READS, 7.0)),
                ComparisonFixture.run("vmrm", 2.0, Map.of(Metric.THROUGHPUT, 1500.0, Metric.HOST_PAGE_OUTS, 5.0)),
                ComparisonFixture.run("cmma", 2.0, Map.of(Metric.THROUGHPUT, 2000.2, Metric.GUEST_SWAP_INS, 3.0)),
                ComparisonFixture.run("both", 2.0, Map.of(Metric.THROUGHPUT, 2000.4))));
        List<String> lines = Finding.lines(c);
        assertEquals("at 2.0: both and cmma lead (equal) with 2,000 req/s: 33.4% above vmrm (1,500), "
                + "100.0% above none (1,000)", lines.get(1));
        assertEquals("        I/O: both 0 / 0, cmma 0 / 3, vmrm 5 / 0, none 0 / 7", lines.get(2));
    }

    @Test
    void aFiniteJobIsJudgedByItsTimeLowerBeingBetter() {
        Comparison c = ComparisonFixture.comparison(List.of(
                ComparisonFixture.run("none", 1.143, Map.of(Metric.JOB_SECONDS, 1234.6)),
                ComparisonFixture.run("self-balloon", 1.143, Map.of(Metric.JOB_SECONDS, 1262.06)),
                ComparisonFixture.run("tmem", 1.143, Map.of(Metric.JOB_SECONDS, 1234.8))));
        List<String> lines = Finding.lines(c);
        assertTrue(lines.get(0).startsWith("Finding, by jobSeconds (s, lower is better)"), lines.get(0));
        assertEquals("at 1.143: none and tmem lead (equal) with 1,235 s: 2.2% below self-balloon (1,262)", lines.get(1));
    }

    @Test
    void allEqualIsSaidSoAndABrokenInvariantIsFlagged() {
        Comparison c = ComparisonFixture.comparison(List.of(
                ComparisonFixture.run("none", 1.0, Map.of(Metric.THROUGHPUT, 50.0)),
                ComparisonFixture.run("cmma", 1.0, Map.of(Metric.THROUGHPUT, 50.0, Metric.LEAKS, 1.0))));
        assertEquals("at 1.0: all policies equal at 50.00 req/s (NOT VALID: an invariant broke at this ratio)",
                Finding.lines(c).get(1));
    }

    @Test
    void withoutAHeadlineItSaysSo() {
        Comparison c = ComparisonFixture.comparison(List.of(ComparisonFixture.run("none", 1.0, Map.of())));
        assertEquals(List.of("No run measured throughput or jobSeconds: the table has the rest."), Finding.lines(c));
    }
}
