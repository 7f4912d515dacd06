package org.cmmalab.hostpager;

import org.cmmalab.pagestates.FrameTable;

/**
 * One guest's gmap: for each resident guest frame, the host frame that backs it (the guest
 * mapping, as s390 KVM calls its map of guest memory to host memory, {@code struct gmap} in Linux's
 * {@code arch/s390/mm/gmap.c}). In chunks of {@link FrameTable#FRAMES_PER_CHUNK} frames (as the
 * frame table's and the paging device's: a whole number of large frames), each created at the
 * first mapping in it and dropped when its last mapping goes, so that the map costs 4 bytes per
 * guest frame in a chunk with something resident, plus 8 bytes per 2 MiB of configured guest
 * memory: it is bounded by the host's memory, not by the guests'. A few dropped chunks are kept
 * for reuse, so that a guest whose memory comes and goes around one chunk allocates nothing.
 * Entries hold host frame + 1; 0 means not mapped.
 *
 * <p>Under {@link org.cmmalab.pagestates.Discipline#THREADS} a chunk, once made, is never dropped:
 * guest vCPUs read the map without the host lock (an optimistic read of {@link GuestSpace}), and
 * a chunk dropped and reused for another part of the guest under such a reader would hand it a
 * host frame of another frame's. Its writes are made under the host lock and a held frame word,
 * and published by the frame-table transition that follows them.
 */
final class Gmap {
    private static final int SHIFT = Integer.numberOfTrailingZeros(FrameTable.FRAMES_PER_CHUNK);
    private static final int MASK = FrameTable.FRAMES_PER_CHUNK - 1;
    private static final int SPARES = 4;

    private final int[][] chunks;
    private final int[] mapped;
    private final int[][] spares = new int[SPARES][];
    private int spareCount;
    private final boolean keepChunks;

    /** A map of {@code frames} frames; {@code keepChunks}: never drop a chunk (see the class comment). */
    Gmap(int frames, boolean keepChunks) {
        this.chunks = new int[(frames + MASK) >>> SHIFT][];
        this.mapped = new int[chunks.length];
        this.keepChunks = keepChunks;
    }

    /** Whether the chunk that holds {@code frame} exists; a frame in a missing chunk is not mapped. */
    boolean hasChunk(int frame) {
        return chunks[frame >>> SHIFT] != null;
    }

    /** Creates the chunk that holds {@code frame}. */
    void createChunk(int frame) {
        chunks[frame >>> SHIFT] = spareCount > 0 ? spares[--spareCount] : new int[MASK + 1];
    }

    /** The host frame that backs {@code frame}, or -1. */
    int get(int frame) {
        int[] chunk = chunks[frame >>> SHIFT];
        return chunk == null ? -1 : chunk[frame & MASK] - 1;
    }

    /** Maps {@code frame} to {@code hostFrame}; its chunk must exist. */
    void set(int frame, int hostFrame) {
        int[] chunk = chunks[frame >>> SHIFT];
        if (chunk[frame & MASK] == 0) {
            mapped[frame >>> SHIFT]++;
        }
        chunk[frame & MASK] = hostFrame + 1;
    }

    /** Unmaps {@code frame}; returns true if that emptied and dropped its chunk. */
    boolean clear(int frame) {
        int c = frame >>> SHIFT;
        int[] chunk = chunks[c];
        if (chunk[frame & MASK] == 0) {
            return false;
        }
        chunk[frame & MASK] = 0;
        if (--mapped[c] > 0 || keepChunks) {
            return false;
        }
        chunks[c] = null;
        if (spareCount < SPARES) {
            spares[spareCount++] = chunk; // all zero again: every entry was cleared
        }
        return true;
    }

    /** The first frame at or after {@code frame} in a chunk that exists, or {@code frames} if none. */
    int nextInChunk(int frame, int frames) {
        for (int c = frame >>> SHIFT; c < chunks.length; c++) {
            if (chunks[c] != null) {
                return Math.max(frame, c << SHIFT);
            }
        }
        return frames;
    }
}
