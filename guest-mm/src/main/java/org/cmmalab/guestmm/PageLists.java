package org.cmmalab.guestmm;

import static org.cmmalab.guestmm.MemMap.NIL;

/**
 * Every intrusive list of frames the kernel keeps, linked through {@link MemMap}: the buddy free
 * areas, one per order; the four LRU lists. A frame is on at most one list; the
 * caller knows which from the frame's flags, as Linux knows from {@code PageBuddy} and
 * {@code PageLRU}. Lists are doubly linked so that any frame leaves its list in O(1), which both
 * coalescing (a buddy leaves its free list) and truncation (a page leaves its LRU list) need.
 */
final class PageLists {
    /** Free area of order {@code o} is list {@code FREE_AREA + o}. */
    static final int FREE_AREA = 0;
    static final int INACTIVE_ANON = BuddyAllocator.MAX_ORDER + 1;
    static final int ACTIVE_ANON = INACTIVE_ANON + 1;
    static final int INACTIVE_FILE = INACTIVE_ANON + 2;
    static final int ACTIVE_FILE = INACTIVE_ANON + 3;
    static final int COUNT = INACTIVE_ANON + 4;

    private final MemMap map;
    private final int[] head = new int[COUNT];
    private final int[] tail = new int[COUNT];
    private final int[] size = new int[COUNT];

    PageLists(MemMap map) {
        this.map = map;
        java.util.Arrays.fill(head, NIL);
        java.util.Arrays.fill(tail, NIL);
    }

    int head(int list) {
        return head[list];
    }

    int tail(int list) {
        return tail[list];
    }

    int size(int list) {
        return size[list];
    }

    void addHead(int list, int frame) {
        int h = head[list];
        map.setPrev(frame, NIL);
        map.setNext(frame, h);
        if (h == NIL) {
            tail[list] = frame;
        } else {
            map.setPrev(h, frame);
        }
        head[list] = frame;
        size[list]++;
    }

    /**
     * {@link #addHead} of frames {@code first}, {@code first + 1}, ..., {@code first + count - 1},
     * in that order, with one write of each frame's links: the last ends at the head.
     */
    void addHeadRun(int list, int first, int count) {
        int last = first + count - 1;
        int h = head[list];
        for (int f = first; f <= last; f++) {
            map.setLinks(f, f == last ? NIL : f + 1, f == first ? h : f - 1);
        }
        if (h == NIL) {
            tail[list] = first;
        } else {
            map.setPrev(h, first);
        }
        head[list] = last;
        size[list] += count;
    }

    void addTail(int list, int frame) {
        int t = tail[list];
        map.setNext(frame, NIL);
        map.setPrev(frame, t);
        if (t == NIL) {
            head[list] = frame;
        } else {
            map.setNext(t, frame);
        }
        tail[list] = frame;
        size[list]++;
    }

    void remove(int list, int frame) {
        int p = map.prev(frame);
        int n = map.next(frame);
        if (p == NIL) {
            head[list] = n;
        } else {
            map.setNext(p, n);
        }
        if (n == NIL) {
            tail[list] = p;
        } else {
            map.setPrev(n, p);
        }
        map.setNext(frame, NIL);
        map.setPrev(frame, NIL);
        size[list]--;
    }

    /**
     * {@link #remove} of the {@code count} frames from {@code first}, which lie next to each other
     * on {@code list} in descending order toward the tail (as {@link #addHeadRun} links them):
     * the frames around the segment are linked to each other once, and each frame's links are
     * cleared in one write.
     */
    void removeSegment(int list, int first, int count) {
        int last = first + count - 1;
        int p = map.prev(last);
        int n = map.next(first);
        if (p == NIL) {
            head[list] = n;
        } else {
            map.setNext(p, n);
        }
        if (n == NIL) {
            tail[list] = p;
        } else {
            map.setPrev(n, p);
        }
        for (int f = first; f <= last; f++) {
            map.setLinks(f, NIL, NIL);
        }
        size[list] -= count;
    }

    /** Moves a frame from wherever it is on {@code from} to the head of {@code to}. */
    void move(int from, int to, int frame) {
        remove(from, frame);
        addHead(to, frame);
    }
}
