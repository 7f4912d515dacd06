package org.cmmalab.guestmm;

import java.util.Arrays;

/**
 * The guest's page descriptors, one per 4 KiB frame: Linux's {@code mem_map} of
 * {@code struct page}, cut to the fields this model needs and packed so that it costs
 * 12 bytes per frame.
 *
 * <pre>
 *  word[frame]:  63..48 flags  |  47..24 prev  |  23..0 next
 *  owner[frame]: the page-index slot ({@link PageIndex}) of the page in the frame, or -1
 * </pre>
 *
 * {@code next} and {@code prev} link the frame into exactly one list at a time, as
 * {@code page->lru} and {@code page->buddy_list} share storage in Linux: a buddy free list, an
 * LRU list or the quarantine ({@link PageLists}). 24-bit links limit a guest to
 * {@link #MAX_FRAMES} frames, just under 64 GiB.
 */
final class MemMap {
    /** The link that ends a list. */
    static final int NIL = (1 << 24) - 1;
    /** The most frames a guest may have: every frame number must differ from {@link #NIL}. */
    static final int MAX_FRAMES = NIL;
    /** {@link #owner} of a frame that holds no indexed page. */
    static final int NO_OWNER = -1;

    private static final long LINK_MASK = NIL;
    private static final int PREV_SHIFT = 24;
    private static final int FLAGS_SHIFT = 48;
    private static final long EMPTY = (long) NIL << PREV_SHIFT | NIL;

    private final long[] word;
    private final int[] owner;

    MemMap(int frames) {
        if (frames <= 0 || frames > MAX_FRAMES) {
            throw new IllegalArgumentException(
                    "a guest must have 1 to " + MAX_FRAMES + " frames, was " + frames);
        }
        word = new long[frames];
        owner = new int[frames];
        Arrays.fill(word, EMPTY);
        Arrays.fill(owner, NO_OWNER);
    }

    int frames() {
        return word.length;
    }

    int next(int frame) {
        return (int) (word[frame] & LINK_MASK);
    }

    int prev(int frame) {
        return (int) (word[frame] >>> PREV_SHIFT & LINK_MASK);
    }

    void setNext(int frame, int next) {
        word[frame] = word[frame] & ~LINK_MASK | next;
    }

    void setPrev(int frame, int prev) {
        word[frame] = word[frame] & ~(LINK_MASK << PREV_SHIFT) | (long) prev << PREV_SHIFT;
    }

    int flags(int frame) {
        return (int) (word[frame] >>> FLAGS_SHIFT);
    }

    void setFlags(int frame, int flags) {
        word[frame] = word[frame] & ~(0xFFFFL << FLAGS_SHIFT) | (long) (flags & 0xFFFF) << FLAGS_SHIFT;
    }

    boolean test(int frame, int flag) {
        return (flags(frame) & flag) != 0;
    }

    void set(int frame, int flag) {
        word[frame] |= (long) flag << FLAGS_SHIFT;
    }

    void clear(int frame, int flag) {
        word[frame] &= ~((long) flag << FLAGS_SHIFT);
    }

    boolean testAndClear(int frame, int flag) {
        boolean was = test(frame, flag);
        clear(frame, flag);
        return was;
    }

    int owner(int frame) {
        return owner[frame];
    }

    void setOwner(int frame, int slot) {
        owner[frame] = slot;
    }

    /** Bytes of heap these arrays take (array headers aside). */
    long bytes() {
        return 8L * word.length + 4L * owner.length;
    }
}
