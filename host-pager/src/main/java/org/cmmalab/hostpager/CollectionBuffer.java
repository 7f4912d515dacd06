package org.cmmalab.hostpager;

import org.cmmalab.pagestates.FrameOp;

/**
 * A KVM guest's collection buffer (the CBRL): a KVM guest's ESSA of a frame that is not resident,
 * made unused or volatile, puts the frame here, a 4 KiB page of {@value #ENTRIES} entries (the
 * 512th is kept for the host); when it is full the host processes every entry ({@code handle_essa}
 * calls {@code __gmap_zap}, Linux 6.12 {@code arch/s390/kvm/priv.c}), freeing the swap slot of each
 * that is still swapped out and unused or logically zero ({@link FrameOp#ZAP_UNUSED}). Until then
 * the slot stays taken, and a guest that reuses the frame first gets the old content swapped in.
 * Under zvm nothing is collected: the architecture frees the slot at the ESSA itself.
 *
 * <p>The buffer only holds the frames; {@link GuestSpace} processes them, under the host lock.
 */
final class CollectionBuffer {
    /** Entries of a collection buffer: a 4 KiB page of 8-byte addresses, less the host's one ({@code handle_essa}). */
    static final int ENTRIES = 511;

    private final int[] frames = new int[ENTRIES];
    private int count;

    /** Puts {@code frame} in; returns whether that filled the buffer, which must then be processed and {@link #empty emptied}. */
    boolean add(int frame) {
        frames[count++] = frame;
        return count == ENTRIES;
    }

    /** How many frames the buffer holds. */
    int size() {
        return count;
    }

    /** Whether any of the {@code n} frames from {@code first} is in the buffer. */
    boolean holdsAny(int first, int n) {
        for (int i = 0; i < count; i++) {
            if (frames[i] - first >= 0 && frames[i] - first < n) {
                return true;
            }
        }
        return false;
    }

    /** How many frames from the {@code i}th put in, at most {@code max}, are consecutive frames. */
    int runAt(int i, int max) {
        int n = 1;
        while (n < max && i + n < count && frames[i + n] == frames[i] + n) {
            n++;
        }
        return n;
    }

    /** The {@code i}th frame put in. */
    int get(int i) {
        return frames[i];
    }

    void empty() {
        count = 0;
    }
}
