package org.cmmalab.guestmm;

import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;
import org.eclipse.collections.impl.map.mutable.primitive.IntIntHashMap;

/**
 * A process's anonymous memory: a heap of regions that {@code malloc} maps and {@code free}
 * unmaps, its page table (the {@link AddressSpace} index: a frame or a swap slot per page), and
 * its swap cache.
 *
 * <p>Regions are placed first fit in the heap's page range, and a freed range merges with free
 * neighbours, so a heap that grows and shrinks reuses its low addresses as glibc's does. Pages
 * are allocated on first touch, not at {@code malloc}.
 *
 * <p>{@code versions} is the checker: 0 for a page outside every region, 1 for a page allocated
 * and never written (it must read as zeros), and from 2 on, bumped by every store.
 */
final class Process extends AddressSpace {
    static final int UNMAPPED = 0;
    static final int ZEROED = 1;

    /** Page to swap slot, for resident pages whose swap copy is still current (Linux's swap cache). */
    final IntIntHashMap swapCache = new IntIntHashMap();
    final SparseInts versions = new SparseInts();
    private final IntIntHashMap regions = new IntIntHashMap();
    private final IntArrayList holeStart = new IntArrayList();
    private final IntArrayList holeLength = new IntArrayList();
    private int heapEnd;

    Process(int pid) {
        super(pid, 0);
    }

    @Override
    boolean anon() {
        return true;
    }

    /** Places a region of {@code pages} pages and returns its first page. */
    int mapRegion(int pages) {
        int start = -1;
        for (int i = 0; i < holeStart.size(); i++) {
            int len = holeLength.get(i);
            if (len >= pages) {
                start = holeStart.get(i);
                if (len == pages) {
                    holeStart.removeAtIndex(i);
                    holeLength.removeAtIndex(i);
                } else {
                    holeStart.set(i, start + pages);
                    holeLength.set(i, len - pages);
                }
                break;
            }
        }
        if (start < 0) {
            if (heapEnd > Integer.MAX_VALUE - pages) {
                throw new IllegalArgumentException("region of " + pages + " pages does not fit process "
                        + id + "'s heap, which ends at page " + heapEnd + " of at most " + Integer.MAX_VALUE);
            }
            start = heapEnd;
            heapEnd += pages;
            grow(heapEnd);
        }
        regions.put(start, pages);
        for (int p = start; p < start + pages; p++) {
            versions.set(p, ZEROED);
        }
        return start;
    }

    /** The length of the region starting at {@code start}, or 0 if no region starts there. */
    int regionLength(int start) {
        return regions.get(start);
    }

    /** Forgets the region starting at {@code start}; its pages must be released already. */
    void unmapRegion(int start) {
        int pages = regions.removeKeyIfAbsent(start, 0);
        for (int p = start; p < start + pages; p++) {
            versions.set(p, UNMAPPED);
        }
        int i = 0;
        while (i < holeStart.size() && holeStart.get(i) < start) {
            i++;
        }
        holeStart.addAtIndex(i, start);
        holeLength.addAtIndex(i, pages);
        if (i + 1 < holeStart.size() && start + pages == holeStart.get(i + 1)) {
            holeLength.set(i, pages + holeLength.get(i + 1));
            holeStart.removeAtIndex(i + 1);
            holeLength.removeAtIndex(i + 1);
        }
        if (i > 0 && holeStart.get(i - 1) + holeLength.get(i - 1) == start) {
            holeLength.set(i - 1, holeLength.get(i - 1) + holeLength.get(i));
            holeStart.removeAtIndex(i);
            holeLength.removeAtIndex(i);
        }
    }

    /** The starts of all live regions. */
    int[] regionStarts() {
        return regions.keySet().toArray();
    }

    /** Pages the heap has ever spanned: an upper bound on the page numbers of live regions. */
    int heapEnd() {
        return heapEnd;
    }

    @Override
    public String toString() {
        return "process " + id;
    }
}
