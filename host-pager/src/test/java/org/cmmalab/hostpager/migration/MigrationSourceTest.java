package org.cmmalab.hostpager.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import org.cmmalab.hostpager.GuestSpace;
import org.cmmalab.hostpager.Host;
import org.cmmalab.hostpager.HostConfig;
import org.cmmalab.pagestates.Orc;
import org.junit.jupiter.api.Test;

/** Dirty logging and what a migration reads and the destination keeps. */
class MigrationSourceTest {
    @Test
    void storesAreLoggedUntilTheNextSync() {
        Host host = new Host(HostConfig.of(64, 64));
        GuestSpace g = host.attach(1, 64);
        g.store(1, 11); // before the migration: not logged
        MigrationSource source = MigrationSource.start(g);
        g.store(5, 55);
        g.store(5, 56);
        g.load(7);
        BitSet bitmap = new BitSet();
        bitmap.set(9);
        assertEquals(1, source.syncContent(bitmap), "frame 5 is new in the bitmap; loads are not logged");
        assertEquals(BitSet.valueOf(new long[] {1L << 5 | 1L << 9}), bitmap);
        BitSet again = new BitSet();
        assertEquals(0, source.syncContent(again), "the sync cleared the log");
        source.stop();
        g.store(6, 66);
        assertEquals(0, source.syncContent(again), "a stopped log logs nothing");
    }

    @Test
    void everyAttributeIsDirtyAtFirstThenOnlyTheChangedOnes() {
        Host host = new Host(HostConfig.of(64, 64));
        GuestSpace g = host.attach(1, 64);
        MigrationSource source = MigrationSource.start(g);
        BitSet changed = new BitSet();
        assertEquals(64, source.syncAttributes(changed));
        g.store(3, 33);          // Sz -> Sr: the frame now has content
        g.store(3, 34);          // Sr -> Sr: no change of attribute
        g.essa(4, Orc.SET_UNUSED);
        g.essa(4, Orc.SET_UNUSED);
        assertEquals(2, source.syncAttributes(changed));
        assertTrue(changed.get(3) && changed.get(4));
        assertEquals(0, source.syncAttributes(changed));
    }

    @Test
    void contentIsWhatTheGuestWouldReadWhereverTheHostKeepsIt() {
        Host host = new Host(HostConfig.of(1, 64));
        GuestSpace g = host.attach(1, 64);
        MigrationSource source = MigrationSource.start(g);
        g.store(3, 42);
        g.store(4, 43); // one host frame: frame 3 goes to the paging device
        assertEquals(42, source.content(3));
        assertEquals(43, source.content(4));
        assertEquals(0, source.content(5), "never touched");
        assertTrue(MigrationSource.needsContent(source.attribute(3)));
        assertFalse(MigrationSource.needsContent(source.attribute(5)), "logically zero");
    }

    @Test
    void aSecondMigrationOfTheSameGuestIsRefused() {
        Host host = new Host(HostConfig.of(8, 8));
        GuestSpace g = host.attach(1, 8);
        MigrationSource.start(g);
        assertThrows(IllegalStateException.class, () -> MigrationSource.start(g));
    }

    @Test
    void theDestinationDropsContentItsAttributeSaysIsNotThere() {
        Host host = new Host(HostConfig.of(8, 8));
        GuestSpace g = host.attach(1, 8);
        g.store(2, 22);
        MigrationTarget target = new MigrationTarget(8);
        target.receivePage(2, 22);
        assertEquals(22, target.content(2), "no attribute migrated: content as sent");
        g.essa(2, Orc.SET_UNUSED);
        target.receiveAttribute(2, MigrationSource.attributeOf(g.table().state(2)));
        assertEquals(0, target.content(2));
        g.essa(2, Orc.SET_STABLE);
        target.receiveAttribute(2, MigrationSource.attributeOf(g.table().state(2)));
        assertEquals(0, target.content(2), "an unused frame's content was dropped; it is not back");
    }
}
