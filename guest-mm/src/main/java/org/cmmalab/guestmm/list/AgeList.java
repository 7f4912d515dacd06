package org.cmmalab.guestmm.list;

import java.util.Arrays;

/**
 * Ids ordered by age, oldest first: an id joins as the newest ({@link #addNewest}), may be made the
 * newest again ({@link #moveToNewest}), leaves from anywhere ({@link #remove}), and the oldest is
 * at hand ({@link #oldest}). It is the order of an LRU (age since the last use), of a FIFO pool
 * (age since the store), and of a CLOCK ring read from its hand (the hand's unit first, the one just
 * behind it last: passing the hand on moves its unit to the newest end).
 *
 * <p>An intrusive doubly linked list, as Linux's {@code list_head}: the links live in two
 * {@code int} arrays indexed by id, so every operation is a constant number of array stores and
 * allocates nothing, and the caller keeps what an id stands for in arrays of its own, indexed the
 * same way. Ids are small non-negative ints (a slot, a host frame, a pool entry); the arrays grow to
 * the largest id added. An id off the list has {@code older == OFF}, which is how {@link #contains}
 * answers and how a misuse (adding an id twice, removing one that is not there) is caught at once
 * instead of corrupting the order.
 *
 * <p>Not thread-safe: each owner uses it from the one thread, or under the one lock, its own
 * structures need.
 */
public final class AgeList {
    /** What {@link #oldest}, {@link #newest} and {@link #newer} return past an end. */
    public static final int NIL = -1;
    private static final int OFF = -2;

    private int[] newer;
    private int[] older;
    private int oldest = NIL;
    private int newest = NIL;
    private int size;

    /** An empty list with room for ids below {@code capacity}; it grows past that as ids are added. */
    public AgeList(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("a capacity must not be negative, was " + capacity);
        }
        newer = new int[capacity];
        older = new int[capacity];
        Arrays.fill(older, OFF);
    }

    /** Adds {@code id}, which must not be on the list, as the newest. */
    public void addNewest(int id) {
        if (id < 0) {
            throw new IllegalArgumentException("an id must not be negative, was " + id);
        }
        if (id >= older.length) {
            grow(id);
        } else if (older[id] != OFF) {
            throw new IllegalStateException("id " + id + " is on the list already");
        }
        link(id);
        size++;
    }

    /** Makes {@code id}, which must be on the list, the newest. */
    public void moveToNewest(int id) {
        if (id != newest) {
            unlink(id);
            link(id);
        }
    }

    /** Takes {@code id}, which must be on the list, off it. */
    public void remove(int id) {
        unlink(id);
        older[id] = OFF;
        size--;
    }

    /** Whether {@code id} is on the list. */
    public boolean contains(int id) {
        return id >= 0 && id < older.length && older[id] != OFF;
    }

    /** The oldest id, or {@link #NIL} if the list is empty. */
    public int oldest() {
        return oldest;
    }

    /** The newest id, or {@link #NIL} if the list is empty. */
    public int newest() {
        return newest;
    }

    /** The id just newer than {@code id}, which must be on the list; {@link #NIL} after the newest. */
    public int newer(int id) {
        checkOn(id);
        return newer[id];
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    private void link(int id) {
        older[id] = newest;
        newer[id] = NIL;
        if (newest == NIL) {
            oldest = id;
        } else {
            newer[newest] = id;
        }
        newest = id;
    }

    private void unlink(int id) {
        checkOn(id);
        int o = older[id];
        int n = newer[id];
        if (o == NIL) {
            oldest = n;
        } else {
            newer[o] = n;
        }
        if (n == NIL) {
            newest = o;
        } else {
            older[n] = o;
        }
    }

    private void checkOn(int id) {
        if (!contains(id)) {
            throw new IllegalStateException("id " + id + " is not on the list");
        }
    }

    private void grow(int id) {
        int n = Math.max(id + 1, Math.max(16, older.length + (older.length >> 1)));
        int from = older.length;
        newer = Arrays.copyOf(newer, n);
        older = Arrays.copyOf(older, n);
        Arrays.fill(older, from, n, OFF);
    }
}
