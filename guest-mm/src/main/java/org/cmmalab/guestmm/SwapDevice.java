package org.cmmalab.guestmm;

/**
 * The guest's swap device: slots of one page, a usage bitmap (Linux's {@code swap_map} reduced to
 * in use or free) and what each slot holds. Slots are handed out next-fit from a moving cursor,
 * the way {@code scan_swap_map_slots} in {@code mm/swapfile.c} keeps writes sequential.
 * Contents are stored in 512-slot leaves allocated on first write, so a large, little-used device
 * costs little heap.
 */
final class SwapDevice {
    static final int NO_SLOT = -1;
    private static final int LEAF_SHIFT = 9;

    private final int slots;
    private final long[] used;
    private final long[][] content;
    private int cursor;
    private int inUse;

    SwapDevice(int slots) {
        this.slots = slots;
        this.used = new long[(slots + 63) >>> 6];
        this.content = new long[(slots + (1 << LEAF_SHIFT) - 1) >>> LEAF_SHIFT][];
    }

    int inUse() {
        return inUse;
    }

    boolean full() {
        return inUse == slots;
    }

    /** A free slot, now in use, or {@link #NO_SLOT}. */
    int alloc() {
        if (full()) {
            return NO_SLOT;
        }
        for (int n = 0; n < slots; n++) {
            int s = cursor;
            cursor = cursor + 1 == slots ? 0 : cursor + 1;
            if ((used[s >>> 6] & 1L << s) == 0) {
                used[s >>> 6] |= 1L << s;
                inUse++;
                return s;
            }
        }
        throw new IllegalStateException("swap map says " + inUse + " of " + slots + " slots are used, but none is free");
    }

    void free(int slot) {
        if ((used[slot >>> 6] & 1L << slot) == 0) {
            throw new IllegalStateException("swap slot " + slot + " is free already");
        }
        used[slot >>> 6] &= ~(1L << slot);
        inUse--;
    }

    /** A swap write: the page's content goes to the slot. */
    void write(int slot, long token) {
        long[] leaf = content[slot >>> LEAF_SHIFT];
        if (leaf == null) {
            leaf = content[slot >>> LEAF_SHIFT] = new long[1 << LEAF_SHIFT];
        }
        leaf[slot & (1 << LEAF_SHIFT) - 1] = token;
    }

    /** A swap read: what the slot holds. */
    long read(int slot) {
        long[] leaf = content[slot >>> LEAF_SHIFT];
        return leaf == null ? ContentToken.ZERO : leaf[slot & (1 << LEAF_SHIFT) - 1];
    }

    @Override
    public String toString() {
        return "swap device of " + slots + " slots, " + inUse + " in use";
    }
}
