package org.cmmalab.guestmm;

import static org.cmmalab.guestmm.BuddyAllocator.NO_PAGE;
import static org.cmmalab.guestmm.PageFlags.DIRTY;
import static org.cmmalab.guestmm.PageFlags.HINTED;
import static org.cmmalab.guestmm.PageFlags.MAPPED;
import static org.cmmalab.guestmm.PageFlags.MAPPED_WRITE;

import java.util.Arrays;
import org.eclipse.collections.impl.map.mutable.primitive.IntObjectHashMap;

/**
 * The page cache over files, after Linux {@code mm/filemap.c}, with the hint points of the guest
 * page hinting series (Schwidefsky et al., "Guest page hinting version 7", linux-mm 2009-03-27,
 * {@code mm/page-states.c}; docs/state-model.md section 5).
 *
 * <p>A page-cache page is stable while the kernel uses it and while it is dirty. When a use ends
 * ({@link #release}, the series' {@code page_make_volatile} at {@code put_page}) and the page is
 * clean, up to date, not locked, on the LRU, in its file's index and not anonymous, it becomes
 * volatile, or potentially volatile if a writable mapping maps it (the host then checks the
 * change bit before it discards). Such a page carries {@link PageFlags#HINTED}. Every use of a
 * hinted page starts with SET_STABLE_IF_RESIDENT ({@link #findStable}, the series'
 * {@code page_make_stable} in {@code find_get_page}): an old state of {@code Vz} means the host
 * discarded it, and the page is dropped and read again. SET_STABLE there would turn the lost
 * content into zeros.
 *
 * <p>All content moves through real accesses to the page's own frame: a read-in stores the disk's
 * token, a write-back loads the page. Each read is checked against the version the guest last
 * wrote ({@link #verify}).
 */
final class PageCache {
    private final GuestMemory memory;
    private final MemMap map;
    private final PageIndex index;
    private final Lru lru;
    private final Hints hints;
    private final PageAllocator allocator;
    private final Quarantine quarantine;
    private final GuestCounters counters;
    private final LostPages lost;
    private final int guest;
    private final int image;
    private final IntObjectHashMap<Inode> files = new IntObjectHashMap<>();
    private Cleancache cleancache;
    private final Writeback writeback;
    private int nextFile;

    PageCache(GuestMemory memory, MemMap map, PageIndex index, Lru lru, Hints hints, PageAllocator allocator,
              Quarantine quarantine, GuestCounters counters, LostPages lost, int guest, int image,
              long dirtyExpireNanos) {
        this.memory = memory;
        this.map = map;
        this.index = index;
        this.lru = lru;
        this.hints = hints;
        this.allocator = allocator;
        this.quarantine = quarantine;
        this.counters = counters;
        this.lost = lost;
        this.guest = guest;
        this.image = image;
        this.writeback = new Writeback(this, dirtyExpireNanos);
    }

    /** Connects a cleancache backend (null: none). */
    void setCleancache(Cleancache backend) {
        this.cleancache = backend;
    }

    Writeback writeback() {
        return writeback;
    }

    int create(int pages) {
        if (pages <= 0) {
            throw new IllegalArgumentException("file size must be at least 1 page, was " + pages);
        }
        int id = nextFile++;
        files.put(id, new Inode(id, pages));
        return id;
    }

    Inode inode(int file) {
        Inode ino = files.get(file);
        if (ino == null) {
            throw new IllegalArgumentException("unknown file " + file + ": files are 0.." + (nextFile - 1)
                    + " less those deleted");
        }
        return ino;
    }

    static void checkPage(Inode ino, int page) {
        if (page < 0 || page >= ino.pages) {
            throw new IllegalArgumentException("page " + page + " is beyond the end of " + ino + ", whose pages are 0.."
                    + (ino.pages - 1));
        }
    }

    Iterable<Inode> inodes() {
        return files.values();
    }

    /** find_get_page with page_make_stable: the page's frame, stable; NO_PAGE if absent or discarded. */
    int findStable(Inode ino, int pgoff) {
        int frame = index.frame(ino, pgoff);
        if (frame != NO_PAGE && !hints.makeStable(frame)) {
            dropDiscarded(ino, pgoff, frame);
            return NO_PAGE;
        }
        return frame;
    }

    /**
     * A miss: allocates a frame, indexes it, and reads the page into it: from the cleancache
     * backend if it still holds the page, else from disk.
     */
    int readIn(Inode ino, int pgoff) {
        int frame = add(ino, pgoff);
        if (frame == NO_PAGE) {
            return NO_PAGE;
        }
        counters.pageCacheMisses++;
        long content = cleancache == null ? Cleancache.MISS : cleancache.get(ino.id, pgoff);
        if (content == Cleancache.MISS) {
            counters.diskReads++;
            content = token(ino, pgoff, ino.onDisk[pgoff]);
        } else {
            counters.cleancacheHits++;
        }
        if (!memory.store(frame, content)) {
            throw new IllegalStateException("frame " + frame + " faulted as discarded right after SET_STABLE");
        }
        hints.matchesBacking(frame);
        return frame;
    }

