package org.cmmalab.guestmm;

import static org.cmmalab.guestmm.BuddyAllocator.NO_PAGE;
import static org.cmmalab.guestmm.PageFlags.DIRTY;
import static org.cmmalab.guestmm.PageFlags.HINTED;
import static org.cmmalab.guestmm.PageFlags.MAPPED;
import static org.cmmalab.guestmm.PageFlags.MAPPED_WRITE;
import static org.cmmalab.guestmm.PageFlags.WRITEBACK;

import java.util.Arrays;
import org.cmmalab.guestmm.tmem.Cleancache;
import org.eclipse.collections.impl.map.mutable.primitive.IntObjectHashMap;

/**
 * The page cache over files, after Linux {@code mm/filemap.c}, with the hint points of the guest
 * page hinting series (Schwidefsky et al., "Guest page hinting version 7", linux-mm 2009-03-27,
 * {@code mm/page-states.c}; docs/state-model.md section 5), and the protocol that keeps them right
 * when several vCPUs and the host's pager use the same pages at once (section 6, races 1 to 3).
 * This class holds that protocol; {@link FileAccess}, {@link AnonMemory} and the discard-fault
 * handler call it, and it runs unchanged in a simulation and on real threads ({@link Vcpus}).
 *
 * <p>A page-cache page is stable while the kernel uses it and while it is dirty. When a use ends
 * ({@link #put}, the series' {@code page_make_volatile} at {@code put_page}) and the page is clean,
 * on the LRU, in its file's index and unused by anyone else, it becomes volatile, or potentially
 * volatile if a writable mapping maps it (the host then checks the change bit before it
 * discards). Such a page carries {@link PageFlags#HINTED}. Every use of a hinted page starts with
 * SET_STABLE_IF_RESIDENT ({@link #findStable}, the series' {@code page_make_stable} in
 * {@code find_get_page}): an old state of {@code Vz} means the host discarded it, and the page is
 * dropped and read again. SET_STABLE there would turn the lost content into zeros.
 *
 * <h2>The protocol</h2>
 * What a page has besides its content: its place in the cache (its file's index entry, and the
 * frame's reverse map), its flags, its pins and its state-change lock ({@link MemMap}). All of it
 * is kept under the kernel lock; what makes the protocol is which of it may change while a vCPU
 * is at a preemption point ({@link Vcpus}) and the host reclaims behind everyone's back.
 * <ul>
 *   <li><b>The state-change lock</b> ({@code PG_state_change}) orders a page's usage-state
 *       changes and its leaving the cache. Make-stable ({@link #findStable}), writers, write-back
 *       and removal take it and may wait for it; make-volatile only tries it and gives up
 *       (race 2), because it runs at the end of any use, in interrupt context too (a write-back's
 *       completion, {@link #endWriteback}), perhaps on a vCPU that holds the lock already.</li>
 *   <li><b>Pins</b> count the users of a page's frame besides the cache: they are taken under the
 *       lock, so a make-volatile that finds none under the lock hints a page nobody uses, and a
 *       pinned page is never made volatile, evicted or truncated. A frame of the cache is
 *       therefore stable while pinned, and loads and stores through a pin never fault as
 *       discarded.</li>
 *   <li><b>Make-stable</b> (race 1) is one ESSA, SET_STABLE_IF_RESIDENT, made holding the lock:
 *       it and the host's discard are each one step of the frame table, so exactly one wins, and
 *       the old state says which.</li>
 *   <li><b>Frames leaving the cache</b> (eviction, truncation, a discard) are taken out by the
 *       holder of the lock, which lets go of it and retires the frame ({@link RetiredFrames}, race
 *       3): a vCPU that read the frame number before may still load from it, and its
 *       discard-fault handler finds the page gone through the reverse map, without mistaking
 *       another page for it, because the frame is not reused until that vCPU has moved on.</li>
 *   <li><b>A read-in</b> reads into a frame nobody else can see, and caches it only if the page
 *       is still missing and its disk version unchanged when the read completes; otherwise the
 *       frame goes straight back. A page added for a write of the whole page is cached locked,
 *       so nobody reads it before its content is there.</li>
 *   <li><b>Readers</b> check what they saw against the versions the page held while they ran:
 *       at least the one written before they started, at most one more than the one written after
 *       they finished (a writer holds the lock across its store and counts the version after).</li>
 * </ul>
 *
 * <p>All content moves through real accesses to the page's own frame: a read-in stores the disk's
 * token, a write-back loads the page. Each read is checked ({@link #verify}).
 */
