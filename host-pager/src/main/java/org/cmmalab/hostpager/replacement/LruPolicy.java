package org.cmmalab.hostpager.replacement;

import java.util.Arrays;

/**
 * Exact least-recently-used: the victim is the unit whose last access is oldest.
 *
 * <p>The resident units form one doubly-linked list threaded through two {@code int} arrays
 * indexed by slot (an intrusive list: the links live where the slots are, so an access allocates
 * nothing). A sentinel node at index {@code capacity} closes the ring: its {@code next} is the most
 * recently used unit, its {@code prev} the least recently used, the victim. Every operation is a
 * constant number of array stores. A slot that is not in the list has {@code next == ABSENT}.
 */
final class LruPolicy implements ReplacementPolicy {
    private static final int ABSENT = -1;

    private final int[] next;
    private final int[] prev;
    private final int sentinel;

    LruPolicy(int capacity) {
        this.sentinel = capacity;
        this.next = new int[capacity + 1];
        this.prev = new int[capacity + 1];
        Arrays.fill(next, ABSENT);
        next[sentinel] = sentinel;
        prev[sentinel] = sentinel;
    }

    @Override
    public void onResident(int slot, long key) {
        if (next[slot] != ABSENT) {
            throw new IllegalStateException("slot " + slot + " is resident already");
        }
        linkFirst(slot);
    }

    @Override
    public void onAccess(int slot, long key) {
        moveToFront(slot);
    }

    @Override
    public void onRemove(int slot) {
        unlink(slot);
    }

    @Override
    public int victim() {
        int tail = prev[sentinel];
        return tail == sentinel ? -1 : tail;
    }

    /** An unreclaimable unit goes back to the front, as if just used, so the scan moves on. */
    @Override
    public void onSkip(int slot) {
        moveToFront(slot);
    }

    private void moveToFront(int slot) {
        unlink(slot);
        linkFirst(slot);
    }

    private void linkFirst(int slot) {
        int head = next[sentinel];
        next[slot] = head;
        prev[slot] = sentinel;
        prev[head] = slot;
        next[sentinel] = slot;
    }

    private void unlink(int slot) {
        int n = next[slot];
        if (n == ABSENT) {
            throw new IllegalStateException("slot " + slot + " is not resident");
        }
        int p = prev[slot];
        next[p] = n;
        prev[n] = p;
        next[slot] = ABSENT;
    }
}
