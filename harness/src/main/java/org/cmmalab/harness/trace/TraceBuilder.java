package org.cmmalab.harness.trace;

import java.util.Arrays;
import java.util.BitSet;
import org.eclipse.collections.impl.map.mutable.primitive.LongIntHashMap;

/** Collects references as a format parses them, renumbering pages densely. */
public final class TraceBuilder {
    private final LongIntHashMap dense = new LongIntHashMap();
    private final BitSet stores = new BitSet();
    private int[] pages = new int[1 << 16];
    private int size;

    TraceBuilder() {
    }

    /** The next reference: to {@code page} (any number the format uses for a page), a store if {@code store}. */
    public void reference(long page, boolean store) {
        int id = dense.getIfAbsentPut(page, dense.size());
        if (size == pages.length) {
            pages = Arrays.copyOf(pages, size * 2);
        }
        if (store) {
            stores.set(size);
        }
        pages[size++] = id;
    }

    Trace build(String name) {
        return new Trace(name, Arrays.copyOf(pages, size), stores, dense.size());
    }
}