    /**
     * A page about to be overwritten whole: allocates a frame and indexes it, reading nothing (no
     * disk read); the caller stores the new content. An older copy the cleancache backend may
     * hold is dropped (cleancache_invalidate_page; here an exclusive get whose answer is not
     * used): a host that discards this page once it is clean would otherwise bring the old
     * content back on the next read-in.
     */
    int addForWrite(Inode ino, int pgoff) {
        int frame = add(ino, pgoff);
        if (frame != NO_PAGE && cleancache != null) {
            cleancache.get(ino.id, pgoff);
        }
        return frame;
    }

    /** A new frame for the page, indexed and on the LRU, content not yet there; or NO_PAGE. */
    private int add(Inode ino, int pgoff) {
        int frame = allocator.allocPages(0);
        if (frame == NO_PAGE) {
            return NO_PAGE;
        }
        map.setFlags(frame, 0);
        index.set(ino, pgoff, PageIndex.frameEntry(frame));
        lru.add(frame);
        counters.pageCachePages++;
        return frame;
    }

    /** The end of a use: a clean page becomes volatile, or potentially volatile if mapped writable. */
    void release(int frame) {
        hints.makeVolatile(frame);
    }

    /**
     * Checks what a read saw against what the guest last wrote; a mismatch is a lost page,
     * reported, and the frame is given the expected content so that one loss is counted once.
     */
    void verify(Inode ino, int pgoff, int frame, long seen) {
        long expected = token(ino, pgoff, ino.written[pgoff]);
        if (seen != expected) {
            lost.report(ino, pgoff, frame, expected, seen);
            memory.store(frame, expected);
        }
    }

    /**
     * Version {@code version} of a page: the image's content while nobody has written it (version
     * 0) and the guest was booted from an image, else the guest's own.
     */
    long token(Inode ino, int pgoff, int version) {
        return version == 0 && image != KernelConfig.NO_IMAGE
                ? ContentToken.imageFile(image, ino.id, pgoff)
                : ContentToken.file(guest, ino.id, pgoff, version);
    }

    void markDirty(Inode ino, int frame, long now) {
        if (!map.test(frame, DIRTY)) {
            map.set(frame, DIRTY);
            ino.dirtyPages++;
            counters.dirtyPages++;
            writeback.dirtied(ino, now);
        }
    }

    private void markClean(Inode ino, int frame) {
        map.clear(frame, DIRTY | PageFlags.RECLAIM);
        counters.dirtyPages--;
        if (--ino.dirtyPages == 0) {
            ino.dirtiedWhen = Inode.CLEAN;
        }
    }

    /** Removes a page from its file's index, the LRU and every mapping, and frees its frame. */
    private void evict(Inode ino, int pgoff, int frame) {
        index.clear(ino, pgoff);
        lru.remove(frame);
        if (map.test(frame, DIRTY)) {
            markClean(ino, frame);
        }
        counters.pageCachePages--;
        quarantine.freePage(frame);
    }

    /**
     * The file side of a discard: the page is dropped, to be read again from its file. A page
     * whose last write had not reached the disk cannot have been discarded legitimately: its data
     * is lost, reported, and from now on the file holds what its disk holds.
     */
    void dropDiscarded(Inode ino, int pgoff, int frame) {
        if (ino.written[pgoff] != ino.onDisk[pgoff]) {
            lost.report(ino, pgoff, frame, token(ino, pgoff, ino.written[pgoff]), GuestMemory.DISCARD_FAULT);
            ino.written[pgoff] = ino.onDisk[pgoff];
        }
        evict(ino, pgoff, frame);
    }

    /**
     * Writes one dirty page to disk (a load of its frame, made stable first if hinted), marks it
     * clean and, if {@code rehint}, releases it. Returns false if the page turned out discarded
     * and was dropped.
     */
    boolean writePage(Inode ino, int pgoff, int frame, boolean expired, boolean rehint) {
        if (!loadForCopy(ino, pgoff, frame)) {
            return false;
        }
        ino.onDisk[pgoff] = ino.written[pgoff];
        markClean(ino, frame);
        hints.matchesBacking(frame);
        counters.diskWrites++;
        if (expired) {
            counters.expiredWritebacks++;
        } else {
            counters.reclaimWritebacks++;
        }
        if (rehint) {
            release(frame);
        }
        return true;
    }

