package org.cmmalab.hostpager.ksm;

import java.util.Arrays;
import java.util.function.IntToLongFunction;

/**
 * Content token to an id whose content it is: KSM's two trees, searched by content. {@link Ksm}'s
 * unstable tree maps this full scan's candidates to their {@link Checksums} ids; the stable tree
 * of {@link SharedFrames} maps each shared frame with room for another mapper to its node
 * ({@link StableNodes}).
 * A hash, not a tree: KSM's trees are ordered by content only so that they can be searched, which
 * a hash does as well.
 *
 * <p>An entry stores no key. The unstable tree reads it back through {@code keyOf}, which must
 * return the key the id was put under for as long as the entry is in the table: a frame goes
 * into the unstable tree under the checksum it was just found to still have, which changes only
 * when the scanner comes back to it, in the next full scan, after {@link #clear}. Linux's trees
 * keep no copy of the content either: they compare by reading the pages
 * ({@code unstable_tree_search_insert}, {@code stable_tree_search}). The stable tree, small (an
 * entry per shared frame with room) and searched for every frame scanned, keeps instead the low
 * half of each entry's hash beside it, 4 bytes: the hash is a bijection of the key, so the whole
 * hash is the key, and a hit reads no shared frame's content.
 *
 * <p>A slot is one {@code long}: the id plus one in the low half (0 is an empty slot) and the high
 * 32 bits of the key's hash in the high half, a fingerprint, so that a probe reads a key back only
 * when the fingerprints agree: once on a hit, almost never on a miss. Open addressing with linear
 * probing; an entry's home is its fingerprint scaled to the table
 * ({@code fingerprint * homes >>> 32}), so that the table may have any number of homes and grow
 * by half, not double: it fills to {@value #MAX_LOAD_PERCENT}% of its homes before it grows, so
 * that an entry costs 11 to 17 bytes (a table at most half full that doubles takes 16 to 32),
 * and a miss still probes a few slots, one or two cache lines. Nothing wraps around: the entries
 * pushed past the last home sit in the slots after it, and the very last slot stays empty, which
 * ends every probe. Every entry's home follows from its fingerprint, so removing one (shifting back the
 * entries after it that may move into the hole, so that no tombstones lengthen the probes) and
 * growing read no keys. {@link #clear} keeps the array, as a full scan refills about as many
 * entries as the last.
 */
final class ContentIndex {
    /** Entries at most this share of the homes; above it the table grows. */
    static final int MAX_LOAD_PERCENT = 70;
    private static final long ID_MASK = 0xFFFF_FFFFL;
    private static final int MIN_HOMES = 16;
    /** Slots past the last home, for the entries pushed past it; a table that needs more grows. */
    static final int SPILL = 64;

    /** Reads an entry's key back from its id; null if the table keeps each entry's low hash half instead. */
    private final IntToLongFunction keyOf;
    /** Home slots: an entry's home is below it. */
    private int homes;
    private long[] slots;
    /** By slot, the low half of the entry's hash; null if keys are read back. */
    private int[] lowHashes;
    private int size;

    /** A table that reads the key of the entry of id {@code i} back as {@code keyOf(i)}. */
    ContentIndex(IntToLongFunction keyOf) {
        this.keyOf = keyOf;
        this.homes = MIN_HOMES;
        this.slots = new long[MIN_HOMES + SPILL];
    }

    /** A table that keeps each entry's whole hash, and so never reads a key back. */
    ContentIndex() {
        this.keyOf = null;
        this.homes = MIN_HOMES;
        this.slots = new long[MIN_HOMES + SPILL];
        this.lowHashes = new int[slots.length];
    }

    /** The id put under {@code key}, or -1. */
    int get(long key) {
        int i = find(key);
        return i < 0 ? -1 : idAt(i);
    }

    /**
     * The home slot of {@code key}, read and returned as it is: a load that a caller about to look
     * {@code key} up issues early, so that its cache miss overlaps others ({@link Ksm#scan}).
     */
    long peek(long key) {
        return slots[home(hash(key) >>> 32)];
    }

    /**
     * The id in {@code key}'s home slot if that entry's fingerprint is {@code key}'s, else -1: a
     * guess at {@link #get}'s answer for a caller that reads ahead (the entry may be another key's,
     * and {@code key}'s may sit further on).
     */
    int peekId(long key) {
        long h = hash(key);
        long s = slots[home(h >>> 32)];
        return s >>> 32 == h >>> 32 ? id(s) : -1;
    }

    boolean containsKey(long key) {
        return find(key) >= 0;
    }

