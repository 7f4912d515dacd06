package org.cmmalab.hostpager.ksm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.cmmalab.hostpager.AtOnce;
import org.cmmalab.hostpager.GuestSpace;
import org.cmmalab.hostpager.Host;
import org.cmmalab.hostpager.HostConfig;
import org.cmmalab.hostpager.ReclaimMode;
import org.cmmalab.pagestates.FrameState;
import org.cmmalab.pagestates.Orc;
import org.junit.jupiter.api.Test;

/** KSM's scanner and the shared frames it makes: merge, copy-on-write, release, reclaim. */
class KsmTest {
    private static final long SAME = 0x4000_0000_0000_1234L;

    @Test
    void identicalFramesOfTwoGuestsMergeAfterTwoFullScansAndAStoreSplitsThem() {
        Host host = new Host(HostConfig.of(64, 64));
        GuestSpace a = host.attach(1, 16);
        GuestSpace b = host.attach(2, 16);
        a.store(0, SAME);
        b.store(3, SAME);
        a.store(1, 77);
        Ksm ksm = new Ksm(host, Ksm.DEFAULT_SMART_SCAN);
        assertEquals(3, ksm.scan(1000), "a batch ends at the end of a full scan: 3 resident frames");
        assertEquals(0, ksm.sharing().framesSaved(), "the first scan only takes checksums");
        assertEquals(3, ksm.scan(1000));
        assertEquals(1, ksm.sharing().sharedFrames());
        assertEquals(1, ksm.sharing().framesSaved());
        assertEquals(64 - 2, host.freeFrames(), "three guest frames in two host frames");
        assertEquals(3, a.residentFrames() + b.residentFrames(), "guests still see their frames resident");
        assertEquals(SAME, a.load(0));
        assertEquals(SAME, b.load(3));

        assertTrue(b.store(3, 99));
        assertEquals(1, ksm.sharing().cowBreaks(b), "a store to a shared frame copies it first");
        assertEquals(0, ksm.sharing().framesSaved());
        assertEquals(SAME, a.load(0), "the other mapper keeps the old content");
        assertEquals(99, b.load(3));
        assertEquals(64 - 3, host.freeFrames());

        a.store(0, 5);
        assertEquals(0, ksm.sharing().sharedFrames(), "the last mapper's copy frees the shared frame");
        assertEquals(64 - 3, host.freeFrames());
        assertEquals(5, a.load(0));
    }

    @Test
    void zeroFilledFramesOfManyGuestsShareFramesUpToMaxPageSharing() {
        Host host = new Host(HostConfig.of(256, 256));
        Ksm ksm = new Ksm(host, Ksm.DEFAULT_SMART_SCAN);
        ksm.sharing().setMaxSharing(8);
        GuestSpace[] guests = {host.attach(1, 16), host.attach(2, 16), host.attach(3, 16)};
        for (GuestSpace g : guests) {
            for (int f = 0; f < 10; f++) {
                assertEquals(0, g.load(f), "a first load zero-fills");
            }
        }
        ksm.scan(1000);
        ksm.scan(1000);
        assertEquals(30, ksm.sharing().mappers());
        assertEquals(4, ksm.sharing().sharedFrames(), "8 + 8 + 8 + 6");
        assertEquals(26, ksm.sharing().framesSaved());
        assertEquals(256 - 4, host.freeFrames());
        for (GuestSpace g : guests) {
            for (int f = 0; f < 10; f++) {
                assertEquals(0, g.load(f));
            }
        }
    }

    @Test
    void aFrameThatChangedSinceItsLastScanIsNotMerged() {
        Host host = new Host(HostConfig.of(64, 64));
        GuestSpace a = host.attach(1, 8);
        GuestSpace b = host.attach(2, 8);
        a.store(0, SAME);
        b.store(0, SAME - 1);
        Ksm ksm = new Ksm(host, Ksm.DEFAULT_SMART_SCAN);
        ksm.scan(100);
        b.store(0, SAME);
        ksm.scan(100);
        assertEquals(0, ksm.sharing().framesSaved(), "b's frame changed between its scans");
        ksm.scan(100);
        assertEquals(1, ksm.sharing().framesSaved(), "unchanged for a full scan, it merges");
        assertEquals(3, ksm.fullScans());
        assertEquals(6, ksm.pagesScanned());
    }

