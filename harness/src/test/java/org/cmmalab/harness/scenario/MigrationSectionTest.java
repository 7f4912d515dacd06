package org.cmmalab.harness.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cmmalab.harness.InputError;
import org.junit.jupiter.api.Test;

/** The {@code migration:} section: optional, every key checked, errors with file and line. */
class MigrationSectionTest {
    private static final String BASE = String.join("\n",
            "name: m",
            "durationSeconds: 20",
            "guests:",
            "  - name: idle",
            "    memoryMiB: 64",
            "    workload: idle",
            "");

    @Test
    void withoutTheSectionThereIsNoMigration() {
        assertNull(ScenarioFixtures.parse(BASE).migration());
    }

    @Test
    void readsEveryKey() {
        MigrationSpec m = ScenarioFixtures.parse(BASE + String.join("\n",
                "migration:",
                "  startSeconds: 12.5",
                "  bandwidthGbitPerSecond: 10",
                "  downtimeMillis: 2000",
                "  scanNsPerPage: 300",
                "  attributeNsPerPage: 4",
                "  syncNsPerPage: 2",
                "  hintNsPerBlock: 1000",
                "")).migration();
        assertEquals(new MigrationSpec(12_500_000_000L, 10e9, 2_000_000_000L, 300, 4, 2, 1000), m);
        assertEquals(3283, m.wireNanos(4104), "4 KiB and a header at 10 Gbit/s");
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        MigrationSpec m = ScenarioFixtures.parse(BASE + "migration:\n  startSeconds: 1\n").migration();
        assertEquals(new MigrationSpec(1_000_000_000L, 100e9, 300_000_000L, 400, 5, 1, 2000), m);
    }

    @Test
    void anUnknownKeyNamesFileAndLine() {
        InputError e = assertThrows(InputError.class,
                () -> ScenarioFixtures.parse(BASE + "migration:\n  startSeconds: 1\n  bandwith: 3\n"));
        assertTrue(e.getMessage().startsWith("test.yaml:9: unknown key 'bandwith' in migration"), e.getMessage());
    }

    @Test
    void aStartAfterTheEndOfTheRunIsRefused() {
        InputError e = assertThrows(InputError.class,
                () -> ScenarioFixtures.parse(BASE + "migration:\n  startSeconds: 20\n"));
        assertTrue(e.getMessage().startsWith("test.yaml:8: migration.startSeconds must be before the end"), e.getMessage());
    }

    @Test
    void aNegativeCostIsRefused() {
        InputError e = assertThrows(InputError.class,
                () -> ScenarioFixtures.parse(BASE + "migration:\n  scanNsPerPage: -1\n"));
        assertTrue(e.getMessage().startsWith("test.yaml:8: migration.scanNsPerPage must be from 0"), e.getMessage());
    }
}
