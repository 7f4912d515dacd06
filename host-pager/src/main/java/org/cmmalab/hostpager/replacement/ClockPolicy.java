package org.cmmalab.hostpager.replacement;

import org.cmmalab.guestmm.list.AgeList;

/**
 * CLOCK (second chance): the resident units sit on a ring with a reference bit each; an access
 * sets the bit; to find a victim the hand sweeps the ring, clearing set bits and passing on, and
 * stops at the first unit whose bit is clear. A unit that became resident was just touched (its
 * fault was an access), so it starts with its bit set, and it joins the ring just behind the hand,
 * where the hand reaches it last.
 *
 * <p>The ring is an {@link AgeList} by slot read from the hand: the hand's unit is the oldest, the
 * unit just behind the hand the newest, so joining behind the hand is {@code addNewest} and passing
 * a unit is moving it to the newest end. Only resident units are on it, so a sweep never walks free
 * host frames or the host frames of a large frame after its first.
 */
final class ClockPolicy implements ReplacementPolicy {
    private final AgeList ring;
    private final boolean[] referenced;

    ClockPolicy(int capacity) {
        this.ring = new AgeList(capacity);
        this.referenced = new boolean[capacity];
    }

    @Override
    public void onResident(int slot, long key) {
        ring.addNewest(slot);
        referenced[slot] = true;
    }

    @Override
    public void onAccess(int slot, long key) {
        referenced[slot] = true;
    }

    @Override
    public void onRemove(int slot) {
        ring.remove(slot); // the hand's own unit leaving passes the hand to the next
    }

    /** At most one full turn: after it every bit on the ring is clear. */
    @Override
    public int victim() {
        int hand = ring.oldest();
        while (hand != AgeList.NIL && referenced[hand]) {
            referenced[hand] = false;
            ring.moveToNewest(hand);
            hand = ring.oldest();
        }
        return hand;
    }

    /** A second chance: the hand clears the bit and passes on at the next sweep. */
    @Override
    public void onSkip(int slot) {
        referenced[slot] = true;
    }
}
