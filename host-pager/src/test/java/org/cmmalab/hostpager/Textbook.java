package org.cmmalab.hostpager;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Replacement policies as a textbook states them, written for clarity, not speed, and sharing no
 * code with the policies under test: each counts the misses of a reference string in a cache of
 * {@code capacity} pages that starts empty.
 */
final class Textbook {
    /**
     * The reference string of the operating-systems textbooks' page-replacement chapter
     * (Silberschatz, Galvin and Gagne, Operating System Concepts): in 3 frames it faults 12 times
     * under LRU and 9 times under OPT.
     */
    static final List<Integer> CLASSIC = List.of(7, 0, 1, 2, 0, 3, 0, 4, 2, 3, 0, 3, 2, 1, 2, 0, 1, 7, 0, 1);

    private Textbook() {
    }

    /** LRU: a {@link LinkedHashMap} in access order; the eldest entry is the least recently used. */
    static int lruMisses(List<Integer> refs, int capacity) {
        LinkedHashMap<Integer, Boolean> cache = new LinkedHashMap<>(16, 0.75f, true);
        int misses = 0;
        for (int page : refs) {
            if (cache.get(page) != null) {
                continue;
            }
            misses++;
            if (cache.size() == capacity) {
                cache.remove(cache.keySet().iterator().next());
            }
            cache.put(page, Boolean.TRUE);
        }
        return misses;
    }

    /**
     * CLOCK: frames in a circle with a reference bit each and a hand; a hit sets the bit; a miss
     * fills an empty frame if there is one, else the hand clears set bits until it finds a clear
     * one, replaces that page (its bit set) and moves one on.
     */
    static int clockMisses(List<Integer> refs, int capacity) {
        int[] page = new int[capacity];
        boolean[] bit = new boolean[capacity];
        Arrays.fill(page, -1);
        int used = 0;
        int hand = 0;
        int misses = 0;
        for (int p : refs) {
            int at = indexOf(page, p);
            if (at >= 0) {
                bit[at] = true;
                continue;
            }
            misses++;
            if (used < capacity) {
                page[used] = p;
                bit[used] = true;
                used++;
                continue;
            }
            while (bit[hand]) {
                bit[hand] = false;
                hand = (hand + 1) % capacity;
            }
            page[hand] = p;
            bit[hand] = true;
            hand = (hand + 1) % capacity;
        }
        return misses;
    }

    /** Belady's MIN: on a miss in a full cache, evict the page whose next use is farthest, or never. */
    static int beladyMisses(List<Integer> refs, int capacity) {
        int[] page = new int[capacity];
        Arrays.fill(page, -1);
        int used = 0;
        int misses = 0;
        for (int t = 0; t < refs.size(); t++) {
            int p = refs.get(t);
            if (indexOf(page, p) >= 0) {
                continue;
            }
            misses++;
            if (used < capacity) {
                page[used++] = p;
                continue;
            }
            int farthest = 0;
            int farthestUse = -1;
            for (int i = 0; i < capacity; i++) {
                int next = refs.subList(t + 1, refs.size()).indexOf(page[i]);
                int use = next < 0 ? Integer.MAX_VALUE : next;
                if (use > farthestUse) {
                    farthestUse = use;
                    farthest = i;
                }
            }
            page[farthest] = p;
        }
        return misses;
    }

    private static int indexOf(int[] pages, int p) {
        for (int i = 0; i < pages.length; i++) {
            if (pages[i] == p) {
                return i;
            }
        }
        return -1;
    }
}
