package org.cmmalab.discardfault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cmmalab.hostpager.GuestSpace;
import org.cmmalab.hostpager.ReclaimResult;
import org.cmmalab.pagestates.FrameState;
import org.cmmalab.pagestates.FrameTable;
import org.cmmalab.pagestates.HostMode;
import org.cmmalab.pagestates.UsageState;
import org.junit.jupiter.api.Test;

/** {@link SharedPageCache} on one vCPU: the hint protocol's steps, each visible in states and hooks. */
class SharedPageCacheTest {
    private final GuestSpace store = HostedGuest.threaded(4, HostMode.ZVM, FrameTable.DEFAULT_FRAMES_PER_LARGE);
    private final int[] counts = new int[4];
    private final SharedPageCache cache = SharedPageCache.of(store, 2, 1, new PageCacheHooks() {
        @Override
        public void discardWon(int vcpu) {
            counts[0]++;
        }

        @Override
        public void discardFault(int vcpu) {
            counts[1]++;
        }

        @Override
        public void lostPage(int vcpu, int page, long expected, long seen) {
            counts[2]++;
        }

        @Override
        public void volatileGaveUp(int vcpu) {
            counts[3]++;
        }
    });

    @Test
    void aReadPageIsLeftVolatileAndADirtyOneStable() {
        assertEquals(SharedPageCache.token(0, 0), cache.read(0, 0));
        int frame = cache.frameOf(0);
        assertEquals(UsageState.VOLATILE, FrameState.usage(store.state(frame)));
        assertEquals(SharedPageCache.token(0, 1), cache.write(0, 0));
        assertEquals(UsageState.STABLE, FrameState.usage(store.state(frame)));
        assertTrue(cache.isDirty(0));
        assertEquals(0, counts[2]);
    }

    @Test
    void discardedPageIsReadAgainFromItsFile() {
        cache.write(0, 0);
        assertTrue(cache.writeback(0, 0));
        assertFalse(cache.isDirty(0));
        cache.endWriteback(0, 0);
        int frame = cache.frameOf(0);
        assertEquals(ReclaimResult.DISCARDED, store.reclaim(frame));
        assertEquals(SharedPageCache.token(0, 1), cache.read(0, 0), "the disk has version 1");
        assertEquals(1, counts[0], "make-stable found the page discarded");
        assertEquals(0, counts[2]);
    }

    @Test
    void mappedLoadOfADiscardedPageFaultsAndRetries() {
        cache.read(0, 1);
        int frame = cache.frameOf(1);
        store.reclaim(frame);
        assertEquals(SharedPageCache.token(1, 0), cache.touchMapped(0, 1));
        assertEquals(1, counts[1]);
        assertNotEquals(SharedPageCache.NONE, cache.frameOf(1));
        assertEquals(0, counts[2]);
    }

    @Test
    void writebackInFlightKeepsThePageStableAndCached() {
        cache.write(0, 0);
        assertTrue(cache.writeback(0, 0));
        assertFalse(cache.writeback(0, 0), "under write-back already");
        assertFalse(cache.evict(0, 0), "pinned by the I/O");
        int frame = cache.frameOf(0);
        assertEquals(UsageState.STABLE, FrameState.usage(store.state(frame)));
        cache.endWriteback(0, 0);
        assertEquals(UsageState.VOLATILE, FrameState.usage(store.state(frame)));
        assertTrue(cache.evict(0, 0));
        assertEquals(SharedPageCache.NONE, cache.frameOf(0));
        assertEquals(SharedPageCache.NONE, cache.pageOf(frame));
    }

    @Test
    void anonymousFramesComeFromTheSamePoolUntilItRunsOut() {
        cache.read(0, 0);
        cache.read(0, 1);
        int a = cache.allocateFrame(0);
        int b = cache.allocateFrame(0);
        assertEquals(UsageState.STABLE, FrameState.usage(store.state(a)));
        assertThrows(IllegalStateException.class, () -> cache.allocateFrame(0), "every frame is cached or in use");
        cache.freeFrame(b);
        assertEquals(UsageState.UNUSED, FrameState.usage(store.state(b)));
        assertEquals(b, cache.allocateFrame(0));
    }

    @Test
    void evictedFrameIsReusedOnceTheGracePeriodHasPassed() {
        cache.read(0, 0);
        int frame = cache.frameOf(0);
        cache.read(0, 1);
        assertTrue(cache.evict(0, 0));
        assertNotEquals(frame, cache.allocateFrame(0));
        assertNotEquals(frame, cache.allocateFrame(0));
        assertEquals(frame, cache.allocateFrame(0), "released from the quarantine when the pool ran dry");
    }

    @Test
    void aCacheNeedsMoreFramesThanPages() {
        assertThrows(IllegalArgumentException.class, () -> SharedPageCache.of(HostedGuest.threaded(2, HostMode.ZVM, FrameTable.DEFAULT_FRAMES_PER_LARGE), 2, 1,
                PageCacheHooks.NONE));
    }
}
