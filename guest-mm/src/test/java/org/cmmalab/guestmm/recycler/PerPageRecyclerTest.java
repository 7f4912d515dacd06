package org.cmmalab.guestmm.recycler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cmmalab.guestmm.ContentToken;
import org.cmmalab.guestmm.GuestHinting;
import org.cmmalab.guestmm.GuestKernel;
import org.cmmalab.guestmm.KernelConfig;
import org.cmmalab.guestmm.SimulatedMemory;
import org.cmmalab.pagestates.FrameState;
import org.junit.jupiter.api.Test;

/** PPR (the PPR RFC, docs/sources.md): marks on free, unmarks on allocation, the host daemon recycles what is marked. */
class PerPageRecyclerTest {
    @Test
    void freedPagesAreMarkedAndTheDaemonGivesThemToTheHost() {
        SimulatedMemory mem = new SimulatedMemory(4096);
        GuestKernel k = new GuestKernel(mem, KernelConfig.of(1, GuestHinting.NONE));
        PerPageRecycler r = new PerPageRecycler(k);
        assertEquals(4096, r.marked(), "every frame free at load is marked");
        assertEquals(0, r.hookCalls());

        int pid = k.createProcess();
        int region = k.malloc(pid, 1000);
        for (int p = 0; p < 1000; p++) {
            k.touchAnon(pid, region + p, true);
        }
        assertEquals(1000, r.hookCalls(), "one unmark per page allocated");
        assertEquals(3096, r.marked());
        r.recycleMarked();
        assertEquals(1000, mem.residentFrames(), "pages in use are never recycled");

        k.free(pid, region);
        assertEquals(2000, r.hookCalls(), "one mark per page freed");
        assertEquals(1000, r.marked());
        assertEquals(1000, mem.residentFrames(), "the host has them until its daemon runs");
        assertEquals(1000, r.recycleMarked());
        assertEquals(0, mem.residentFrames());
        assertEquals(0, r.marked());
        assertEquals(4096, k.freeFrames(), "recycled pages are still free in the guest");

        int again = k.malloc(pid, 10);
        for (int p = 0; p < 10; p++) {
            assertEquals(ContentToken.ZERO, k.touchAnon(pid, again + p, false));
        }
        assertEquals(0, k.counters().lostPages());
    }

    @Test
    void aPageAllocatedAgainBeforeTheDaemonRunsIsNotRecycled() {
        SimulatedMemory mem = new SimulatedMemory(1024);
        GuestKernel k = new GuestKernel(mem, KernelConfig.of(1, GuestHinting.V7));
        PerPageRecycler r = new PerPageRecycler(k);
        int pid = k.createProcess();
        int page = k.malloc(pid, 1);
        boolean[] before = marks(r, k);
        k.touchAnon(pid, page, true);
        int frame = onlyChange(before, marks(r, k));
        assertFalse(r.isMarked(frame), "the page's frame was unmarked when allocated");
        k.free(pid, page);
        assertTrue(r.isMarked(frame));
        int page2 = k.malloc(pid, 1);
        before = marks(r, k);
        long token2 = k.touchAnon(pid, page2, true);
        assertEquals(frame, onlyChange(before, marks(r, k)), "the buddy reuses the hot frame");
        assertFalse(r.isMarked(frame), "allocation cancelled the mark");
        r.recycleMarked();
        assertEquals(token2, k.touchAnon(pid, page2, false), "its content survived the daemon");
        assertTrue(FrameState.isResident(mem.state(frame)));
        assertEquals(0, k.counters().lostPages());
    }

    private static boolean[] marks(PerPageRecycler r, GuestKernel k) {
        boolean[] marked = new boolean[k.frames()];
        for (int f = 0; f < marked.length; f++) {
            marked[f] = r.isMarked(f);
        }
        return marked;
    }

    /** The one frame whose mark differs between {@code a} and {@code b}. */
    private static int onlyChange(boolean[] a, boolean[] b) {
        int changed = -1;
        for (int f = 0; f < a.length; f++) {
            if (a[f] != b[f]) {
                assertEquals(-1, changed, "marks of frames " + changed + " and " + f + " changed");
                changed = f;
            }
        }
        assertTrue(changed >= 0, "no mark changed");
        return changed;
    }
}
