package org.cmmalab.hostpager.ksm;

import java.util.Arrays;
import java.util.function.IntToLongFunction;

/**
 * Content token to an id whose content it is: KSM's two trees, searched by content. {@link Ksm}'s
 * unstable tree maps this full scan's candidates to their {@link Checksums} ids; the stable tree
 * of {@link SharedFrames} maps each shared frame with room for another mapper to its host frame.
 * A hash, not a tree: KSM's trees are ordered by content only so that they can be searched, which
 * a hash does as well.
 *
 * <p>An entry stores no key: it is read back through {@code keyOf}, which must return the key the
 * id was put under for as long as the entry is in the table. Both users guarantee it: a frame
 * goes into the unstable tree under the checksum it was just found to still have, which changes
 * only when the scanner comes back to it, in the next full scan, after {@link #clear}; a shared
 * frame's content cannot change (a store to it copies first) and it leaves the stable tree before
 * it is freed. Linux's trees keep no copy of the content either: they compare by reading the
 * pages ({@code unstable_tree_search_insert}, {@code stable_tree_search}).
 *
 * <p>A slot is one {@code long}: the id plus one in the low half (0 is an empty slot) and 32 bits
 * of the key's hash in the high half, a fingerprint, so that a probe reads a key back only when
 * the fingerprints agree: once on a hit, almost never on a miss, where reading every entry's key
 * cost a cache miss per entry passed (profiled: half of a KSM run). Open addressing with linear
 * probing, at most half full, and deletion by shifting back the entries after the removed one, so
 * that no tombstones lengthen the probes. {@link #clear} keeps the array, as a full scan refills
 * about as many entries as the last.
 */
final class ContentIndex {
    private static final long ID_MASK = 0xFFFF_FFFFL;
    private final IntToLongFunction keyOf;
    private long[] slots = new long[16];
    private int size;

    ContentIndex(IntToLongFunction keyOf) {
        this.keyOf = keyOf;
    }

    /** The id put under {@code key}, or -1. */
    int get(long key) {
        int i = indexOf(key);
        return i < 0 ? -1 : (int) (slots[i] & ID_MASK) - 1;
    }

    /**
     * The home slot of {@code key}, read and returned as it is: a load that a caller about to look
     * {@code key} up issues early, so that its cache miss overlaps others ({@link Ksm#scan}).
     */
    long peek(long key) {
        return slots[home(hash(key), slots.length - 1)];
    }

    boolean containsKey(long key) {
        return indexOf(key) >= 0;
    }

    /** Puts {@code id} under {@code key}, replacing the id there; {@code keyOf(id)} must be {@code key}. */
    void put(long key, int id) {
        long h = hash(key);
        long entry = h & ~ID_MASK | (id + 1L) & ID_MASK;
        int mask = slots.length - 1;
        int i = home(h, mask);
        for (long s; (s = slots[i]) != 0; i = i + 1 & mask) {
            if (matches(s, h, key)) {
                slots[i] = entry;
                return;
            }
        }
        slots[i] = entry;
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
        for (int j = hole + 1 & mask; slots[j] != 0; j = j + 1 & mask) {
            int home = home(hash(keyOf.applyAsLong((int) (slots[j] & ID_MASK) - 1)), mask);
            if ((j - home & mask) >= (j - hole & mask)) {
                slots[hole] = slots[j];
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
        long h = hash(key);
        int mask = slots.length - 1;
        for (int i = home(h, mask); slots[i] != 0; i = i + 1 & mask) {
            if (matches(slots[i], h, key)) {
                return i;
            }
        }
        return -1;
    }

    private boolean matches(long slot, long h, long key) {
        return (slot ^ h) >>> 32 == 0 && keyOf.applyAsLong((int) (slot & ID_MASK) - 1) == key;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length << 1];
        int mask = slots.length - 1;
        for (long s : old) {
            if (s != 0) {
                // the fingerprint is the hash's high half, and so is the home slot: no key is read
                int i = home(s, mask);
                while (slots[i] != 0) {
                    i = i + 1 & mask;
                }
                slots[i] = s;
            }
        }
    }

    /** The home slot: the hash's high bits, which the fingerprint keeps, so growing needs no key. */
    private static int home(long h, int mask) {
        return (int) (h >>> 32) & mask;
    }

    /** A 64-bit mix of the key (the finalizer of MurmurHash3), so that every bit depends on every key bit. */
    private static long hash(long key) {
        long h = (key ^ key >>> 33) * 0xFF51AFD7ED558CCDL;
        h = (h ^ h >>> 33) * 0xC4CEB9FE1A85EC53L;
        return h ^ h >>> 33;
    }
}