final class PageCache {
    /** {@link #readIn} found the page cached by another vCPU, or changed on disk, meanwhile: look it up again. */
    static final int RETRY = -2;

    private final Vcpus vcpus;
    private final MemMap map;
    private final PageLocks locks;
    private final PageIndex index;
    private final Lru lru;
    private final HintPoints hints;
    private final PageAllocator allocator;
    private final RetiredFrames retired;
    private final GuestCounters counters;
    private final LostPages lost;
    private final int guest;
    private final int image;
    private final IntObjectHashMap<Inode> files = new IntObjectHashMap<>();
    private Cleancache cleancache;
    private final Writeback writeback;
    private GuestKernel kernel;
    private int nextFile;

    PageCache(Vcpus vcpus, MemMap map, PageLocks locks, PageIndex index, Lru lru, HintPoints hints, PageAllocator allocator,
              RetiredFrames retired, GuestCounters counters, LostPages lost, int guest, int image,
              long dirtyExpireNanos) {
        this.vcpus = vcpus;
        this.map = map;
        this.locks = locks;
        this.index = index;
        this.lru = lru;
        this.hints = hints;
        this.allocator = allocator;
        this.retired = retired;
        this.counters = counters;
        this.lost = lost;
        this.guest = guest;
        this.image = image;
        this.writeback = new Writeback(this, dirtyExpireNanos);
    }

