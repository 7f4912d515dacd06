package org.cmmalab.guestmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.cmmalab.pagestates.FrameState;
import org.cmmalab.pagestates.ReclaimOutcome;
import org.cmmalab.pagestates.UsageState;
import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;
import org.junit.jupiter.api.Test;

/**
 * What trace replay relies on: one guest, references to pages of one mapped file or one heap,
 * a host that reclaims frames between references, and guest memory larger than the trace.
 * Every access the kernel makes during a reference is to that page's frame; with hints on, a
 * re-reference of a page the host discarded costs one discard fault and one disk read; with hints
 * off, disk reads equal the distinct pages.
 */
class TraceReplayTest {
    private static final int FRAMES = 1024;
    private static final int PAGES = 300;
    private static final int REFERENCES = 20_000;

    @Test
    void fileBackingWithHintsOn() {
        replayFile(true);
    }

    @Test
    void fileBackingWithHintsOff() {
        replayFile(false);
    }

    private static void replayFile(boolean hints) {
        SimulatedMemory mem = new SimulatedMemory(FRAMES);
        GuestKernel k = new GuestKernel(mem, KernelConfig.of(1, hints ? GuestHinting.V7 : GuestHinting.NONE));
        int file = k.createFile(PAGES);
        FileMapping m = k.map(file, true);
        Inode ino = KernelParts.pageCache(k).inode(file);
        boolean[] seen = new boolean[PAGES];
        boolean[] discarded = new boolean[PAGES];
        int distinct = 0;
        int rereadsOfDiscarded = 0;
        SplittableRandom r = new SplittableRandom(42);
        mem.accessLog = new IntArrayList();
        for (int i = 0; i < REFERENCES; i++) {
            int page = r.nextInt(10) < 8 ? r.nextInt(PAGES / 10) : r.nextInt(PAGES);
            boolean store = r.nextInt(5) == 0;
            int before = KernelParts.pageIndex(k).frame(ino, page);
            long faults = k.counters().discardFaults();
            long reads = k.counters().diskReads();
            mem.accessLog.clear();
            long token = k.touchMapped(m, page, store, 0);
            assertTrue(token > 0);
            int after = KernelParts.pageIndex(k).frame(ino, page);
            for (int j = 0; j < mem.accessLog.size(); j++) {
                int f = mem.accessLog.get(j);
                assertTrue(f == before || f == after, "reference " + i + " touched frame " + f
                        + ", not page " + page + "'s frame " + before + " or " + after);
            }
            long newFaults = k.counters().discardFaults() - faults;
            long newReads = k.counters().diskReads() - reads;
            if (!seen[page]) {
                seen[page] = true;
                distinct++;
                assertEquals(0, newFaults);
                assertEquals(1, newReads);
            } else if (discarded[page]) {
                rereadsOfDiscarded++;
                assertEquals(1, newFaults, "re-reference of a discarded page");
                assertEquals(1, newReads, "re-reference of a discarded page");
            } else {
                assertEquals(0, newFaults + newReads, "a resident or host-preserved page");
            }
            discarded[page] = false;
            for (int n = r.nextInt(3); n > 0; n--) {
                int frame = r.nextInt(FRAMES);
                int state = mem.state(frame);
                if (FrameState.isResident(state) && FrameState.usage(state) != UsageState.UNUSED
                        && mem.hostReclaim(frame) == ReclaimOutcome.DISCARDED) {
                    discarded[KernelParts.pageIndex(k).pgoffOf(frame)] = true;
                }
            }
        }
        assertEquals(0, k.counters().lostPages());
        assertEquals(0, k.counters().reclaimedPages(), "guest memory is larger than the trace");
        if (hints) {
            assertTrue(rereadsOfDiscarded > 100, "the host discarded pages: " + rereadsOfDiscarded);
            assertEquals(distinct + rereadsOfDiscarded, k.counters().diskReads());
            assertEquals(rereadsOfDiscarded, k.counters().discardFaults());
        } else {
            assertEquals(0, rereadsOfDiscarded);
            assertEquals(distinct, k.counters().diskReads());
            assertEquals(0, k.counters().essaTotal());
        }
    }

    @Test
    void anonBackingTouchesOnlyThePagesFrame() {
        SimulatedMemory mem = new SimulatedMemory(FRAMES);
        GuestKernel k = new GuestKernel(mem, KernelConfig.of(1, GuestHinting.V7));
        int pid = k.createProcess();
        int heap = k.malloc(pid, PAGES);
        Process proc = KernelParts.anonMemory(k).process(pid);
        long[] last = new long[PAGES];
        SplittableRandom r = new SplittableRandom(7);
        mem.accessLog = new IntArrayList();
        for (int i = 0; i < REFERENCES; i++) {
            int page = r.nextInt(PAGES);
            boolean store = r.nextInt(3) == 0;
            mem.accessLog.clear();
            long token = k.touchAnon(pid, heap + page, store);
            int frame = KernelParts.pageIndex(k).frame(proc, heap + page);
            assertTrue(mem.accessLog.allSatisfy(f -> f == frame));
            assertTrue(mem.accessLog.size() <= 2, "fault-in (clear) and the access at most");
            if (store) {
                last[page] = token;
            } else {
                assertEquals(last[page], token);
            }
            mem.hostReclaim(r.nextInt(FRAMES));
        }
        assertEquals(0, k.counters().diskReads() + k.counters().discardFaults() + k.counters().lostPages());
    }
}
