package org.cmmalab.harness.experiment.migration;

import org.cmmalab.harness.result.MigrationResult;
import org.junit.jupiter.api.Test;

import static org.cmmalab.harness.experiment.migration.MigrationRuns.FRAMES;
import static org.cmmalab.harness.experiment.migration.MigrationRuns.migrate;
import static org.cmmalab.harness.experiment.migration.MigrationRuns.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rounds of a pre-copy migration against examples computed by hand. */
class PreCopyRoundsTest {
    private static final int REGION = 1024;

    /**
     * A guest that writes nothing during the migration, on a link so fast that every page costs
     * only its scan (250 ns): one pass over 4,096 frames (1,024,000 ns), one sync at setup and one
     * at the stop (4,096 ns each at 1 ns per page), nothing left to send when stopped. Total
     * 1,032,192 ns, downtime 4,096 ns, two rounds (the pass and the stop-and-copy), and the pass
     * ends before QEMU's first bandwidth estimate (100 ms), when nothing is left.
     */
    @Test
    void aQuietGuestTakesOnePassOfScansAndTwoSyncs() {
        MigrationResult m = migrate(new MigrationRuns.Writer(REGION, 0, 10_000), "none", 1.0,
                spec(10, 1e6, 300, 250, 1), 1);
        assertTrue(m.completed());
        assertEquals(1.032192, m.totalMs(), 1e-9);
        assertEquals(0.004096, m.downtimeMs(), 1e-9);
        assertEquals(2, m.rounds());
        assertEquals(REGION, m.pagesSent(), "the region's pages hold data");
        assertEquals(FRAMES - REGION, m.zeroPages(), "the rest were never written");
        assertEquals(0, m.lostPages());
    }

    /**
     * A link at 0.32832 Gbit/s sends a page and its header (4,104 bytes) in 100 us, a zero page
     * (9 bytes) in 219 ns; with scans free QEMU measures the link's 41.04 MB/s, so with a 50 ms
     * downtime limit the threshold is 2.05 MB, 501 pages. Round 1 takes about 103 ms. A guest
     * that writes the same 100 pages every millisecond: when the pass ends, those 100 pages are
     * all that is dirty, under the threshold: stop and copy them. Two rounds; every zero frame
     * sent once; the hot pages at most twice.
     */
    @Test
    void aFixedDirtySetUnderTheThresholdConvergesAfterOnePass() {
        MigrationResult m = migrate(new MigrationRuns.Writer(REGION, 100, 1), "none", 1.0,
                spec(10, 0.32832, 50, 0, 0), 1);
        assertTrue(m.completed());
        assertEquals(2, m.rounds());
        assertEquals(FRAMES - REGION, m.zeroPages());
        assertTrue(m.pagesSent() >= REGION + 1 && m.pagesSent() <= REGION + 100, "re-sent: " + (m.pagesSent() - REGION));
        assertTrue(m.totalMs() > 102.4 && m.totalMs() < 102.4 + 0.9 + 10.1, "round 1, zero pages, the hot set: " + m.totalMs());
        assertEquals(0, m.lostPages());
    }

    /**
     * The same link and limit with 600 hot pages: every sync finds at least 600 pages (2.46 MB)
     * dirty, more than the 501 the threshold allows, so QEMU goes round and round and the
     * migration never ends (QEMU would need auto-converge or post-copy).
     */
    @Test
    void aFixedDirtySetOverTheThresholdNeverConverges() {
        MigrationResult m = migrate(new MigrationRuns.Writer(REGION, 600, 1), "none", 1.0,
                spec(10, 0.32832, 50, 0, 0), 0.5);
        assertFalse(m.completed());
        assertTrue(m.rounds() > 10, "rounds: " + m.rounds());
        assertTrue(Double.isNaN(m.totalMs()));
    }

    @Test
    void sameSeedSameNumbers() {
        MigrationResult one = migrate(new MigrationRuns.Writer(REGION, 100, 1), "cmma+free-page-hint", 1.0,
                spec(10, 0.32832, 50, 100, 1), 0.5);
        MigrationResult two = migrate(new MigrationRuns.Writer(REGION, 100, 1), "cmma+free-page-hint", 1.0,
                spec(10, 0.32832, 50, 100, 1), 0.5);
        assertEquals(one, two);
    }
}