    /**
     * Where {@code key} is: its slot if it is in the table, else {@code -1 - p}, where {@code p}
     * is the empty slot {@link #putAt} would fill. Valid until the table next changes.
     */
    int find(long key) {
        long h = hash(key);
        long fingerprint = h >>> 32;
        int i = home(fingerprint);
        for (long s; (s = slots[i]) != 0; i++) {
            if (s >>> 32 == fingerprint && (keyOf == null ? lowHashes[i] == (int) h : keyOf.applyAsLong(id(s)) == key)) {
                return i;
            }
        }
        return -1 - i;
    }

    /** The id in slot {@code i}, a slot {@link #find} returned. */
    int idAt(int i) {
        return id(slots[i]);
    }

    /** Puts {@code id} under {@code key}, replacing the id there; {@code keyOf(id)} must be {@code key}. */
    void put(long key, int id) {
        putAt(find(key), key, id);
    }

    /** {@link #put} at what {@link #find} returned for {@code key}, the table unchanged since. */
    void putAt(int found, long key, int id) {
        long h = hash(key);
        long entry = h & ~ID_MASK | (id + 1L) & ID_MASK;
        if (found >= 0) {
            slots[found] = entry;
            return;
        }
        int at = -1 - found;
        if (at == slots.length - 1 || size + 1 > (long) homes * MAX_LOAD_PERCENT / 100) {
            grow();
            putAt(find(key), key, id);
            return;
        }
        slots[at] = entry;
        if (lowHashes != null) {
            lowHashes[at] = (int) h;
        }
        size++;
    }

    void remove(long key) {
        int i = find(key);
        if (i >= 0) {
            removeAt(i);
        }
    }

    /** Removes the entry in slot {@code i}, a slot {@link #find} returned. */
    void removeAt(int i) {
        // shift back every later entry of the run whose home is at or before the hole
        int hole = i;
        for (int j = i + 1; slots[j] != 0; j++) {
            if (home(slots[j] >>> 32) <= hole) {
                slots[hole] = slots[j];
                if (lowHashes != null) {
                    lowHashes[hole] = lowHashes[j];
                }
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

    /**
     * The most heap a table of up to {@code entries} entries takes, growth included: just after
     * it grew, its homes are 1.5 / {@value #MAX_LOAD_PERCENT}% of its entries, and while it
     * grows the array it replaces, two thirds the size, is held too.
     */
    static long maxBytes(long entries, boolean keepsHashes) {
        long slots = entries * 150 / MAX_LOAD_PERCENT + MIN_HOMES + SPILL;
        return (slots + slots * 2 / 3) * (keepsHashes ? 12 : 8);
    }

    /** Slots held, the spill included: what the table costs, 8 bytes each (12 if it keeps the low hash halves). */
    int capacity() {
        return slots.length;
    }

    /** Grows the homes by half, placing the entries again: their fingerprints give the new homes, no key is read. */
    private void grow() {
        long[] old = slots;
        int[] oldLow = lowHashes;
        for (long n = (long) homes + (homes >>> 1); ; n += n >>> 1) {
            if (n + SPILL > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("KSM's content index holds at most about 2^31 entries");
            }
            homes = (int) n;
            slots = new long[homes + SPILL];
            lowHashes = oldLow == null ? null : new int[slots.length];
            if (place(old, oldLow)) {
                return;
            }
        }
    }

    /** Places the entries of {@code old} into the table; false if one does not fit before the last slot. */
    private boolean place(long[] old, int[] oldLow) {
        for (int j = 0; j < old.length; j++) {
            long s = old[j];
            if (s != 0) {
                int i = home(s >>> 32);
                while (slots[i] != 0) {
                    i++;
                }
                if (i >= slots.length - 1) {
                    return false;
                }
                slots[i] = s;
                if (oldLow != null) {
                    lowHashes[i] = oldLow[j];
                }
            }
        }
        return true;
    }

    /** The home slot of a fingerprint: it scaled to the homes. */
    private int home(long fingerprint) {
        return (int) (fingerprint * homes >>> 32);
    }

    private static int id(long slot) {
        return (int) (slot & ID_MASK) - 1;
    }

    /**
     * A 64-bit mix of the key (the finalizer of MurmurHash3), so that every bit depends on every
     * key bit; a bijection, as each of its steps can be undone, so two keys differ exactly when
     * their hashes do.
     */
    static long hash(long key) {
        long h = (key ^ key >>> 33) * 0xFF51AFD7ED558CCDL;
        h = (h ^ h >>> 33) * 0xC4CEB9FE1A85EC53L;
        return h ^ h >>> 33;
    }
}
