package org.cmmalab.guestmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.cmmalab.guestmm.tmem.Cleancache;
import org.cmmalab.guestmm.tmem.Frontswap;
import org.junit.jupiter.api.Test;

/** The kernel's cleancache and frontswap calls, against backends that are plain maps. */
class TmemFrontendTest {
    /** A cleancache that keeps everything (ephemeral in name only). */
    static final class MapCleancache implements Cleancache {
        final Map<Long, Long> pages = new HashMap<>();
        int invalidations;

        private static long key(int file, int page) {
            return (long) file << 32 | page;
        }

        @Override
        public void put(int file, int page, long token) {
            pages.put(key(file, page), token);
        }

        @Override
        public long get(int file, int page) {
            Long t = pages.remove(key(file, page));
            return t == null ? MISS : t;
        }

        @Override
        public void invalidateInode(int file) {
            invalidations++;
            pages.keySet().removeIf(k -> (int) (k >>> 32) == file);
        }
    }

    /** A frontswap that accepts while it has room. */
    static final class MapFrontswap implements Frontswap {
        final Map<Integer, Long> slots = new HashMap<>();
        final int room;

        MapFrontswap(int room) {
            this.room = room;
        }

        @Override
        public boolean store(int slot, long token) {
            if (slots.size() >= room && !slots.containsKey(slot)) {
                return false;
            }
            slots.put(slot, token);
            return true;
        }

        @Override
        public long load(int slot) {
            Long t = slots.get(slot);
            return t == null ? MISS : t;
        }

        @Override
        public void invalidate(int slot) {
            slots.remove(slot);
        }
    }

    @Test
    void cleanPagesReclaimDropsAreReadBackFromCleancacheInsteadOfTheDisk() {
        GuestKernel k = new GuestKernel(new SimulatedMemory(512), KernelConfig.of(1, GuestHinting.V7));
        MapCleancache cc = new MapCleancache();
        k.setCleancache(cc);
        int file = k.createFile(2000);
        for (int p = 0; p < 2000; p++) {
            k.read(file, p);
        }
        assertTrue(k.counters().cleancachePuts() > 1000, "reclaim offered the pages it dropped");
        assertEquals(2000, k.counters().diskReads());
        for (int p = 0; p < 2000; p++) {
            k.read(file, p);
        }
        assertTrue(k.counters().cleancacheHits() > 1000, "re-reads found them");
        assertEquals(k.counters().pageCacheMisses(), k.counters().diskReads() + k.counters().cleancacheHits(),
                "every miss went to cleancache or the disk");
        assertEquals(0, k.counters().lostPages());
        k.deleteFile(file);
        assertTrue(cc.pages.isEmpty(), "deleting a file invalidates its pages");
    }

    @Test
    void wrongContentFromACleancacheIsALostPage() {
        GuestKernel k = new GuestKernel(new SimulatedMemory(256), KernelConfig.of(1, GuestHinting.NONE));
        k.setCleancache(new Cleancache() {
            @Override
            public void put(int file, int page, long token) {
            }

            @Override
            public long get(int file, int page) {
                return ContentToken.file(9, file, page, 0);
            }

            @Override
            public void invalidateInode(int file) {
            }
        });
        int file = k.createFile(4);
        k.read(file, 0);
        assertEquals(1, k.counters().lostPages());
        assertEquals(1, k.counters().leaks(), "guest 9's content in guest 1");
    }

    @Test
    void swapOutsGoToFrontswapFirstAndSwapInsComeBackFromIt() {
        GuestKernel k = new GuestKernel(new SimulatedMemory(256), KernelConfig.of(1, GuestHinting.NONE).withSwapPages(1024));
        MapFrontswap fs = new MapFrontswap(200);
        k.setFrontswap(fs);
        int pid = k.createProcess();
        int region = k.malloc(pid, 600);
        long[] written = new long[600];
        for (int p = 0; p < 600; p++) {
            written[p] = k.touchAnon(pid, region + p, true);
        }
        assertEquals(200, k.counters().frontswapStores(), "until the backend was full");
        assertTrue(k.counters().swapOuts() > 0, "then the swap device");
        for (int p = 0; p < 600; p++) {
            assertEquals(written[p], k.touchAnon(pid, region + p, false));
        }
        assertTrue(k.counters().frontswapLoads() > 0);
        assertEquals(0, k.counters().lostPages());
        k.free(pid, region);
        assertTrue(fs.slots.isEmpty(), "freed slots were invalidated");
    }
}
