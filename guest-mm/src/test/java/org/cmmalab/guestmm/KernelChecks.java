package org.cmmalab.guestmm;

import static org.cmmalab.guestmm.PageFlags.ANON;
import static org.cmmalab.guestmm.PageFlags.DIRTY;
import static org.cmmalab.guestmm.PageFlags.HINTED;
import static org.cmmalab.guestmm.PageFlags.LRU;
import static org.cmmalab.guestmm.PageFlags.MAPPED_WRITE;

import org.cmmalab.pagestates.ContentState;
import org.cmmalab.pagestates.FrameState;
import org.cmmalab.pagestates.HostMode;
import org.cmmalab.pagestates.UsageState;
import org.eclipse.collections.impl.map.mutable.primitive.IntIntHashMap;

/**
 * The invariants a kernel must hold at every quiescent point: its own ({@link GuestKernel#checkAtRest},
 * the blocks the test holds counted as a driver's), a one-vCPU kernel retires no frame for longer
 * than a kernel entry, the counters agree with the lists, every page is in a state the spec allows
 * for its condition, and nothing was lost. Throws {@link AssertionError} naming the frame.
 */
public final class KernelChecks {
    private KernelChecks() {
    }

    /**
     * Every frame on an LRU list carries the LRU flag and the flags of that list, holds a page that
     * maps back to it, and the lists' lengths add up to the pages in use: what page migration must
     * keep when it moves a page (its flags share bits with a free block's order).
     */
    public static void checkLruLists(GuestKernel k) {
        MemMap map = KernelParts.memMap(k);
        PageLists lists = KernelParts.lists(k);
        PageIndex index = KernelParts.pageIndex(k);
        long onLists = 0;
        for (int list = PageLists.INACTIVE_ANON; list <= PageLists.ACTIVE_FILE; list++) {
            int n = 0;
            for (int f = lists.head(list); f != MemMap.NIL; f = map.next(f)) {
                int flags = map.flags(f);
                int expected = ((flags & ANON) != 0 ? PageLists.INACTIVE_ANON : PageLists.INACTIVE_FILE)
                        + ((flags & PageFlags.ACTIVE) != 0 ? 1 : 0);
                check((flags & (LRU | PageFlags.BUDDY)) == LRU && expected == list,
                        "frame " + f + " on LRU list " + list + " has flags " + flags);
                check(map.owner(f) != MemMap.NO_OWNER && index.frame(index.ownerOf(f), index.pgoffOf(f)) == f,
                        "frame " + f + " on an LRU list holds no page of its own");
                n++;
            }
            check(n == lists.size(list), "LRU list " + list + " links " + n + " frames, counts " + lists.size(list));
            onLists += n;
        }
        long pages = k.counters().pageCachePages() + k.counters().anonPages();
        check(onLists == pages, "the LRU lists hold " + onLists + " pages, the page cache and processes " + pages);
    }

    /** {@link #check(GuestKernel, SimulatedMemory, IntIntHashMap)} of a kernel whose frames no test holds. */
    public static void check(GuestKernel k, SimulatedMemory mem) {
        check(k, mem, new IntIntHashMap());
    }

    /** {@code held}: blocks the test allocated, first frame to order. */
    static void check(GuestKernel k, SimulatedMemory mem, IntIntHashMap held) {
        try {
            k.checkAtRest(f -> heldBlock(held, f));
        } catch (IllegalStateException e) {
            throw new AssertionError(e.getMessage(), e);
        }
        int retired = KernelParts.retiredFrames(k).held();
        check(retired == 0, retired + " frames still retired at a quiescent point");
        MemMap map = KernelParts.memMap(k);
        PageIndex index = KernelParts.pageIndex(k);
        long free = 0;
        for (int order = 0; order <= GuestKernel.MAX_ORDER; order++) {
            for (int b = k.driverApi().firstFreeBlock(order); b != DriverApi.NO_BLOCK; b = k.driverApi().nextFreeBlock(b)) {
                free += 1 << order;
                if (k.config().largeFrames() && k.config().hinting() != GuestHinting.NONE) {
                    checkFreeLargeUnused(k, mem, b, order);
                }
            }
        }
        check(free == k.freeFrames(), "free lists hold " + free + " frames, counter says " + k.freeFrames());
        long cached = 0;
        for (Inode ino : KernelParts.pageCache(k).inodes()) {
            for (int p = index.nextPresent(ino, 0); p >= 0; p = index.nextPresent(ino, p + 1)) {
                int f = index.frame(ino, p);
                cached++;
                check(map.test(f, LRU) && !map.test(f, ANON), "page-cache frame " + f + " flags " + map.flags(f));
                checkCacheState(k, mem, f);
            }
        }
        check(cached == k.counters().pageCachePages(), "page cache holds " + cached + " pages, counter says "
                + k.counters().pageCachePages());
        long anon = 0;
        for (Process proc : KernelParts.anonMemory(k).processes()) {
            for (int p = index.nextPresent(proc, 0); p >= 0; p = index.nextPresent(proc, p + 1)) {
                int f = index.frame(proc, p);
                if (f == BuddyAllocator.NO_PAGE) {
                    continue;
                }
                anon++;
                check(map.test(f, LRU | ANON) && map.test(f, ANON), "anonymous frame " + f + " flags " + map.flags(f));
                // volatile only while clean in the swap cache (the v7 guest's volatile swap cache)
                UsageState expected = map.test(f, HINTED) ? UsageState.VOLATILE : UsageState.STABLE;
                check(!map.test(f, HINTED) || map.test(f, PageFlags.SWAPCACHE), "anonymous frame " + f
                        + " is hinted outside the swap cache");
                check(usage(mem, f) == expected, "anonymous frame " + f + " is " + name(mem, f));
            }
        }
        check(anon == k.counters().anonPages(), "processes hold " + anon + " pages, counter says "
                + k.counters().anonPages());
        if (k.config().hinting() == GuestHinting.NONE) {
            check(k.counters().essaTotal() == 0, "hints off, yet " + k.counters().essaTotal() + " ESSA calls");
        }
        check(k.counters().lostPages() == 0, "lost pages: " + k.lostPages());
    }

