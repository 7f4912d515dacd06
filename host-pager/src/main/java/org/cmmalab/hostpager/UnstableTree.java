package org.cmmalab.hostpager;

import java.util.Arrays;
import java.util.function.IntToLongFunction;

/**
 * {@link Ksm}'s unstable tree: content token to the frame that holds it, for this full scan's
 * candidates. A map, not a tree: KSM's tree is ordered by content only so that it can be searched,
 * which a hash does as well.
 *
 * <p>The table holds only the frame's 32-bit id, plus one, 0 being an empty slot; an entry's key is
 * read back through {@code keyOf}, which must return the key the id was put under for as long as
 * the entry is in the table. {@link Checksums} does: a frame goes in under the checksum it was
 * just found to still have, and its checksum changes only when the scanner comes back to it, in
 * the next full scan, after {@link #clear}. Linux's tree keeps no copy of the content either: its
 * nodes are the {@code rmap_item}s, compared by reading their pages ({@code unstable_tree_search_insert});
 * the checksum, unlike the page, cannot have changed since, so the map is exact. So a slot costs
 * 4 bytes where a key and value would cost 16, at the price of reading the key of each entry a
 * probe passes, one cache miss each.
 *
 * <p>Open addressing with linear probing, at most half full (a probe passes 1.5 entries on a hit
 * and 2.5 on a miss, on average), and deletion by shifting back the entries after the removed
 * one, so that no tombstones lengthen the probes. {@link #clear} keeps the array, as a full scan
 * refills about as many entries as the last.
 */
final class UnstableTree {
    private final IntToLongFunction keyOf;
    private int[] slots = new int[16];
    private int size;

    UnstableTree(IntToLongFunction keyOf) {
        this.keyOf = keyOf;
    }

    /** The id put under {@code key}, or -1. */
    int get(long key) {
        int i = indexOf(key);
        return i < 0 ? -1 : slots[i] - 1;
    }

    /** Puts {@code id} under {@code key}, replacing the id there; {@code keyOf(id)} must be {@code key}. */
    void put(long key, int id) {
        int mask = slots.length - 1;
        int i = slot(key, mask);
        for (int s; (s = slots[i]) != 0; i = i + 1 & mask) {
            if (keyOf.applyAsLong(s - 1) == key) {
                slots[i] = id + 1;
                return;
            }
        }
        slots[i] = id + 1;
        if (++size > slots.length >>> 1) {
            grow();
        }
    }

    void remove(long key) {
        int hole = indexOf(key);
        if (hole < 0) {
            return;
        }
        // shift back every later entry of the run that may move into the hole
        int mask = slots.length - 1;
        for (int j = hole + 1 & mask, s; (s = slots[j]) != 0; j = j + 1 & mask) {
            int home = slot(keyOf.applyAsLong(s - 1), mask);
            if ((j - home & mask) >= (j - hole & mask)) {
                slots[hole] = s;
                hole = j;
            }
        }
        slots[hole] = 0;
        size--;
    }

    void clear() {
        Arrays.fill(slots, 0);
        size = 0;
    }

    int size() {
        return size;
    }

    private int indexOf(long key) {
        int mask = slots.length - 1;
        for (int i = slot(key, mask), s; (s = slots[i]) != 0; i = i + 1 & mask) {
            if (keyOf.applyAsLong(s - 1) == key) {
                return i;
            }
        }
        return -1;
    }

    private void grow() {
        int[] old = slots;
        slots = new int[old.length << 1];
        int mask = slots.length - 1;
        for (int s : old) {
            if (s != 0) {
                int i = slot(keyOf.applyAsLong(s - 1), mask);
                while (slots[i] != 0) {
                    i = i + 1 & mask;
                }
                slots[i] = s;
            }
        }
    }

    /** Fibonacci hashing: the key's bits spread over the table by one multiply. */
    private static int slot(long key, int mask) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> 32) & mask;
    }
}
