package org.cmmalab.harness.trace;

import java.util.BitSet;

/**
 * A page-reference trace read into memory: the pages in reference order, renumbered densely
 * (0 .. distinctPages-1, in order of first reference), and which references are stores.
 * Dense numbers let a replay map trace pages straight onto pages of one file or one heap.
 */
public final class Trace {
    private final String name;
    private final int[] pages;
    private final BitSet stores;
    private final int distinctPages;

    Trace(String name, int[] pages, BitSet stores, int distinctPages) {
        this.name = name;
        this.pages = pages;
        this.stores = stores;
        this.distinctPages = distinctPages;
    }

    public String name() {
        return name;
    }

    /** The trace as reports name it: its file's name. */
    @Override
    public String toString() {
        return name;
    }

    public int references() {
        return pages.length;
    }

    public int distinctPages() {
        return distinctPages;
    }

    /** The dense page number of reference {@code i}. */
    public int page(int i) {
        return pages[i];
    }

    /** Whether reference {@code i} is a store (address traces' {@code s}); LIRS references are loads. */
    public boolean isStore(int i) {
        return stores.get(i);
    }

    /** Whether any reference is a store. */
    public boolean hasStores() {
        return !stores.isEmpty();
    }
}