    /** Writes back every dirty page of a file. */
    void writebackInode(Inode ino, boolean expired) {
        for (int pgoff = index.nextPresent(ino, 0); pgoff >= 0 && ino.dirtyPages > 0;
             pgoff = index.nextPresent(ino, pgoff + 1)) {
            int frame = index.frame(ino, pgoff);
            if (frame != NO_PAGE && map.test(frame, DIRTY)) {
                writePage(ino, pgoff, frame, expired, true);
            }
        }
    }

    /**
     * Reclaim of a page-cache page; a dirty one only if {@code mayWrite}. A clean page leaving
     * goes to the cleancache backend, if there is one: a load of the frame (the copy) and a put.
     */
    boolean reclaimPage(int frame, boolean mayWrite) {
        Inode ino = (Inode) index.ownerOf(frame);
        int pgoff = index.pgoffOf(frame);
        if (map.test(frame, DIRTY)) {
            if (!mayWrite) {
                return false;
            }
            if (!writePage(ino, pgoff, frame, false, false)) {
                return true;
            }
        }
        if (cleancache != null && !putToCleancache(ino, pgoff, frame)) {
            return true;
        }
        evict(ino, pgoff, frame);
        return true;
    }

    /**
     * The load that copies a page out (to disk or to the cleancache backend), made stable first if
     * hinted and checked against what the page holds; false if the page turned out discarded, in
     * which case it is dropped here.
     */
    private boolean loadForCopy(Inode ino, int pgoff, int frame) {
        if (!hints.makeStable(frame)) {
            dropDiscarded(ino, pgoff, frame);
            return false;
        }
        long seen = memory.load(frame);
        if (seen == GuestMemory.DISCARD_FAULT) {
            dropDiscarded(ino, pgoff, frame);
            return false;
        }
        verify(ino, pgoff, frame, seen);
        return true;
    }

    /** cleancache_put_page; false if the copy found the page discarded, which drops it here. */
    private boolean putToCleancache(Inode ino, int pgoff, int frame) {
        if (!loadForCopy(ino, pgoff, frame)) {
            return false;
        }
        cleancache.put(ino.id, pgoff, token(ino, pgoff, ino.written[pgoff]));
        counters.cleancachePuts++;
        return true;
    }

    /**
     * Shrinks a file to {@code pages} pages: its pages beyond are dropped, dirty or not, and
     * their contents are gone.
     */
    void truncate(Inode ino, int pages) {
        if (pages < 0 || pages > ino.pages) {
            throw new IllegalArgumentException("cannot truncate " + ino + " of " + ino.pages + " pages to "
                    + pages + " pages: the new size must be 0.." + ino.pages);
        }
        for (int pgoff = index.nextPresent(ino, pages); pgoff >= 0; pgoff = index.nextPresent(ino, pgoff + 1)) {
            evict(ino, pgoff, index.frame(ino, pgoff));
        }
        if (cleancache != null) {
            cleancache.invalidateInode(ino.id);
        }
        ino.pages = pages;
        ino.written = Arrays.copyOf(ino.written, pages);
        ino.onDisk = Arrays.copyOf(ino.onDisk, pages);
        ino.shrink(pages);
    }

    void delete(Inode ino) {
        truncate(ino, 0);
        ino.deleted = true;
        files.remove(ino.id);
    }

    /**
     * A mapping of the file went away. Whether a page is mapped writable ({@link
     * PageFlags#MAPPED_WRITE}, the series' {@code PG_writable}, patch 4/6) is per page: set when
     * its first writable page-table entry is made ({@link FileAccess}'s fault), and cleared by
     * {@code page_reset_writable} only when the page's map count reaches zero, here when the
     * file has no mapping left (page tables are per file in this model). That clear issues no
     * ESSA; the make-volatile that follows the unmap ({@code page_remove_rmap} calls
     * {@code page_make_volatile}) then makes a clean page volatile rather than potentially
     * volatile. A dirty page stays potentially volatile, its change bit set, until written back.
     */
    void unmapped(Inode ino) {
        if (ino.mappings != 0) {
            return;
        }
        for (int pgoff = index.nextPresent(ino, 0); pgoff >= 0; pgoff = index.nextPresent(ino, pgoff + 1)) {
            int frame = index.frame(ino, pgoff);
            boolean wasWritable = map.test(frame, MAPPED_WRITE);
            map.clear(frame, MAPPED | MAPPED_WRITE);
            if (wasWritable && map.test(frame, HINTED) && !map.test(frame, DIRTY)) {
                map.clear(frame, HINTED); // potentially volatile so far: made volatile again, now not writable
                hints.makeVolatile(frame);
            }
        }
    }

    long bytes() {
        long sum = 0;
        for (Inode ino : files.values()) {
            sum += ino.directoryBytes();
        }
        return sum;
    }
}
