package org.cmmalab.hostpager.ksm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.cmmalab.hostpager.GuestSpace;
import org.cmmalab.hostpager.Host;
import org.cmmalab.hostpager.HostConfig;
import org.cmmalab.hostpager.Properties;
import org.junit.jupiter.api.Test;

/** KSM's smart scanning ({@link SmartScan}) as {@code mm/ksm.c}'s {@code should_skip_rmap_item} does it. */
class KsmSmartScanTest {
    private static final long UNIQUE = 0x4000_0000_0000_0777L;

    /**
     * One resident frame whose content no other frame has: each full scan visits it once. Linux
     * scans it at visits 1 to 4 (ages 0 to 3), then skips 1, 2, 4 and from then on 8 visits
     * between scanned ones.
     */
    @Test
    void aFrameThatNeverMergesIsScannedAtVisits1To4ThenAfterGrowingSkips() {
        Host host = new Host(HostConfig.of(16, 16));
        GuestSpace a = host.attach(1, 8);
        a.store(3, UNIQUE);
        Ksm ksm = new Ksm(host, true);
        List<Integer> scannedAt = new ArrayList<>();
        for (int visit = 1; visit <= 50; visit++) {
            if (ksm.scan(100) == 1) {
                scannedAt.add(visit);
            }
        }
        assertEquals(List.of(1, 2, 3, 4, 6, 9, 14, 23, 32, 41, 50), scannedAt);
        assertEquals(50, ksm.fullScans(), "a skipped frame still ends its full scan");
        assertEquals(50 - 11, ksm.pagesSkipped());
        assertEquals(11, ksm.pagesScanned(), "skipped visits are not scanned pages");
    }

    @Test
    void withoutSmartScanningEveryVisitIsScanned() {
        Host host = new Host(HostConfig.of(16, 16));
        host.attach(1, 8).store(3, UNIQUE);
        Ksm ksm = new Ksm(host, false);
        for (int visit = 1; visit <= 50; visit++) {
            assertEquals(1, ksm.scan(100), "visit " + visit);
        }
        assertEquals(0, ksm.pagesSkipped());
    }

    /** A frame that merged is a KSM page: never skipped and never older ({@code folio_test_ksm}). */
    @Test
    void aSharedFrameIsNeverSkipped() {
        Host host = new Host(HostConfig.of(16, 16));
        host.attach(1, 8).store(0, UNIQUE);
        host.attach(2, 8).store(5, UNIQUE);
        Ksm ksm = new Ksm(host, true);
        for (int scan = 0; scan < 60; scan++) {
            assertEquals(2, ksm.scan(100), "full scan " + (scan + 1));
        }
        assertEquals(1, ksm.sharing().framesSaved());
        assertEquals(0, ksm.pagesSkipped());
    }

    /**
     * Guest 1's frame failed to merge for ten full scans, so it is skipped at scans 10 to 13;
     * guest 2 writes the same content after scan 10. Without smart scanning the two merge at
     * scan 12, guest 2's frame's second visit; with it, at scan 14, guest 1's next scanned visit.
     */
    @Test
    void anAgedFrameMergesOnlyAtItsNextScannedVisit() {
        assertEquals(12, mergedAtScan(false));
        assertEquals(14, mergedAtScan(true));
    }

    private static int mergedAtScan(boolean smartScan) {
        Host host = new Host(HostConfig.of(16, 16));
        host.attach(1, 8).store(0, UNIQUE);
        GuestSpace b = host.attach(2, 8);
        Ksm ksm = new Ksm(host, smartScan);
        for (int scan = 1; scan <= 30; scan++) {
            ksm.scan(100);
            if (scan == 10) {
                b.store(0, UNIQUE);
            }
            if (ksm.sharing().framesSaved() == 1) {
                return scan;
            }
        }
        return -1;
    }

    /**
     * Nothing is skipped before a frame's fifth visit, so for the first four full scans, whatever
     * the guests do, smart scanning changes nothing: the same frames scanned and merged.
     */
    @Test
    void smartScanningChangesNothingInTheFirstFourFullScans() {
        Properties.qt()
                .forAll(longs().all(), integers().between(1, 6))
                .checkAssert((seed, contents) -> {
                    Host[] hosts = {new Host(HostConfig.of(2048, 2048)), new Host(HostConfig.of(2048, 2048))};
                    Ksm[] ksms = {new Ksm(hosts[0], false), new Ksm(hosts[1], true)};
                    for (Host h : hosts) {
                        for (int g = 1; g <= 3; g++) {
                            h.attach(g, 512);
                        }
                    }
                    SplittableRandom random = new SplittableRandom(seed);
                    for (int scan = 1; scan <= 4; scan++) {
                        for (int change = 0; change < 40; change++) {
                            int g = 1 + random.nextInt(3);
                            int frame = random.nextInt(512);
                            long token = UNIQUE + random.nextInt(contents);
                            for (Host h : hosts) {
                                h.guest(g).store(frame, token);
                            }
                        }
                        assertEquals(ksms[0].scan(10_000), ksms[1].scan(10_000), "full scan " + scan);
                        assertEquals(ksms[0].sharing().toString(), ksms[1].sharing().toString(), "full scan " + scan);
                    }
                    assertEquals(0, ksms[1].pagesSkipped());
                });
    }

    /** Later, frames that never merge are skipped, and what does merge still merges. */
    @Test
    void laterFullScansSkipTheFramesThatNeverMerge() {
        Host host = new Host(HostConfig.of(2048, 2048));
        GuestSpace a = host.attach(1, 512);
        GuestSpace b = host.attach(2, 512);
        for (int f = 0; f < 100; f++) {
            a.store(f, UNIQUE + f);
            b.store(f, UNIQUE + 1000 + f);
        }
        a.store(200, UNIQUE - 1);
        b.store(300, UNIQUE - 1);
        Ksm ksm = new Ksm(host, true);
        for (int scan = 0; scan < 14; scan++) {
            ksm.scan(10_000);
        }
        assertEquals(1, ksm.sharing().framesSaved());
        assertEquals(200 * (1 + 2 + 4), ksm.pagesSkipped(), "scans 5, 7-8 and 10-13 skip the 200 unique frames");
    }
}
