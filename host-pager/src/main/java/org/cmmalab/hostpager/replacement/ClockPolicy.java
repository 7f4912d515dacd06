package org.cmmalab.hostpager.replacement;

import java.util.Arrays;

/**
 * CLOCK (second chance): the resident units sit on a ring with a reference bit each; an access
 * sets the bit; to find a victim the hand sweeps the ring, clearing set bits and passing on, and
 * stops at the first unit whose bit is clear. A unit that became resident was just touched (its
 * fault was an access), so it starts with its bit set, and it joins the ring just behind the hand,
 * where the hand reaches it last.
 *
 * <p>The ring is a circular doubly-linked list threaded through {@code int} arrays indexed by slot
 * (only resident units are on it, so a sweep never walks free host frames or the host frames of a
 * large frame after its first); {@code hand} is a slot on it, or -1 when it is empty.
 */
final class ClockPolicy implements ReplacementPolicy {
    private static final int ABSENT = -1;

    private final int[] next;
    private final int[] prev;
    private final boolean[] referenced;
    private int hand = ABSENT;

    ClockPolicy(int capacity) {
        this.next = new int[capacity];
        this.prev = new int[capacity];
        this.referenced = new boolean[capacity];
        Arrays.fill(next, ABSENT);
    }

    @Override
    public void onResident(int slot, long key) {
        if (next[slot] != ABSENT) {
            throw new IllegalStateException("slot " + slot + " is resident already");
        }
        referenced[slot] = true;
        if (hand == ABSENT) {
            next[slot] = slot;
            prev[slot] = slot;
            hand = slot;
            return;
        }
        int behind = prev[hand];
        next[behind] = slot;
        prev[slot] = behind;
        next[slot] = hand;
        prev[hand] = slot;
    }

    @Override
    public void onAccess(int slot, long key) {
        referenced[slot] = true;
    }

    @Override
    public void onRemove(int slot) {
        int n = next[slot];
        if (n == ABSENT) {
            throw new IllegalStateException("slot " + slot + " is not resident");
        }
        if (n == slot) {
            hand = ABSENT;
        } else {
            int p = prev[slot];
            next[p] = n;
            prev[n] = p;
            if (hand == slot) {
                hand = n;
            }
        }
        next[slot] = ABSENT;
    }

    /** At most one full turn: after it every bit on the ring is clear. */
    @Override
    public int victim() {
        if (hand == ABSENT) {
            return ABSENT;
        }
        while (referenced[hand]) {
            referenced[hand] = false;
            hand = next[hand];
        }
        return hand;
    }

    /** A second chance: the hand clears the bit and passes on at the next sweep. */
    @Override
    public void onSkip(int slot) {
        referenced[slot] = true;
    }
}
