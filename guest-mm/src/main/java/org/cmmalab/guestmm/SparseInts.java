package org.cmmalab.guestmm;

import java.util.Arrays;

/** An int array indexed by page number whose 1024-entry leaves exist only where written. */
final class SparseInts {
    private static final int SHIFT = 10;
    private static final int MASK = (1 << SHIFT) - 1;
    private int[][] leaves = new int[4][];

    int get(int index) {
        int l = index >>> SHIFT;
        return l < leaves.length && leaves[l] != null ? leaves[l][index & MASK] : 0;
    }

    void set(int index, int value) {
        int l = index >>> SHIFT;
        if (l >= leaves.length) {
            if (value == 0) {
                return;
            }
            leaves = Arrays.copyOf(leaves, Math.max(l + 1, leaves.length * 2));
        }
        int[] leaf = leaves[l];
        if (leaf == null) {
            if (value == 0) {
                return;
            }
            leaf = leaves[l] = new int[1 << SHIFT];
        }
        leaf[index & MASK] = value;
    }
}
