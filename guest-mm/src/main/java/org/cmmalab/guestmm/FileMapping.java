package org.cmmalab.guestmm;

/**
 * A shared mapping of a whole file into a process, as {@code mmap(MAP_SHARED)} makes one: loads
 * and stores through it ({@link GuestKernel#touchMapped}) go straight to the page's frame once the
 * page is mapped, without a kernel entry. Page-table entries are modelled per file, not per
 * mapping: a page one mapping has faulted in counts as mapped for all of the file's mappings.
 */
public final class FileMapping {
    final Inode inode;
    final boolean writable;
    boolean live = true;

    FileMapping(Inode inode, boolean writable) {
        this.inode = inode;
        this.writable = writable;
    }

    /** The mapped file's id. */
    public int file() {
        return inode.id;
    }

    /** Whether stores are allowed: a writable mapping makes its pages potentially volatile. */
    public boolean writable() {
        return writable;
    }

    /** False once unmapped, or once its file is deleted. */
    public boolean live() {
        return live && !inode.deleted;
    }

    @Override
    public String toString() {
        return (writable ? "writable" : "read-only") + " mapping of " + inode;
    }
}