    @Test
    void aReleasedMapperLeavesTheOthersShared() {
        Host host = new Host(HostConfig.of(64, 64));
        GuestSpace a = host.attach(1, 8);
        GuestSpace b = host.attach(2, 8);
        GuestSpace c = host.attach(3, 8);
        for (GuestSpace g : new GuestSpace[] {a, b, c}) {
            g.store(2, SAME);
        }
        Ksm ksm = new Ksm(host, Ksm.DEFAULT_SMART_SCAN);
        ksm.scan(100);
        ksm.scan(100);
        assertEquals(2, ksm.sharing().framesSaved());
        b.release(2);
        assertEquals(1, ksm.sharing().framesSaved());
        assertEquals(0, b.load(2), "a released frame reads as zeros");
        assertEquals(SAME, c.load(2));
        assertEquals(0, ksm.sharing().cowBreaks(b));
    }

    @Test
    void reclaimOfASharedFrameWritesItOnceAndDiscardsWhatTheGuestsSaidTheyDoNotNeed() {
        Host host = new Host(HostConfig.of(4, 64).withReclaim(ReclaimMode.watermarks(3, 3)));
        GuestSpace a = host.attach(1, 8);
        GuestSpace b = host.attach(2, 8);
        GuestSpace c = host.attach(3, 8);
        a.store(0, SAME);
        b.store(0, SAME);
        c.store(0, SAME);
        Ksm ksm = new Ksm(host, Ksm.DEFAULT_SMART_SCAN);
        ksm.scan(100);
        ksm.scan(100);
        assertEquals(1, ksm.sharing().sharedFrames());
        assertEquals(3, host.freeFrames());
        c.essa(0, Orc.SET_UNUSED);
        a.store(5, 7); // now the shared frame is the least recently used unit
        assertEquals(2, host.freeFrames());
        AtOnce.balance(host);
        assertEquals(0, ksm.sharing().sharedFrames());
        assertEquals(1, host.counters().pageOuts(), "one write for the shared frame");
        assertEquals(1, host.counters().discards(), "c's frame was unused: discarded");
        assertEquals("Sp", FrameState.name(a.table().state(0)));
        assertEquals("Sp", FrameState.name(b.table().state(0)));
        assertEquals("Uz", FrameState.name(c.table().state(0)));
        assertFalse(host.device().holds(3, 0));
        assertEquals(SAME, a.load(0));
        assertEquals(SAME, b.load(0));
        assertEquals(2, host.counters().pageIns(), "each mapper reads its own copy back");
    }

    @Test
    void aRunWithASharedFrameDoesNotMergeIntoALargeFrame() {
        Host host = new Host(HostConfig.of(2048, 2048));
        GuestSpace a = host.attach(1, 512);
        GuestSpace b = host.attach(2, 512);
        for (int f = 0; f < 512; f++) {
            a.load(f);
        }
        b.load(0);
        Ksm ksm = new Ksm(host, Ksm.DEFAULT_SMART_SCAN);
        ksm.scan(10_000);
        ksm.scan(10_000);
        assertEquals(2, ksm.sharing().sharedFrames(), "at most 256 frames to a shared frame");
        assertEquals(512, ksm.sharing().mappers(), "the 513th zero frame has no partner left in the unstable tree");
        assertEquals(512 - 2, ksm.sharing().framesSaved());
        assertFalse(a.merge(0), "frames that share host frames with others stay small");
    }

