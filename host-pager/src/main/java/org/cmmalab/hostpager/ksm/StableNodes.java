package org.cmmalab.hostpager.ksm;

import java.util.Arrays;
import org.eclipse.collections.impl.map.mutable.primitive.IntIntHashMap;

/**
 * The stable tree's nodes (Linux's {@code struct ksm_stable_node}), one per shared frame of
 * {@link SharedFrames}: its host frame ({@code kpfn}) and its mappers (the {@code rmap_item}s on
 * the node's {@code hlist}), each {@code guestIndex << 32 | guestFrame}, in the order they merged.
 * Nodes are numbered densely, a freed node's number reused, so that the stable tree names a node
 * in 32 bits and a merge reaches its mappers by one array read: a map from host frame to mappers
 * on the scanner's path cost a merge two dependent cache misses more (the map's entry, the list
 * object). The map from host frame to node serves the frame protocol, whose calls name a host
 * frame. A node's mappers are an array grown by half and never past {@code max_page_sharing}
 * while below it.
 */
final class StableNodes {
    private static final int FIRST_CAPACITY = 4;

    private final IntIntHashMap nodeOf = new IntIntHashMap();
    private int[] kpfn = new int[16];
    private long[][] mappers = new long[16][];
    private int[] counts = new int[16];
    /** Numbers below {@code top} of no node, a stack. */
    private int[] free = new int[16];
    private int freeCount;
    private int top;

    /** A new node for shared frame {@code hostFrame}, with no mappers yet. */
    int add(int hostFrame) {
        int node;
        if (freeCount > 0) {
            node = free[--freeCount];
        } else {
            node = top++;
            if (node == kpfn.length) {
                int n = 2 * node;
                kpfn = Arrays.copyOf(kpfn, n);
                mappers = Arrays.copyOf(mappers, n);
                counts = Arrays.copyOf(counts, n);
                free = Arrays.copyOf(free, n);
            }
        }
        kpfn[node] = hostFrame;
        mappers[node] = new long[FIRST_CAPACITY];
        counts[node] = 0;
        nodeOf.put(hostFrame, node);
        return node;
    }

    /** The node of shared frame {@code hostFrame}; it must have one. */
    int of(int hostFrame) {
        return nodeOf.getOrThrow(hostFrame);
    }

    /** Nodes now: shared frames. */
    int size() {
        return nodeOf.size();
    }

    /** The host frame of node {@code node}. */
    int hostFrame(int node) {
        return kpfn[node];
    }

    int mapperCount(int node) {
        return counts[node];
    }

    /** Mapper {@code i} of node {@code node}, in the order they merged. */
    long mapper(int node, int i) {
        return mappers[node][i];
    }

    /** Reads the slot {@link #append} to node {@code node} will write, ahead of it; returns what it read. */
    long peekEnd(int node) {
        long[] m = mappers[node];
        return m[Math.min(counts[node], m.length - 1)];
    }

    /** Appends {@code mapper} to node {@code node}, which holds at most {@code maxSharing} now. */
    void append(int node, long mapper, int maxSharing) {
        long[] m = mappers[node];
        int count = counts[node];
        if (count == m.length) {
            m = Arrays.copyOf(m, Math.max(count + 1, Math.min(count + (count >>> 1) + 1, maxSharing)));
            mappers[node] = m;
        }
        m[count] = mapper;
        counts[node] = count + 1;
    }

    /** Removes the first {@code mapper} of node {@code node}, if it has it, keeping the others' order. */
    void remove(int node, long mapper) {
        long[] m = mappers[node];
        for (int i = 0; i < counts[node]; i++) {
            if (m[i] == mapper) {
                removeAt(node, i);
                return;
            }
        }
    }

    /** Removes mapper {@code i} of node {@code node}, keeping the others' order. */
    void removeAt(int node, int i) {
        long[] m = mappers[node];
        int count = --counts[node];
        System.arraycopy(m, i + 1, m, i, count - i);
    }

    /** Frees node {@code node}, whose shared frame is freed. */
    void free(int node) {
        nodeOf.remove(kpfn[node]);
        mappers[node] = null;
        free[freeCount++] = node;
    }
}
