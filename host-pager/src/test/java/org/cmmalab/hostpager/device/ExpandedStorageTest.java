package org.cmmalab.hostpager.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.LinkedHashSet;
import java.util.List;
import org.cmmalab.hostpager.Properties;
import org.junit.jupiter.api.Test;

/**
 * z/VM expanded storage: page-outs fill it, a full XSTOR migrates its oldest page to DASD, a
 * page-in is counted from the tier that holds the page, freed slots leave it; and, for any
 * sequence of operations, it agrees with a plain first-in-first-out model of the rule.
 */
class ExpandedStorageTest {
    @Test
    void pageOutsFillXstorUntilItIsFull() {
        ExpandedStorage x = new ExpandedStorage(3);
        x.write(0, 10, 1);
        x.write(0, 11, 1);
        x.write(1, 10, 1);
        assertEquals(3, x.usedBlocks());
        assertEquals(3, x.writes());
        assertEquals(0, x.migrated(), "three pages fit three blocks");
        assertTrue(x.holds(0, 10) && x.holds(0, 11) && x.holds(1, 10));
        assertFalse(x.holds(1, 11));
    }

    @Test
    void aFullXstorMigratesItsOldestPageToDasd() {
        ExpandedStorage x = new ExpandedStorage(2);
        x.write(0, 1, 1);
        x.write(0, 2, 1);
        x.write(0, 3, 1);
        assertEquals(1, x.migrated());
        assertFalse(x.holds(0, 1), "the oldest page went on to DASD");
        assertTrue(x.holds(0, 2) && x.holds(0, 3));
        x.write(0, 2, 1); // written again: the newest now, in its own block
        assertEquals(1, x.migrated(), "a page already in XSTOR needs no new block");
        x.write(0, 4, 1);
        assertFalse(x.holds(0, 3), "3 was then the oldest");
        assertTrue(x.holds(0, 2) && x.holds(0, 4));
        assertEquals(2, x.migrated());
        assertEquals(2, x.usedBlocks());
    }

    @Test
    void pageInsCountOnlyPagesXstorHolds() {
        ExpandedStorage x = new ExpandedStorage(1);
        x.write(0, 1, 1);
        x.write(0, 2, 1); // 1 migrates
        x.read(0, 2);
        x.read(0, 1);
        x.read(0, 2);
        assertEquals(2, x.reads(), "two reads of the page in XSTOR; the one of the migrated page is DASD's");
        assertTrue(x.holds(0, 2), "a page-in leaves the copy where it is");
    }

    @Test
    void aFreedSlotLeavesXstorAndItsBlockIsReused() {
        ExpandedStorage x = new ExpandedStorage(2);
        x.write(0, 1, 1);
        x.write(0, 2, 1);
        x.free(0, 1);
        x.free(0, 9); // never written: nothing to do
        assertEquals(1, x.usedBlocks());
        x.write(0, 3, 1);
        assertEquals(0, x.migrated(), "the freed block took the new page");
        assertTrue(x.holds(0, 2) && x.holds(0, 3));
    }

    @Test
    void withoutBlocksEveryPageIsOnDasd() {
        ExpandedStorage x = new ExpandedStorage(0);
        x.write(0, 1, 1);
        x.read(0, 1);
        x.free(0, 1);
        assertEquals(0, x.writes() + x.reads() + x.migrated() + x.usedBlocks());
        assertThrows(IllegalArgumentException.class, () -> new ExpandedStorage(-1));
    }

    @Test
    void thePagingDeviceTellsItsTierEveryWriteReadAndFree() {
        ExpandedStorage x = new ExpandedStorage(2);
        PagingDevice device = new PagingDevice(100, DeviceLatency.SSD, x);
        int volume = device.addVolume(7, 2048);
        device.reserve(volume, 600, 3);
        for (int f = 600; f < 603; f++) {
            device.write(volume, f, f);
        }
        assertEquals(1, x.migrated(), "three page-outs into two blocks");
        assertEquals(602, device.read(volume, 602));
        assertEquals(600, device.read(volume, 600), "the DASD copy reads back all the same");
        assertEquals(1, x.reads());
        assertEquals(3, device.free(volume, 600, 3));
        assertEquals(0, x.usedBlocks(), "freed slots, in a chunk other than the first, left XSTOR");
    }

    /** Operations as {@code kind * 16 + frame}: 0 write, 1 read, 2 free; frames 0 to 15 of one volume. */
    @Test
    void agreesWithAFirstInFirstOutModel() {
        Properties.qt().forAll(integers().between(0, 6), lists().of(integers().between(0, 3 * 16 - 1)).ofSizeBetween(0, 200))
                .checkAssert((blocks, ops) -> {
                    ExpandedStorage x = new ExpandedStorage(blocks);
                    LinkedHashSet<Integer> model = new LinkedHashSet<>(); // oldest first
                    long reads = 0, writes = 0, migrated = 0;
                    for (int op : ops) {
                        int frame = op % 16;
                        switch (op / 16) {
                            case 0 -> {
                                x.write(3, frame, 1);
                                if (blocks > 0) {
                                    if (!model.remove(frame) && model.size() == blocks) {
                                        model.remove(model.iterator().next());
                                        migrated++;
                                    }
                                    model.add(frame);
                                    writes++;
                                }
                            }
                            case 1 -> {
                                x.read(3, frame);
                                reads += model.contains(frame) ? 1 : 0;
                            }
                            default -> {
                                x.free(3, frame);
                                model.remove(frame);
                            }
                        }
                    }
                    String why = blocks + " blocks, ops " + ops;
                    for (int f = 0; f < 16; f++) {
                        assertEquals(model.contains(f), x.holds(3, f), why + ", frame " + f);
                    }
                    assertEquals(List.of(reads, writes, migrated, (long) model.size()),
                            List.of(x.reads(), x.writes(), x.migrated(), (long) x.usedBlocks()), why);
                });
    }
}
