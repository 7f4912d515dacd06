package org.cmmalab.hostpager.ksm;

import java.util.Arrays;
import org.cmmalab.pagestates.FrameTable;

/**
 * {@link Ksm}'s memory of each guest frame's content at its last scan: Linux's
 * {@code rmap_item->oldchecksum}, here the exact token. Kept in chunks of 512 frames (the paging
 * device's), pooled over all guests, so that a frame has a 32-bit id ({@code slot << 9 | frame})
 * by which {@link ContentIndex} can name it and read its key back.
 *
 * <p>A chunk is made when the scanner first meets a resident frame in it, and dropped when the
 * scanner passes it with nothing resident ({@link #dropChunks}): Linux frees the
 * {@code rmap_item}s of addresses that no longer map a page as {@code ksmd} passes them
 * ({@code get_next_rmap_item}, {@code remove_trailing_rmap_items}), so its checksums follow the
 * resident memory, not the memory ever resident. Linux forgets per page; a chunk here goes only
 * when all of it is gone, which keeps the bookkeeping at 8 bytes and two bits per frame of a chunk
 * with something resident, and 4 bytes per 2 MiB of configured guest memory. A frame whose chunk
 * was dropped starts again from no checksum, as it would in Linux.
 *
 * <p>With smart scanning ({@link SmartScan}) each frame also has its {@code rmap_item}'s age and
 * skips left, a byte per frame of a chunk, kept and dropped with its checksum.
 *
 * <p>Each frame also has a bit that is set while it may be a mapper of a shared frame, as Linux's
 * {@code rmap_item} carries {@code STABLE_FLAG} from its merge until {@code ksmd} next finds the
 * page no longer a KSM page: {@link Ksm} sets it at every merge and clears it when it finds the
 * frame unshared, so that a clear bit spares it reading the frame's host frame to know. A frame
 * becomes a mapper only by a merge, which makes its chunk first, and a chunk is dropped only with
 * nothing resident in it, so a mapper's chunk exists and its bit is set.
 */
final class Checksums {
    private static final int SHIFT = Integer.numberOfTrailingZeros(FrameTable.FRAMES_PER_CHUNK);
    private static final int MASK = FrameTable.FRAMES_PER_CHUNK - 1;
    /** Ids are unsigned 32-bit numbers below 2^32 - 1, so that {@code id + 1} is never 0. */
    private static final int MAX_SLOTS = (int) ((1L << 32) / FrameTable.FRAMES_PER_CHUNK) - 1;
    /** Words of one bit per frame of a chunk. */
    private static final int WORDS = FrameTable.FRAMES_PER_CHUNK / Long.SIZE;

    /** Per guest index and chunk: the pool slot + 1 that holds it, 0 for none. */
    private int[][] slotOf = new int[0][];
    private long[][] sums = new long[16][];
    /** Per slot, a bit per frame: whether it has a checksum (the first {@value #WORDS} words) and whether it may be a mapper (the next). */
    private long[][] flags = new long[16][];
    /** Per slot, each frame's {@link SmartScan} state; null throughout without smart scanning. */
    private byte[][] ages = new byte[16][];
    private final boolean smartScan;
    private int[] guestOf = new int[16];
    private int[] chunkOf = new int[16];
    /** Slots below {@code top} that hold no chunk, a stack. */
    private int[] free = new int[16];
    private int freeCount;
    private int top;

    /** Checksums, with each frame's smart-scan state too if {@code smartScan}. */
    Checksums(boolean smartScan) {
        this.smartScan = smartScan;
    }

    /**
     * The most heap the checksums take for up to {@code frames} frames in chunks that hold them
     * (taken as a chunk's worth each: at most, every chunk holds one) of guests of
     * {@code guestFrames} frames in all: 8 bytes and two bits a frame, a byte more with smart
     * scanning, and 4 bytes per chunk of the guests' memory, which names the chunk holding it.
     */
    static long maxBytes(long frames, long guestFrames, boolean smartScan) {
        return frames * (smartScan ? 9 : 8) + frames / 4 + guestFrames / FrameTable.FRAMES_PER_CHUNK * 4;
    }

