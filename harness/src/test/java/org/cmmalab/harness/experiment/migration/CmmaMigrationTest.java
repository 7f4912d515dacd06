package org.cmmalab.harness.experiment.migration;

import org.cmmalab.harness.result.MigrationResult;
import org.junit.jupiter.api.Test;

import static org.cmmalab.harness.experiment.migration.MigrationRuns.FRAMES;
import static org.cmmalab.harness.experiment.migration.MigrationRuns.migrate;
import static org.cmmalab.harness.experiment.migration.MigrationRuns.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With CMMA, unused and discarded pages are never sent but their states are, and the destination
 * ends with the source's content and states (checked by every migration as its lost pages).
 */
class CmmaMigrationTest {
    @Test
    void unusedPagesAreNotSentTheirStatesAre() {
        MigrationRuns.Phases guest = new MigrationRuns.Phases(256, 1024, 0, 0, 0);
        MigrationResult none = migrate(guest, "none", 1.0, spec(10, 10, 300, 100, 1), 1);
        MigrationResult cmma = migrate(guest, "cmma", 1.0, spec(10, 10, 300, 100, 1), 1);
        assertEquals(256 + 1024, none.pagesSent(), "without CMMA freed pages still hold data and go");
        assertEquals(256, cmma.pagesSent(), "only the kept pages");
        assertEquals(0, cmma.zeroPages(), "a frame without content is not even read");
        assertTrue(cmma.skippedUnused() >= 1024, "the freed pages: " + cmma.skippedUnused());
        assertEquals(FRAMES, cmma.pagesSent() + cmma.skippedUnused() + cmma.skippedZero() + cmma.skippedDiscarded());
        assertTrue(cmma.attributeBytes() >= FRAMES, "every frame's state went once at least");
        assertEquals(0, cmma.lostPages(), "content and states agree on the destination");
    }

    /**
     * A guest that read a file twice the host's size: under zvm the host discarded clean page-cache
     * frames (volatile), which are not sent; the destination knows them as discarded.
     */
    @Test
    void discardedPagesAreNotSent() {
        MigrationRuns.Phases guest = new MigrationRuns.Phases(0, 0, 0, 0, 3000);
        MigrationResult cmma = migrate(guest, "cmma", 2.0, spec(500, 10, 300, 100, 1), 1);
        assertTrue(cmma.skippedDiscarded() > 0, "discarded: " + cmma.skippedDiscarded());
        assertEquals(FRAMES, cmma.pagesSent() + cmma.zeroPages() + cmma.skippedUnused() + cmma.skippedZero()
                + cmma.skippedDiscarded());
        assertEquals(0, cmma.lostPages());
    }
}
