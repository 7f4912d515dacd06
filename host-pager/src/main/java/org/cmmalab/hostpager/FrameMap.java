package org.cmmalab.hostpager;

/**
 * One guest's map from guest frame to the host frame that backs it, for resident frames only. In
 * chunks of 512 frames (as the paging device's: one large frame's worth), each created at the
 * first mapping in it, so that the map costs 4 bytes per touched guest frame plus one reference
 * per 2 MiB of configured guest memory.
 * Entries hold host frame + 1; 0 means not mapped.
 */
final class FrameMap {
    private static final int SHIFT = Integer.numberOfTrailingZeros(PagingDevice.CHUNK);
    private static final int MASK = PagingDevice.CHUNK - 1;

    private final int[][] chunks;

    FrameMap(int frames) {
        this.chunks = new int[(frames + MASK) >>> SHIFT][];
    }

    /** Whether the chunk that holds {@code frame} exists; a frame in a missing chunk was never mapped. */
    boolean hasChunk(int frame) {
        return chunks[frame >>> SHIFT] != null;
    }

    /** Creates the chunk that holds {@code frame}. */
    void createChunk(int frame) {
        chunks[frame >>> SHIFT] = new int[MASK + 1];
    }

    /** The host frame that backs {@code frame}, or -1. */
    int get(int frame) {
        int[] chunk = chunks[frame >>> SHIFT];
        return chunk == null ? -1 : chunk[frame & MASK] - 1;
    }

    /** Maps {@code frame} to {@code hostFrame}; its chunk must exist. */
    void set(int frame, int hostFrame) {
        chunks[frame >>> SHIFT][frame & MASK] = hostFrame + 1;
    }

    void clear(int frame) {
        chunks[frame >>> SHIFT][frame & MASK] = 0;
    }
}
