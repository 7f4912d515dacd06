package org.cmmalab.hostpager.zswap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cmmalab.hostpager.AtOnce;
import org.cmmalab.hostpager.GuestSpace;
import org.cmmalab.hostpager.Host;
import org.cmmalab.hostpager.HostConfig;
import org.cmmalab.hostpager.HostMemMap;
import org.cmmalab.hostpager.ReclaimMode;
import org.junit.jupiter.api.Test;

/**
 * The host's zswap in front of its paging device: a page the host pages out lands compressed in
 * the pool and costs its ratio of a host frame; a page-in is served from the pool; a full pool
 * refuses and writes its oldest pages back to its accept threshold; a freed slot leaves the pool.
 */
class HostZswapTest {
    private static final double QUARTER = 0.25;

    private static int framesOwnedByThePool(Host host) {
        int n = 0;
        for (int f = 0; f < host.frames(); f++) {
            if (host.memMap().ownerGuest(f) == HostMemMap.COMPRESSED) {
                n++;
            }
        }
        return n;
    }

    @Test
    void aPageTheHostPagesOutLandsCompressedAndCostsItsRatioOfAHostFrame() {
        Host host = new Host(HostConfig.of(100, 1000).withReclaim(ReclaimMode.watermarks(10, 20)));
        HostZswap pool = new HostZswap(host, QUARTER, 20, 90);
        host.device().attachTier(pool);
        GuestSpace guest = host.attach(1, 200);
        for (int f = 0; f < 95; f++) {
            guest.store(f, 1000 + f);
        }
        AtOnce.balance(host);
        long outs = host.counters().pageOuts();
        assertTrue(outs >= 10, "background reclaim paged out: " + outs);
        assertEquals(outs, pool.writes(), "every page-out went into the pool");
        assertEquals(outs, pool.pages());
        assertEquals((outs + 3) / 4, pool.hostFrames(), "four pages a host frame, at a ratio of a quarter");
        assertEquals(pool.hostFrames(), framesOwnedByThePool(host), "the pool's frames are host memory");
        assertEquals(100 - guest.residentFrames() - pool.hostFrames(), host.freeFrames());

        int out = -1;
        for (int f = 0; f < 95 && out < 0; f++) {
            if (pool.holds(0, f)) {
                out = f;
            }
        }
        assertEquals(1000 + out, guest.load(out), "the page reads back");
        assertEquals(1, pool.reads(), "served from the pool: a decompression, no device read (the harness prices it)");
        assertTrue(pool.holds(0, out), "a load leaves the copy, as zswap_load did in 6.7");
    }

    @Test
    void aFullPoolRefusesAndWritesBackToItsAcceptThreshold() {
        Host host = new Host(HostConfig.of(100, 0));
        HostZswap pool = new HostZswap(host, 0.5, 20, 90); // at most 20 frames, 40 pages; accepts again below 18
        for (int f = 0; f < 41; f++) {
            pool.write(0, f, 1 + f);
        }
        assertEquals(21, pool.hostFrames(), "the store that found 20 frames (not over the maximum) was taken");
        assertEquals(0, pool.rejects());
        pool.write(0, 41, 42);
        assertEquals(1, pool.rejects(), "over its maximum: refused, the page is the device's alone");
        assertFalse(pool.holds(0, 41));
        assertEquals(7, pool.migrated(), "the shrink worker wrote back the oldest seven");
        assertEquals(17, pool.hostFrames(), "below the accept threshold of 18 frames");
        assertFalse(pool.holds(0, 6));
        assertTrue(pool.holds(0, 7), "the oldest left");
        assertEquals(100 - 17, host.freeFrames(), "written-back pages give their frames back");
        pool.write(0, 41, 42);
        assertTrue(pool.holds(0, 41), "below the threshold it accepts again");
    }

    @Test
    void aPageOfZerosCostsNothingAndAFreedSlotLeavesThePool() {
        Host host = new Host(HostConfig.of(100, 0));
        HostZswap pool = new HostZswap(host, QUARTER, 20, 90);
        pool.write(0, 1, 0);
        assertTrue(pool.holds(0, 1));
        assertEquals(0, pool.hostFrames(), "same-filled pages take no pool memory");
        pool.write(0, 2, 7);
        assertEquals(1, pool.hostFrames());
        pool.free(0, 2);
        assertFalse(pool.holds(0, 2));
        assertEquals(0, pool.hostFrames());
        assertEquals(100, host.freeFrames());
    }

    @Test
    void aHostHasOneTierInFrontOfItsDevice() {
        Host xstor = new Host(HostConfig.of(100, 10).withExpandedStorage(8));
        assertThrows(IllegalStateException.class, () -> xstor.device().attachTier(new HostZswap(xstor, QUARTER, 20, 90)));
        assertThrows(IllegalArgumentException.class, () -> new HostZswap(xstor, 1.0, 20, 90));
    }
}
