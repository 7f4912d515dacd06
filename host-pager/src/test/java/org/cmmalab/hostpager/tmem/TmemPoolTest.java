package org.cmmalab.hostpager.tmem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cmmalab.hostpager.GuestSpace;
import org.cmmalab.hostpager.Host;
import org.cmmalab.hostpager.HostConfig;
import org.cmmalab.hostpager.ReclaimMode;
import org.junit.jupiter.api.Test;

/** The tmem pool: ephemeral and persistent pages, free memory only, dropped first under pressure. */
class TmemPoolTest {
    @Test
    void anEphemeralGetIsExclusive() {
        Host host = new Host(HostConfig.of(16, 16));
        host.attach(1, 8);
        TmemPool pool = new TmemPool(host);
        assertTrue(pool.putEphemeral(1, 7, 3, 4242));
        assertEquals(15, host.freeFrames(), "the pool holds a host frame");
        assertEquals(TmemPool.MISS, pool.getEphemeral(2, 7, 3), "another guest's key misses");
        assertEquals(4242, pool.getEphemeral(1, 7, 3));
        assertEquals(TmemPool.MISS, pool.getEphemeral(1, 7, 3), "a hit removed it");
        assertEquals(16, host.freeFrames());
        assertEquals(1, pool.hits());
        assertEquals(2, pool.misses());
    }

    @Test
    void flushObjectDropsEveryPageOfAFile() {
        Host host = new Host(HostConfig.of(16, 16));
        host.attach(1, 8);
        TmemPool pool = new TmemPool(host);
        for (int p = 0; p < 5; p++) {
            pool.putEphemeral(1, 9, p, 100 + p);
        }
        pool.putEphemeral(1, 10, 0, 200);
        pool.flushObject(1, 9);
        assertEquals(1, pool.ephemeralPages());
        assertEquals(TmemPool.MISS, pool.getEphemeral(1, 9, 2));
        assertEquals(200, pool.getEphemeral(1, 10, 0));
    }

    @Test
    void thePoolUsesOnlyMemoryAboveTheHighWatermarkAndEvictsItsOldestEphemeralPage() {
        Host host = new Host(HostConfig.of(8, 16).withReclaim(ReclaimMode.watermarks(2, 4)));
        host.attach(1, 8);
        TmemPool pool = new TmemPool(host);
        for (int p = 0; p < 4; p++) {
            assertTrue(pool.putEphemeral(1, 1, p, p + 1));
        }
        assertEquals(4, host.freeFrames());
        assertTrue(pool.putEphemeral(1, 1, 4, 5), "a fifth put takes the oldest page's frame");
        assertEquals(4, host.freeFrames());
        assertEquals(1, pool.evictions());
        assertEquals(TmemPool.MISS, pool.getEphemeral(1, 1, 0), "page 0 was the oldest");
        assertEquals(5, pool.getEphemeral(1, 1, 4));
    }

    @Test
    void hostReclaimDropsEphemeralPagesBeforeAnyGuestFrame() {
        Host host = new Host(HostConfig.of(8, 16));
        GuestSpace guest = host.attach(1, 16);
        TmemPool pool = new TmemPool(host);
        for (int p = 0; p < 8; p++) {
            pool.putEphemeral(1, 1, p, p + 1);
        }
        assertEquals(0, host.freeFrames());
        for (int f = 0; f < 8; f++) {
            guest.store(f, 1000 + f);
        }
        assertEquals(0, pool.ephemeralPages());
        assertEquals(8, pool.evictions());
        assertEquals(0, host.counters().pageOuts(), "no guest frame was written out for the pool's sake");
        assertEquals(1003, guest.load(3));
    }

    @Test
    void persistentPagesStayUntilFlushedAndWithinTheGuestsMemorySize() {
        Host host = new Host(HostConfig.of(32, 32));
        GuestSpace guest = host.attach(1, 4);
        TmemPool pool = new TmemPool(host);
        guest.store(0, 1);
        guest.store(1, 2);
        assertTrue(pool.putPersistent(1, 10, 501));
        assertTrue(pool.putPersistent(1, 11, 502));
        assertFalse(pool.putPersistent(1, 12, 503), "2 resident + 2 persistent fill a guest of 4 frames");
        assertEquals(1, pool.refused());
        assertEquals(501, pool.getPersistent(1, 10));
        assertEquals(501, pool.getPersistent(1, 10), "a persistent get leaves the page");
        pool.flushPersistent(1, 10);
        assertEquals(TmemPool.MISS, pool.getPersistent(1, 10));
        assertEquals(1, pool.persistentPages(1));
        assertTrue(pool.putPersistent(1, 12, 503));
    }

    @Test
    void persistentPagesAreNeverDroppedByReclaim() {
        Host host = new Host(HostConfig.of(6, 16));
        GuestSpace guest = host.attach(1, 16);
        TmemPool pool = new TmemPool(host);
        pool.putPersistent(1, 0, 77);
        pool.putEphemeral(1, 3, 0, 88);
        for (int f = 0; f < 10; f++) {
            guest.store(f, 1000 + f);
        }
        assertEquals(77, pool.getPersistent(1, 0));
        assertEquals(0, pool.ephemeralPages());
        assertEquals(5, guest.residentFrames(), "six host frames less the one persistent page");
    }

    @Test
    void aHostHasOnePool() {
        Host host = new Host(HostConfig.of(8, 8));
        new TmemPool(host);
        assertThrows(IllegalStateException.class, () -> new TmemPool(host));
    }
}
