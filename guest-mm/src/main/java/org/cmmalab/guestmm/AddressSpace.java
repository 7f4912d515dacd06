package org.cmmalab.guestmm;

import java.util.Arrays;

/**
 * Something whose pages the kernel indexes by page offset: a file's page cache ({@link Inode})
 * or a process's anonymous memory ({@link Process}). It owns only the top level of its index,
 * one chunk number per {@link PageIndex#CHUNK} pages; the chunks live in the {@link PageIndex}.
 */
abstract class AddressSpace {
    /** The file or process number the caller knows it by. */
    final int id;
    private int[] directory;

    AddressSpace(int id, int pages) {
        this.id = id;
        this.directory = emptyDirectory(chunksFor(pages));
    }

    /** Anonymous memory (swap-backed) rather than a file's pages. */
    abstract boolean anon();

    int chunk(int chunkIndex) {
        return chunkIndex < directory.length ? directory[chunkIndex] : PageIndex.NO_CHUNK;
    }

    void setChunk(int chunkIndex, int chunk) {
        directory[chunkIndex] = chunk;
    }

    /** Pages the directory can index now. */
    int capacity() {
        return directory.length << PageIndex.SHIFT;
    }

    /** Makes room to index {@code pages} pages. */
    void grow(int pages) {
        int need = chunksFor(pages);
        if (need > directory.length) {
            int old = directory.length;
            directory = Arrays.copyOf(directory, Math.max(need, old + (old >> 1)));
            Arrays.fill(directory, old, directory.length, PageIndex.NO_CHUNK);
        }
    }

    /** Drops the directory beyond {@code pages} pages; those chunks must be released already. */
    void shrink(int pages) {
        int keep = chunksFor(pages);
        for (int i = keep; i < directory.length; i++) {
            if (directory[i] != PageIndex.NO_CHUNK) {
                throw new IllegalStateException("chunk " + i + " of " + this + " is still in use");
            }
        }
        if (keep < directory.length) {
            directory = Arrays.copyOf(directory, keep);
        }
    }

    long directoryBytes() {
        return 4L * directory.length;
    }

    private static int chunksFor(int pages) {
        return (int) ((pages + (long) PageIndex.CHUNK - 1) >>> PageIndex.SHIFT);
    }

    private static int[] emptyDirectory(int chunks) {
        int[] d = new int[chunks];
        Arrays.fill(d, PageIndex.NO_CHUNK);
        return d;
    }
}
