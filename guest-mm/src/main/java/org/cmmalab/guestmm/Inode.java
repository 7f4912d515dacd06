package org.cmmalab.guestmm;

/**
 * A file: an id and a length in pages, its page cache (the {@link AddressSpace} index), what its
 * disk blocks hold and what the guest last wrote to each page.
 *
 * <p>A page's content is a version: 0 is the file's content when it was created, and every write
 * bumps it. {@code onDisk} is the disk's content, the version a read-in delivers; {@code written}
 * is the version the guest last wrote, the one every read must see ({@link ContentToken}). They
 * differ only while the page is dirty in the page cache. Both are the disk and the checker, not
 * kernel bookkeeping.
 */
final class Inode extends AddressSpace {
    static final long CLEAN = Long.MIN_VALUE;

    int pages;
    int[] written;
    int[] onDisk;
    int mappings;
    /** When the inode became dirty (virtual ns), or {@link #CLEAN}: Linux's {@code dirtied_when}. */
    long dirtiedWhen = CLEAN;
    int dirtyPages;
    /** On the write-back list ({@link Writeback}). */
    boolean queued;
    boolean deleted;

    Inode(int id, int pages) {
        super(id, pages);
        this.pages = pages;
        this.written = new int[pages];
        this.onDisk = new int[pages];
    }

    @Override
    boolean anon() {
        return false;
    }

    @Override
    public String toString() {
        return "file " + id;
    }
}