    /** The id of frame {@code frame} of guest {@code guest} (of {@code guestFrames} frames), making its chunk if needed. */
    int id(int guest, int guestFrames, int frame) {
        if (guest >= slotOf.length) {
            slotOf = Arrays.copyOf(slotOf, guest + 1);
        }
        if (slotOf[guest] == null) {
            slotOf[guest] = new int[(guestFrames + MASK) >>> SHIFT];
        }
        int c = frame >>> SHIFT;
        int slot = slotOf[guest][c] - 1;
        if (slot < 0) {
            slot = allocate(guest, c);
            slotOf[guest][c] = slot + 1;
        }
        return slot << SHIFT | frame & MASK;
    }

    /** The id of frame {@code frame} of guest {@code guest} if its chunk exists, else -1. */
    int existingId(int guest, int frame) {
        int[] slots = guest < slotOf.length ? slotOf[guest] : null;
        int slot = slots == null ? -1 : slots[frame >>> SHIFT] - 1;
        return slot < 0 ? -1 : slot << SHIFT | frame & MASK;
    }

    /** Whether frame {@code id} has a checksum. */
    boolean known(int id) {
        return (flags[id >>> SHIFT][(id & MASK) >>> 6] & 1L << id) != 0;
    }

    /** Whether frame {@code id} may be a mapper of a shared frame: merged, and not found unshared since. */
    boolean mayBeStable(int id) {
        return (flags[id >>> SHIFT][WORDS + ((id & MASK) >>> 6)] & 1L << id) != 0;
    }

    /** Frame {@code id} was merged ({@code STABLE_FLAG} set), or was found unshared ({@code stable} false). */
    void setStable(int id, boolean stable) {
        long[] f = flags[id >>> SHIFT];
        int w = WORDS + ((id & MASK) >>> 6);
        f[w] = stable ? f[w] | 1L << id : f[w] & ~(1L << id);
    }

    /** Frame {@code id}'s checksum; 0 if it has none. */
    long sum(int id) {
        return sums[id >>> SHIFT][id & MASK];
    }

    void set(int id, long token) {
        sums[id >>> SHIFT][id & MASK] = token;
        flags[id >>> SHIFT][(id & MASK) >>> 6] |= 1L << id;
    }

    /** Frame {@code id}'s {@link SmartScan} state ({@link SmartScan#NEW} until set); only with smart scanning. */
    int smartScanState(int id) {
        return ages[id >>> SHIFT][id & MASK] & 0xFF;
    }

    void setSmartScanState(int id, int state) {
        ages[id >>> SHIFT][id & MASK] = (byte) state;
    }

    /** The guest index of frame {@code id}. */
    int guest(int id) {
        return guestOf[id >>> SHIFT];
    }

    /** The guest frame of frame {@code id}. */
    int frame(int id) {
        return chunkOf[id >>> SHIFT] << SHIFT | id & MASK;
    }

    /** Drops the chunks {@code from .. to - 1} of guest {@code guest} that exist. */
    void dropChunks(int guest, int from, int to) {
        int[] slots = guest < slotOf.length ? slotOf[guest] : null;
        if (slots == null) {
            return;
        }
        for (int c = from; c < to; c++) {
            int slot = slots[c] - 1;
            if (slot >= 0) {
                slots[c] = 0;
                sums[slot] = null;
                flags[slot] = null;
                ages[slot] = null;
                free[freeCount++] = slot;
            }
        }
    }

    /** Chunks held now. */
    int chunks() {
        return top - freeCount;
    }

    private int allocate(int guest, int c) {
        int slot;
        if (freeCount > 0) {
            slot = free[--freeCount];
        } else {
            if (top == MAX_SLOTS) {
                throw new IllegalStateException("KSM's checksums address at most " + MAX_SLOTS + " chunks of resident guest memory");
            }
            slot = top++;
            if (slot == sums.length) {
                int n = (int) Math.min(MAX_SLOTS, 2L * slot);
                sums = Arrays.copyOf(sums, n);
                flags = Arrays.copyOf(flags, n);
                ages = Arrays.copyOf(ages, n);
                guestOf = Arrays.copyOf(guestOf, n);
                chunkOf = Arrays.copyOf(chunkOf, n);
                free = Arrays.copyOf(free, n);
            }
        }
        sums[slot] = new long[MASK + 1];
        flags[slot] = new long[2 * WORDS];
        if (smartScan) {
            ages[slot] = new byte[MASK + 1];
        }
        guestOf[slot] = guest;
        chunkOf[slot] = c;
        return slot;
    }
}