    private static boolean heldBlock(IntIntHashMap held, int frame) {
        boolean[] in = {false};
        held.forEachKeyValue((first, order) -> in[0] |= frame >= first && frame < first + (1 << order));
        return in[0];
    }

    /** After everything is freed: all frames free, in the blocks a fresh kernel starts with. */
    public static void checkAllFreeAndCoalesced(GuestKernel k) {
        check(k.freeFrames() == k.frames(), k.freeFrames() + " of " + k.frames() + " frames free");
        GuestKernel fresh = new GuestKernel(new SimulatedMemory(k.frames()), KernelConfig.of(0, GuestHinting.NONE));
        for (int order = 0; order <= GuestKernel.MAX_ORDER; order++) {
            check(k.freeBlocks(order) == fresh.freeBlocks(order), "order " + order + ": " + k.freeBlocks(order)
                    + " free blocks, a fresh kernel has " + fresh.freeBlocks(order) + ": not coalesced");
        }
    }

    /** A 2 MiB guest's free 2 MiB frames are unused (its 4 KiB frames carry no hints of their own). */
    private static void checkFreeLargeUnused(GuestKernel k, SimulatedMemory mem, int block, int order) {
        int large = BuddyAllocator.LARGE_ORDER;
        for (int f = block; order >= large && f < block + (1 << order); f += 1 << large) {
            check(FrameState.usage(mem.table.stateLarge(f >>> large)) == UsageState.UNUSED,
                    "free 2 MiB frame at " + f + " is " + name(mem, f));
        }
    }

    /**
     * docs/state-model.md section 5, per condition: not hinted, stable; clean and not mapped
     * writable, volatile; mapped writable, potentially volatile (or what the host made of it); a
     * page dirtied through a writable mapping stays potentially volatile, its change bit set, after
     * the mapping goes (the series clears PG_writable with no ESSA).
     */
    private static void checkCacheState(GuestKernel k, SimulatedMemory mem, int f) {
        int flags = KernelParts.memMap(k).flags(f);
        int state = mem.state(f);
        UsageState usage = FrameState.usage(state);
        boolean dirty = (flags & DIRTY) != 0;
        boolean hinted = (flags & HINTED) != 0;
        boolean writable = (flags & MAPPED_WRITE) != 0;
        String what = "page-cache frame " + f + (dirty ? " dirty" : " clean") + (writable ? " mapped writable" : "")
                + (hinted ? " hinted" : "") + " is " + FrameState.describe(state);
        if (k.config().hinting() != GuestHinting.V7 || k.config().largeFrames()) {
            check(usage == UsageState.STABLE && !hinted, what);
            return;
        }
        if (!writable && !dirty) {
            check(hinted, what + ": a clean page must be hinted");
        }
        boolean writtenOut = usage == UsageState.STABLE && FrameState.guestChanged(state); // zvm: Pp is Sp
        if (!hinted) {
            check(usage == UsageState.STABLE, what);
        } else if (dirty) {
            check(usage == UsageState.POT_VOLATILE || writtenOut, what);
        } else if (!writable) {
            check(usage == UsageState.VOLATILE, what);
        } else {
            // SET_POT_VOLATILE of a frame the host had paged out, change bit clear, makes it V
            // with its content logically zero; zvm discards it (Vz), kvm may swap the old
            // content back in before the collection buffer is zapped (Vr).
            boolean madeVolatile = usage == UsageState.VOLATILE
                    && (FrameState.content(state) == ContentState.ZERO || mem.mode == HostMode.KVM);
            boolean ok = usage == UsageState.POT_VOLATILE || madeVolatile || writtenOut;
            check(ok, what);
        }
    }

    private static UsageState usage(SimulatedMemory mem, int f) {
        return FrameState.usage(mem.state(f));
    }

    private static String name(SimulatedMemory mem, int f) {
        return FrameState.describe(mem.state(f));
    }

    static void check(boolean ok, String message) {
        if (!ok) {
            throw new AssertionError(message);
        }
    }
}
