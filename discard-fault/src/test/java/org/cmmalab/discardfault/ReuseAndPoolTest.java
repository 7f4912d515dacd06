package org.cmmalab.discardfault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link FramePool}, {@link DiscardQuarantine} and {@link StateChangeLock} one step at a time. */
class ReuseAndPoolTest {

    @Test
    void poolHandsOutTheLastFrameFreedFirst() {
        FramePool pool = new FramePool(4);
        assertEquals(FramePool.NONE, pool.pop());
        pool.push(2);
        pool.push(0);
        pool.push(3);
        List<Integer> rest = new ArrayList<>();
        pool.forEachAtRest(rest::add);
        assertEquals(List.of(3, 0, 2), rest);
        assertEquals(3, pool.pop());
        assertEquals(0, pool.pop());
        assertEquals(2, pool.pop());
        assertEquals(FramePool.NONE, pool.pop());
    }

    @Test
    void retiredFrameWaitsForEveryVcpuInsideWhenItLeft() {
        DiscardQuarantine q = new DiscardQuarantine(4, 2);
        List<Integer> freed = new ArrayList<>();
        q.enter(0);
        q.retire(1);
        q.enter(1); // entered after the frame left: cannot hold its number
        assertEquals(0, q.release(freed::add), "vCPU 0 was inside when frame 1 left");
        assertTrue(q.holds(1));
        q.exit(0);
        q.enter(0);
        assertEquals(1, q.release(freed::add));
        assertEquals(List.of(1), freed);
        assertFalse(q.holds(1));
        assertEquals(0, q.held());
    }

    @Test
    void idleVcpusHoldNothingBack() {
        DiscardQuarantine q = new DiscardQuarantine(4, 3);
        q.retire(2);
        q.retire(3);
        assertEquals(2, q.held());
        List<Integer> freed = new ArrayList<>();
        assertEquals(2, q.release(freed::add));
        assertEquals(List.of(2, 3), freed);
        assertEquals(0, q.release(freed::add), "each frame is released once");
    }

    /**
     * The interleaving the epoch-first read in {@code release} is for: a release scan begins while
     * every vCPU is idle; before it reaches frame 1, vCPU 0 enters and reads frame 1's number, and
     * then frame 1 is retired. The scan must not release frame 1: vCPU 0 may still load from it.
     * (The release callback is where this test steps in, between the scan's frames.)
     */
    @Test
    void frameRetiredDuringAScanWaitsForTheVcpusThatEnteredBeforeIt() {
        DiscardQuarantine q = new DiscardQuarantine(2, 1);
        q.retire(0);
        List<Integer> freed = new ArrayList<>();
        q.release(frame -> {
            freed.add(frame);
            if (frame == 0) {
                q.enter(0);
                q.retire(1);
            }
        });
        assertEquals(List.of(0), freed);
        assertTrue(q.holds(1));
        q.exit(0);
        assertEquals(1, q.release(freed::add));
    }

    @Test
    void tryLockFailsWhileHeldEvenByItsOwnThread() {
        StateChangeLock lock = new StateChangeLock(2);
        lock.lock(0);
        assertTrue(lock.isLocked(0));
        assertFalse(lock.tryLock(0));
        assertTrue(lock.tryLock(1), "locks are per page");
        lock.unlock(0);
        assertTrue(lock.tryLock(0));
    }
}
