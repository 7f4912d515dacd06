package org.cmmalab.hostpager;

import java.util.Arrays;

/**
 * {@link Ksm}'s unstable tree: content token to the {@code guestIndex << 32 | frame} that holds it,
 * for this full scan's candidates. A map, not a tree: KSM's tree is ordered by content only so
 * that it can be searched, which a hash does as well.
 *
 * <p>Open addressing with linear probing over two flat arrays, at most half full, and deletion by
 * shifting back the entries after the removed one, so that no tombstones lengthen the probes. A
 * general-purpose map (Eclipse's {@code LongLongHashMap}, used before) spent most of a KSM run
 * in its third probe phase: here each scan step costs one probe run of a cache line or two.
 * {@link #clear} keeps the arrays, as a full scan refills about as many entries as the last.
 */
final class UnstableTree {
    /** The empty key; the zero page's token, 0, is kept apart ({@link #hasZero}). */
    private static final long EMPTY = 0;
    private long[] keys = new long[16];
    private long[] values = new long[16];
    private int size;
    private boolean hasZero;
    private long zeroValue;

    /** The value of {@code key}, or {@code absent}. */
    long get(long key, long absent) {
        if (key == EMPTY) {
            return hasZero ? zeroValue : absent;
        }
        int mask = keys.length - 1;
        for (int i = slot(key, mask); ; i = i + 1 & mask) {
            long k = keys[i];
            if (k == key) {
                return values[i];
            }
            if (k == EMPTY) {
                return absent;
            }
        }
    }

    void put(long key, long value) {
        if (key == EMPTY) {
            hasZero = true;
            zeroValue = value;
            return;
        }
        int mask = keys.length - 1;
        int i = slot(key, mask);
        while (keys[i] != EMPTY && keys[i] != key) {
            i = i + 1 & mask;
        }
        if (keys[i] == EMPTY) {
            keys[i] = key;
            if (++size > keys.length >>> 1) {
                values[i] = value;
                grow();
                return;
            }
        }
        values[i] = value;
    }

    void remove(long key) {
        if (key == EMPTY) {
            hasZero = false;
            return;
        }
        int mask = keys.length - 1;
        int i = slot(key, mask);
        while (keys[i] != key) {
            if (keys[i] == EMPTY) {
                return;
            }
            i = i + 1 & mask;
        }
        // shift back every later entry of the run that may move into the hole
        int hole = i;
        for (int j = hole + 1 & mask; keys[j] != EMPTY; j = j + 1 & mask) {
            int home = slot(keys[j], mask);
            if ((j - home & mask) >= (j - hole & mask)) {
                keys[hole] = keys[j];
                values[hole] = values[j];
                hole = j;
            }
        }
        keys[hole] = EMPTY;
        size--;
    }

    void clear() {
        Arrays.fill(keys, EMPTY);
        size = 0;
        hasZero = false;
    }

    int size() {
        return size + (hasZero ? 1 : 0);
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldValues = values;
        keys = new long[oldKeys.length << 1];
        values = new long[oldKeys.length << 1];
        int mask = keys.length - 1;
        for (int o = 0; o < oldKeys.length; o++) {
            long k = oldKeys[o];
            if (k != EMPTY) {
                int i = slot(k, mask);
                while (keys[i] != EMPTY) {
                    i = i + 1 & mask;
                }
                keys[i] = k;
                values[i] = oldValues[o];
            }
        }
    }

    /** Fibonacci hashing: the key's bits spread over the table by one multiply. */
    private static int slot(long key, int mask) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> 32) & mask;
    }
}
