package org.cmmalab.harness.experiment.migration;

import org.cmmalab.harness.result.MigrationResult;
import org.junit.jupiter.api.Test;

import static org.cmmalab.harness.experiment.migration.MigrationRuns.FRAMES;
import static org.cmmalab.harness.experiment.migration.MigrationRuns.migrate;
import static org.cmmalab.harness.experiment.migration.MigrationRuns.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Free page hints: hinted pages stay out of round 1; pages the guest writes later are sent. */
class FreePageHintMigrationTest {
    /** 100 us a page: the 512 written pages take 51 ms, so the guest's later writes fall inside the migration. */
    private static final double SLOW = 0.32832;

    @Test
    void hintedPagesAreNotSentInRoundOne() {
        MigrationRuns.Phases guest = new MigrationRuns.Phases(512, 0, 0, 0, 0);
        MigrationResult none = migrate(guest, "none", 1.0, spec(10, SLOW, 300, 0, 0), 1);
        MigrationResult hinted = migrate(guest, "free-page-hint", 1.0, spec(10, SLOW, 300, 0, 0), 1);
        assertEquals(FRAMES, none.pagesSent() + none.zeroPages(), "without hints every frame goes once");
        assertEquals(512, hinted.pagesSent());
        assertTrue(hinted.skippedHinted() > FRAMES / 2, "most free memory hinted: " + hinted.skippedHinted());
        assertEquals(FRAMES, hinted.pagesSent() + hinted.zeroPages() + hinted.skippedHinted());
        assertTrue(hinted.totalMs() < none.totalMs());
        assertEquals(0, hinted.lostPages());
    }

    /**
     * At 5 ms into the migration the guest writes 2,000 new pages: more than it has free beside
     * the hinted blocks, so the driver's shrinker gives the blocks back and the guest writes
     * hinted frames. The dirty log catches every store and each page is sent after all; the
     * destination holds every page the guest holds.
     */
    @Test
    void hintedPagesTheGuestWritesAreSentAfterAll() {
        MigrationRuns.Phases guest = new MigrationRuns.Phases(512, 0, 2000, 15, 0);
        MigrationResult hinted = migrate(guest, "free-page-hint", 1.0, spec(10, SLOW, 300, 0, 0), 1);
        assertTrue(hinted.skippedHinted() > 0);
        assertTrue(hinted.pagesSent() >= 512 + 2000, "every written page was sent: " + hinted.pagesSent());
        assertEquals(0, hinted.lostPages());
    }
}