    @Test
    void checksumsGoWithTheResidentMemoryOfTheirChunkAndMustBeTakenAgain() {
        Host host = new Host(HostConfig.of(64, 64));
        GuestSpace a = host.attach(1, 2048);
        GuestSpace b = host.attach(2, 2048);
        a.store(0, SAME);
        a.store(600, SAME);
        b.store(1500, 7);
        Ksm ksm = new Ksm(host, Ksm.DEFAULT_SMART_SCAN);
        ksm.scan(100);
        assertEquals(3, ksm.checksumChunks(), "a's chunks 0 and 1, b's chunk 2");
        a.release(600);
        b.release(1500);
        assertEquals(3, ksm.checksumChunks(), "until the scanner passes them");
        ksm.scan(100);
        assertEquals(1, ksm.checksumChunks(), "the scanner passed a's chunk 1 and b's chunk 2 with nothing resident");
        a.store(600, SAME);
        ksm.scan(100);
        assertEquals(0, ksm.sharing().framesSaved(), "frame 600 lost its checksum: this scan only takes it");
        ksm.scan(100);
        assertEquals(1, ksm.sharing().framesSaved());
        assertEquals(2, ksm.checksumChunks());
    }

    /**
     * The scanner finds frames a window at a time and reads ahead for them ({@link Ksm#scan}); a
     * batch of one page has a window of one, the scanner's plain order. Two hosts living the same
     * life, one scanned in batches of one page and the other in batches of 300, merge and split the
     * same frames, with smart scanning and without.
     */
    @Test
    void framesFoundAWindowAheadMergeAsFramesFoundOneAtATimeDo() {
        framesFoundAWindowAheadMergeAsFramesFoundOneAtATimeDo(true);
        framesFoundAWindowAheadMergeAsFramesFoundOneAtATimeDo(false);
    }

    private static void framesFoundAWindowAheadMergeAsFramesFoundOneAtATimeDo(boolean smartScan) {
        Host[] hosts = {new Host(HostConfig.of(6000, 6000)), new Host(HostConfig.of(6000, 6000))};
        Ksm[] ksms = new Ksm[2];
        for (int h = 0; h < 2; h++) {
            for (int g = 0; g < 4; g++) {
                hosts[h].attach(g + 1, 4096);
            }
            ksms[h] = new Ksm(hosts[h], smartScan);
        }
        SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 60; round++) {
            for (int change = 0; change < 80; change++) {
                int g = random.nextInt(4);
                // frames in three of a guest's eight chunks, so that whole chunks are skipped and dropped
                int frame = random.nextInt(3) * 1024 + random.nextInt(512);
                boolean release = random.nextInt(6) == 0;
                long token = SAME + random.nextInt(40); // few contents: merges, copy-on-write breaks
                for (Host host : hosts) {
                    if (release) {
                        host.guest(g + 1).release(frame);
                    } else {
                        host.guest(g + 1).store(frame, token);
                    }
                }
            }
            int scanned = ksms[1].scan(300);
            for (int p = 0; p < scanned; p++) {
                assertEquals(1, ksms[0].scan(1), "round " + round);
            }
            if (scanned < 300) {
                assertEquals(0, ksms[0].scan(1), "the full scan ends at the same frame, round " + round);
            }
            assertEquals(ksms[1].fullScans(), ksms[0].fullScans(), "round " + round);
            assertEquals(ksms[1].pagesSkipped(), ksms[0].pagesSkipped(), "round " + round);
            assertEquals(ksms[1].sharing().toString(), ksms[0].sharing().toString(), "round " + round);
            assertEquals(hosts[1].freeFrames(), hosts[0].freeFrames(), "round " + round);
            for (int g = 0; g < 4; g++) {
                for (int f = 0; f < 4096; f++) {
                    assertEquals(hosts[1].guest(g + 1).hostFrame(f), hosts[0].guest(g + 1).hostFrame(f),
                            "guest " + (g + 1) + " frame " + f + ", round " + round);
                }
            }
        }
        assertTrue(ksms[0].sharing().merges() > 100 && ksms[0].sharing().cowBreaks() > 10, ksms[0].sharing().toString());
    }

    @Test
    void aHostSharesNothingUntilAScannerAttachesAndTakesOneScannerOnly() {
        Host host = new Host(HostConfig.of(8, 8));
        assertEquals(0, host.sharing().framesSaved(), "no sharer: no frame is shared");
        Ksm ksm = new Ksm(host, Ksm.DEFAULT_SMART_SCAN);
        assertEquals(ksm.sharing(), host.sharing());
        assertThrows(IllegalStateException.class, () -> new Ksm(host, Ksm.DEFAULT_SMART_SCAN));
    }
}