    /** The kernel whose interrupt windows this cache opens (make-stable holds a lock there). */
    void attach(GuestKernel k) {
        this.kernel = k;
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

    // ---------------------------------------------------------------- the lock and pins

    /**
     * Takes the state-change lock of the page at {@code pgoff} of {@code space} (a file, or a
     * process's anonymous memory), waiting while another vCPU holds it; returns its frame, locked,
     * or {@link BuddyAllocator#NO_PAGE} if the page is not resident.
     */
    int lockPage(AddressSpace space, int pgoff) {
        for (;;) {
            int frame = index.frame(space, pgoff);
            if (frame == NO_PAGE || locks.acquire(frame)) {
                return frame;
            }
            counters.stateChangeLockWaits++;
            vcpus.lockWait(); // the holder moves on; the page may be gone after
        }
    }

    /** The page's frame, locked, if it is resident and its lock free; NO_PAGE otherwise. Never waits. */
    private int tryLockPage(AddressSpace space, int pgoff) {
        int frame = index.frame(space, pgoff);
        return frame != NO_PAGE && locks.tryAcquire(frame) ? frame : NO_PAGE;
    }

    /**
     * find_get_page with page_make_stable: the page's frame, stable and pinned; NO_PAGE if the page
     * is not cached or was discarded (then it is dropped here, to be read again).
     */
    int findStable(Inode ino, int pgoff) {
        int frame = lockPage(ino, pgoff);
        if (frame == NO_PAGE) {
            return NO_PAGE;
        }
        vcpus.interruptWindow(kernel);
        if (!hints.makeStable(frame)) {
            remove(ino, pgoff, frame, true);
            return NO_PAGE;
        }
        map.addPins(frame, 1);
        locks.release(frame);
        return frame;
    }

    /**
     * put_page with page_make_volatile: the end of a use of a pinned page. Drops the pin and tries
     * to make the page volatile (see {@link #tryMakeVolatile}).
     */
    void put(int frame) {
        map.addPins(frame, -1);
        tryMakeVolatile(frame);
    }

    /**
     * page_make_volatile: only tries the state-change lock, never waits (race 2: it may run in
     * interrupt context on a vCPU that holds the lock); under it, a page that is cached, unpinned,
     * clean and not under write-back becomes volatile ({@link HintPoints#makeVolatile}).
     */
    void tryMakeVolatile(int frame) {
        if (!hints.makesVolatile()) {
            return;
        }
        if (!locks.tryAcquire(frame)) {
            counters.volatileGaveUp++;
            return;
        }
        if (map.owner(frame) != MemMap.NO_OWNER && map.pins(frame) == 0 && !map.test(frame, WRITEBACK)) {
            hints.makeVolatile(frame);
        }
        locks.release(frame);
    }

    // ---------------------------------------------------------------- misses

    /**
     * A miss: reads the page into a frame of its own (from the cleancache backend if it still
     * holds the page, else from disk) and caches it, pinned. NO_PAGE if memory ran out;
     * {@link #RETRY} if another vCPU cached the page, or its disk content changed, during the read
     * (the frame went back; look again).
     */
    int readIn(Inode ino, int pgoff) {
        int frame = allocator.allocPages(0);
        if (frame == NO_PAGE) {
            return NO_PAGE;
        }
        return readInto(ino, pgoff, frame);
    }

    /** {@link #readIn} into {@code frame}, just allocated: its frame, pinned, or {@link #RETRY} (the frame went back). */
    int readInto(Inode ino, int pgoff, int frame) {
        map.setFlags(frame, 0);
        counters.pageCacheMisses++;
        int version = ino.onDisk[pgoff];
        long content = cleancache == null ? Cleancache.MISS : cleancache.get(ino.id, pgoff);
        if (content == Cleancache.MISS) {
            counters.diskReads++;
            content = token(ino, pgoff, version);
        } else {
            counters.cleancacheHits++;
        }
        vcpus.ioWait();
        if (!vcpus.store(frame, content)) {
            throw new IllegalStateException("frame " + frame + " faulted as discarded right after SET_STABLE");
        }
        hints.matchesBacking(frame);
        if (index.frame(ino, pgoff) != NO_PAGE || ino.deleted || pgoff >= ino.pages || ino.onDisk[pgoff] != version) {
            allocator.freeUnseen(frame);
            return RETRY;
        }
        insert(ino, pgoff, frame);
        map.addPins(frame, 1);
        return frame;
    }

    /**
     * A page about to be overwritten whole: a frame indexed for it, its content not yet there (no
     * disk read), pinned and locked so that nobody reads it before the caller stores and unlocks;
     * NO_PAGE if memory ran out. An older copy the cleancache backend may hold is dropped
     * (cleancache_invalidate_page; here an exclusive get whose answer is not used): a host that
     * discards this page once it is clean would otherwise bring the old content back on the next
     * read-in.
     */
    int addForWrite(Inode ino, int pgoff) {
        int frame = allocator.allocPages(0);
        if (frame == NO_PAGE) {
            return NO_PAGE;
        }
        map.setFlags(frame, 0);
        insert(ino, pgoff, frame);
        map.addPins(frame, 1);
        if (!locks.acquire(frame)) {
            throw new IllegalStateException("frame " + frame + " was locked before its page was cached");
        }
        if (cleancache != null) {
            cleancache.get(ino.id, pgoff);
        }
        return frame;
    }

    private void insert(Inode ino, int pgoff, int frame) {
        index.set(ino, pgoff, PageIndex.frameEntry(frame));
        lru.add(frame);
        counters.pageCachePages++;
    }

    // ---------------------------------------------------------------- writes and reads

    /**
     * Stores version {@code version} of the page into {@code frame}, which the caller has pinned
     * and locked: the token, or {@link GuestMemory#DISCARD_FAULT} with nothing changed. The
     * version counts once the store has landed, so a reader never sees a version ahead of the
     * count by more than the one being stored.
     */
    long storeVersion(Inode ino, int pgoff, int frame, int version, long now) {
        long token = token(ino, pgoff, version);
        if (!vcpus.store(frame, token)) {
            return GuestMemory.DISCARD_FAULT;
        }
        ino.written[pgoff] = version;
        markDirty(ino, frame, now);
        return token;
    }

    /**
     * Checks what a read saw against the versions the page held while it ran: {@code before}, the
     * count when it started, up to one more than the count now (a write in flight). A mismatch is a
     * lost page, reported, and the frame is given the current content so that one loss is counted
     * once.
     */
    void verify(Inode ino, int pgoff, int frame, long seen, int before) {
        int after = ino.written[pgoff];
        for (int v = before; v <= after + 1; v++) {
            if (seen == token(ino, pgoff, v)) {
                return;
            }
        }
        long expected = token(ino, pgoff, after);
        lost.report(ino, pgoff, frame, expected, seen);
        vcpus.store(frame, expected);
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

    // ---------------------------------------------------------------- leaving the cache

    /**
     * Takes the page in {@code frame}, whose lock the caller holds and which nobody pins, out of
     * its file's index, the LRU and every mapping; lets go of the lock and retires the frame. A
     * {@code discarded} page whose last write had not reached the disk cannot have been discarded
     * legitimately: its data is lost, reported, and from now on the file holds what its disk holds.
     */
    private void remove(Inode ino, int pgoff, int frame, boolean discarded) {
        if (map.pins(frame) != 0) {
            throw new IllegalStateException(ino + " page " + pgoff + " in frame " + frame + " left the cache while in use");
        }
        if (discarded && ino.written[pgoff] != ino.onDisk[pgoff]) {
            lost.report(ino, pgoff, frame, token(ino, pgoff, ino.written[pgoff]), GuestMemory.DISCARD_FAULT);
            ino.written[pgoff] = ino.onDisk[pgoff];
        }
        index.clear(ino, pgoff);
        lru.remove(frame);
        if (map.test(frame, DIRTY)) {
            markClean(ino, frame);
        }
        counters.pageCachePages--;
        locks.release(frame);
        retired.retire(frame);
    }

    /**
     * The discard-fault handler's part for a file page: the page that was in {@code frame} is
     * dropped, to be read again, if it is still there (race 3: another vCPU may have dropped it,
     * and the frame may hold nothing now, since it is not reused until this vCPU moves on).
     */
    void dropDiscarded(Inode ino, int pgoff, int frame) {
        int now = lockPage(ino, pgoff);
        if (now == frame) {
            remove(ino, pgoff, frame, true);
            return;
        }
        if (now != NO_PAGE) {
            locks.release(now); // read again into another frame since
        }
        counters.lateDiscardFaults++;
    }

    /**
     * Guest reclaim of one page-cache page, with preemption disabled: a page another vCPU has
     * locked, pinned or under write-back stays (reclaim only tries the lock, as
     * {@code shrink_folio_list} does {@code folio_trylock}); a dirty one is written first if
     * {@code mayWrite}. A clean page leaving goes to the cleancache backend, if there is one.
     * Returns whether the page left (written, put, dropped as discarded, or evicted).
     */
    boolean reclaimPage(int frame, boolean mayWrite) {
        if (!locks.tryAcquire(frame)) {
            return false;
        }
        Inode ino = (Inode) index.ownerOf(frame);
        int pgoff = index.pgoffOf(frame);
        if (map.pins(frame) != 0 || map.test(frame, WRITEBACK) || map.test(frame, DIRTY) && !mayWrite) {
            locks.release(frame);
            return false;
        }
        if (map.test(frame, DIRTY)) {
            if (!writePage(ino, pgoff, frame, false)) {
                return true;
            }
            if (map.test(frame, WRITEBACK)) {
                locks.release(frame); // completes later, as an interrupt; reclaim meets the page again
                return false;
            }
        }
        if (cleancache != null && !putToCleancache(ino, pgoff, frame)) {
            return true;
        }
        remove(ino, pgoff, frame, false);
        return true;
    }

    /**
     * Page migration's part for a page-cache page, with preemption disabled: the page in
     * {@code frame} locked, made stable, loaded and checked, so that its content can move; returns
     * that content, holding the lock, or {@link PageMigration#BUSY} (locked, pinned or under
     * write-back: the lock is not taken) or {@link PageMigration#GONE} (it turned out discarded
     * and was dropped, its lock let go with it).
     */
    long lockForMigration(int frame) {
        if (!locks.tryAcquire(frame)) {
            return PageMigration.BUSY;
        }
        if (map.pins(frame) != 0 || map.test(frame, WRITEBACK)) {
            locks.release(frame);
            return PageMigration.BUSY;
        }
        Inode ino = (Inode) index.ownerOf(frame);
        int pgoff = index.pgoffOf(frame);
        if (!loadForCopy(ino, pgoff, frame)) {
            return PageMigration.GONE;
        }
        return token(ino, pgoff, ino.written[pgoff]);
    }

    /**
     * One page of a file of the cache, dropped by request (POSIX_FADV_DONTNEED on one page, Linux
     * {@code invalidate_mapping_pages}, here also for mapped pages): a page that is cached, clean,
     * unpinned and not under write-back leaves the cache. Whether it did.
     */
    boolean drop(Inode ino, int pgoff) {
        int frame = lockPage(ino, pgoff);
        if (frame == NO_PAGE) {
            return false;
        }
        if (map.pins(frame) != 0 || map.test(frame, DIRTY | WRITEBACK)) {
            locks.release(frame);
            return false;
        }
        remove(ino, pgoff, frame, false);
        return true;
    }

    // ---------------------------------------------------------------- write-back

    /**
     * Writes one dirty page to disk, holding its lock: a load of its frame (made stable first if
     * hinted), then it is clean, under write-back and pinned by the I/O until the write completes
     * ({@link #endWriteback}: at once in a simulation, as an interrupt under threads), when it is
     * made volatile again if {@code rehint}. Returns false if the page turned out discarded and
     * was dropped (its lock let go with it); otherwise the caller still holds the lock.
     */
    private boolean writePage(Inode ino, int pgoff, int frame, boolean expired) {
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
        map.set(frame, WRITEBACK);
        map.addPins(frame, 1);
        if (vcpus.writebackSubmitted(frame)) {
            completeWriteback(frame);
        }
        return true;
    }

    /**
     * The write-back I/O of the page in {@code frame} completed (end_page_writeback): it is no
     * longer under write-back, the I/O's pin goes, and make-volatile is tried. Runs in interrupt
     * context, perhaps on a vCPU that holds the page's lock: it takes no lock that waits.
     */
    void endWriteback(int frame) {
        completeWriteback(frame);
        tryMakeVolatile(frame);
    }

    private void completeWriteback(int frame) {
        map.clear(frame, WRITEBACK);
        map.addPins(frame, -1);
    }

    /**
     * Writes back every dirty page of a file; each page is made volatile again once written. The
     * flusher ({@code expired}) skips a page another vCPU holds locked, to meet it on its next pass:
     * it runs as a kernel thread, which must not wait for a vCPU (a simulation runs it between the
     * vCPUs' steps); sync(2) waits for it.
     */
    void writebackInode(Inode ino, boolean expired) {
        for (int pgoff = index.nextPresent(ino, 0); pgoff >= 0 && ino.dirtyPages > 0;
             pgoff = index.nextPresent(ino, pgoff + 1)) {
            writebackPage(ino, pgoff, expired);
        }
    }

    /**
     * Starts write-back of one page if it is cached, dirty and not under write-back already; whether
     * it did. The flusher's ({@code expired}) only tries the page's lock.
     */
    boolean writebackPage(Inode ino, int pgoff, boolean expired) {
        int frame = expired ? tryLockPage(ino, pgoff) : lockPage(ino, pgoff);
        if (frame == NO_PAGE) {
            return false;
        }
        if (!map.test(frame, DIRTY) || map.test(frame, WRITEBACK)) {
            locks.release(frame);
            return false;
        }
        if (!writePage(ino, pgoff, frame, expired)) {
            return false;
        }
        locks.release(frame);
        if (!map.test(frame, WRITEBACK)) {
            tryMakeVolatile(frame);
        }
        return true;
    }

    /**
     * The load that copies a page out (to disk or to the cleancache backend), holding its lock,
     * made stable first if hinted and checked against what the page holds; false if the page
     * turned out discarded, in which case it is dropped here with its lock.
     */
    private boolean loadForCopy(Inode ino, int pgoff, int frame) {
        if (!hints.makeStable(frame)) {
            remove(ino, pgoff, frame, true);
            return false;
        }
        int before = ino.written[pgoff];
        long seen = vcpus.load(frame);
        if (seen == GuestMemory.DISCARD_FAULT) {
            remove(ino, pgoff, frame, true);
            return false;
        }
        verify(ino, pgoff, frame, seen, before);
        return true;
    }

    /** cleancache_put_page, holding the lock; false if the copy found the page discarded, which drops it here. */
    private boolean putToCleancache(Inode ino, int pgoff, int frame) {
        if (!loadForCopy(ino, pgoff, frame)) {
            return false;
        }
        cleancache.put(ino.id, pgoff, token(ino, pgoff, ino.written[pgoff]));
        counters.cleancachePuts++;
        return true;
    }

    // ---------------------------------------------------------------- files

    /**
     * Shrinks a file to {@code pages} pages: its pages beyond are dropped, dirty or not, and
     * their contents are gone. Each waits until nobody uses it.
     */
    void truncate(Inode ino, int pages) {
        if (pages < 0 || pages > ino.pages) {
            throw new IllegalArgumentException("cannot truncate " + ino + " of " + ino.pages + " pages to "
                    + pages + " pages: the new size must be 0.." + ino.pages);
        }
        for (int pgoff = index.nextPresent(ino, pages); pgoff >= 0; pgoff = index.nextPresent(ino, pgoff + 1)) {
            int frame = lockUnused(ino, pgoff);
            if (frame != NO_PAGE) {
                remove(ino, pgoff, frame, false);
            }
        }
        if (cleancache != null) {
            cleancache.invalidateInode(ino.id);
        }
        ino.pages = pages;
        ino.written = Arrays.copyOf(ino.written, pages);
        ino.onDisk = Arrays.copyOf(ino.onDisk, pages);
        ino.shrink(pages);
    }

    /** The page's frame, locked, once nobody pins it and no write-back is in flight; NO_PAGE if it left meanwhile. */
    private int lockUnused(Inode ino, int pgoff) {
        for (;;) {
            int frame = lockPage(ino, pgoff);
            if (frame == NO_PAGE || map.pins(frame) == 0 && !map.test(frame, WRITEBACK)) {
                return frame;
            }
            locks.release(frame);
            vcpus.lockWait();
        }
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
            int frame = lockPage(ino, pgoff);
            if (frame == NO_PAGE) {
                continue;
            }
            boolean wasWritable = map.test(frame, MAPPED_WRITE);
            map.clear(frame, MAPPED | MAPPED_WRITE);
            boolean rehint = wasWritable && map.test(frame, HINTED) && !map.test(frame, DIRTY);
            if (rehint) {
                map.clear(frame, HINTED); // potentially volatile so far: made volatile again, now not writable
            }
            locks.release(frame);
            if (rehint) {
                tryMakeVolatile(frame);
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
