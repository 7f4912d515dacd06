package org.cmmalab.hostpager.replacement;

import java.util.Arrays;

/**
 * A binary max-heap of slots (ints below a fixed capacity) by an {@code int} priority, with the
 * position of every slot kept so that a slot's priority can be changed or the slot removed in
 * O(log n). Three {@code int} arrays; nothing is allocated after construction.
 */
final class IndexedMaxHeap {
    private static final int ABSENT = -1;

    private final int[] heap;
    private final int[] position;
    private final int[] priority;
    private int size;

    IndexedMaxHeap(int capacity) {
        this.heap = new int[capacity];
        this.position = new int[capacity];
        this.priority = new int[capacity];
        Arrays.fill(position, ABSENT);
    }

    boolean contains(int slot) {
        return position[slot] != ABSENT;
    }

    /** The slot with the highest priority, or -1 if the heap is empty. */
    int top() {
        return size == 0 ? ABSENT : heap[0];
    }

    void insert(int slot, int prio) {
        if (contains(slot)) {
            throw new IllegalStateException("slot " + slot + " is in the heap already");
        }
        priority[slot] = prio;
        heap[size] = slot;
        position[slot] = size;
        size++;
        siftUp(size - 1);
    }

    void update(int slot, int prio) {
        int old = priority[slot];
        priority[slot] = prio;
        if (prio > old) {
            siftUp(position[slot]);
        } else {
            siftDown(position[slot]);
        }
    }

    void remove(int slot) {
        int i = position[slot];
        if (i == ABSENT) {
            throw new IllegalStateException("slot " + slot + " is not in the heap");
        }
        size--;
        position[slot] = ABSENT;
        if (i == size) {
            return;
        }
        int last = heap[size];
        heap[i] = last;
        position[last] = i;
        siftDown(i);
        siftUp(position[last]);
    }

    private void siftUp(int i) {
        int slot = heap[i];
        int prio = priority[slot];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            int p = heap[parent];
            if (priority[p] >= prio) {
                break;
            }
            place(p, i);
            i = parent;
        }
        place(slot, i);
    }

    private void siftDown(int i) {
        int slot = heap[i];
        int prio = priority[slot];
        for (;;) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && priority[heap[child + 1]] > priority[heap[child]]) {
                child++;
            }
            if (priority[heap[child]] <= prio) {
                break;
            }
            place(heap[child], i);
            i = child;
        }
        place(slot, i);
    }

    private void place(int slot, int i) {
        heap[i] = slot;
        position[slot] = i;
    }
}
