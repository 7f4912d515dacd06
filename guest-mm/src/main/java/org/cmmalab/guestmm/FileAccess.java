package org.cmmalab.guestmm;

import static org.cmmalab.guestmm.BuddyAllocator.NO_PAGE;
import static org.cmmalab.guestmm.PageFlags.MAPPED;
import static org.cmmalab.guestmm.PageFlags.MAPPED_WRITE;

/**
 * How a process reaches file pages: {@code read(2)} and {@code write(2)}, which enter the kernel
 * and look the page up ({@code filemap_read}, {@code generic_perform_write}), and loads and stores
 * through a shared mapping, which go straight to the frame once the page is mapped and enter the
 * kernel only on a page fault ({@code filemap_fault}).
 *
 * <p>A system call makes the page stable for the copy and releases it after: with hints on, two
 * ESSA per call on a hinted page. A mapped access issues no ESSA: a mapped clean page stays
 * volatile (read-only mapping) or potentially volatile (writable mapping) while the process uses
 * it. If the host has discarded it, the access raises a discard fault; the handler drops the page
 * from the page cache and the mapping, and the retried access faults, misses and reads the page
 * again: one discard fault and one disk read per discarded page re-referenced. A page fault
 * makes a cached page stable to map it and releases it mapped, as the series does in
 * {@code filemap_fault}.
 *
 * <p>Each access follows {@link PageCache}'s protocol: a system call pins the page for its use
 * and a write holds the page's state-change lock across its store; a load through a mapping holds
 * nothing but the frame number its page-table entry gave (race 3); a store through one pins the
 * page, so that no other vCPU evicts it while the store may wait for a host fault.
 */
final class FileAccess {
    private final Vcpus vcpus;
    private final MemMap map;
    private final PageLocks locks;
    private final PageIndex index;
    private final Lru lru;
    private final PageCache cache;
    private final PageAllocator allocator;
    private final DiscardFaultHandler handler;
    private final GuestCounters counters;

    FileAccess(Vcpus vcpus, MemMap map, PageLocks locks, PageIndex index, Lru lru, PageCache cache,
               PageAllocator allocator, DiscardFaultHandler handler, GuestCounters counters) {
        this.vcpus = vcpus;
        this.map = map;
        this.locks = locks;
        this.index = index;
        this.lru = lru;
        this.cache = cache;
        this.allocator = allocator;
        this.handler = handler;
        this.counters = counters;
    }

    /** read(2) of one page; the token read, or {@link GuestKernel#NO_MEMORY}. */
    long read(int file, int page) {
        Inode ino = cache.inode(file);
        PageCache.checkPage(ino, page);
        for (;;) {
            int before = ino.written[page];
            int frame = getPage(ino, page);
            if (frame == NO_PAGE) {
                return GuestKernel.NO_MEMORY;
            }
            if (frame == PageCache.RETRY) {
                continue;
            }
            lru.markAccessed(frame);
            long seen = vcpus.load(frame);
            if (seen == GuestMemory.DISCARD_FAULT) {
                map.addPins(frame, -1);
                handler.handle(frame);
                continue;
            }
            cache.verify(ino, page, frame, seen, before);
            cache.put(frame);
            return seen;
        }
    }

    /**
     * read(2) of the uncached pages from {@code page}, up to {@code max} of them, as {@link #read}s
     * in kernel entries of their own would, in one step; returns how many it read, 0 if it takes
     * none (the caller then takes the per-page path). The caller has checked what
     * {@code AnonMemory.storeFreshRun} needs: atomic entries, 4 KiB frames, no kswapd wanted.
     *
     * <p>Why it is exact, as for a run of anonymous first touches: the frames are one block's,
     * taken at once where allocations on the fast path would return them in that order
     * ({@link PageAllocator#fastRun}, so no reclaim and no kswapd), and each page then goes through
     * a miss's steps, with its machine accesses in the per-page order: its frame's hint and
     * listeners, the cleancache lookup, the read-in's store, the change-bit reset, the read's load,
     * the make-volatile at the end of the use. Nothing the host does between them reaches the
     * guest, so none of the checks a read-in makes after its I/O (another vCPU cached the page, its
     * disk content changed) can fail, and a fresh page's load cannot take a discard fault; either
     * is an {@link IllegalStateException}.
     */
    int readRun(int file, int page, int max) {
        Inode ino = cache.inode(file);
        PageCache.checkPage(ino, page);
        int n = 0;
        while (n < max && page + n < ino.pages && index.get(ino, page + n) == PageIndex.EMPTY) {
            n++;
        }
        int count = n == 0 ? 0 : allocator.fastRun(n);
        if (count == 0) {
            return 0;
        }
        int first = allocator.takeRun(count);
        for (int i = 0; i < count; i++) {
            int frame = first + i;
            int pg = page + i;
            allocator.runFrameAllocated(frame);
            int before = ino.written[pg];
            if (cache.readInto(ino, pg, frame) != frame) {
                throw new IllegalStateException(ino + " page " + pg + " changed during its read-in by the only vCPU");
            }
            lru.markAccessed(frame);
            long seen = vcpus.load(frame);
            if (seen == GuestMemory.DISCARD_FAULT) {
                throw new IllegalStateException("frame " + frame + ", just read in, faulted as discarded");
            }
            cache.verify(ino, pg, frame, seen, before);
            cache.put(frame);
        }
        return count;
    }

    /** write(2) of one page; the token written, or {@link GuestKernel#NO_MEMORY}. */
    long write(int file, int page, long now) {
        Inode ino = cache.inode(file);
        PageCache.checkPage(ino, page);
        for (;;) {
            int frame = lockedPageForWrite(ino, page);
            if (frame == NO_PAGE) {
                return GuestKernel.NO_MEMORY;
            }
            lru.markAccessed(frame);
            long token = cache.storeVersion(ino, page, frame, ino.written[page] + 1, now);
            locks.release(frame);
            if (token == GuestMemory.DISCARD_FAULT) {
                map.addPins(frame, -1);
                handler.handle(frame);
                continue;
            }
            cache.put(frame);
            return token;
        }
    }

    FileMapping map(int file, boolean writable) {
        Inode ino = cache.inode(file);
        ino.mappings++;
        return new FileMapping(ino, writable);
    }

    void unmap(FileMapping mapping) {
        if (!mapping.live) {
            throw new IllegalArgumentException(mapping + " was unmapped already");
        }
        mapping.live = false;
        Inode ino = mapping.inode;
        if (ino.deleted) {
            return;
        }
        ino.mappings--;
        cache.unmapped(ino);
    }

    /** A load or store through a mapping; the token seen or written, or {@link GuestKernel#NO_MEMORY}. */
    long touch(FileMapping mapping, int page, boolean store, long now) {
        checkLive(mapping);
        Inode ino = mapping.inode;
        PageCache.checkPage(ino, page);
        if (store && !mapping.writable) {
            throw new IllegalArgumentException("store to page " + page + " through a read-only mapping of " + ino);
        }
        int mappedFlag = mapping.writable ? MAPPED_WRITE : MAPPED;
        for (;;) {
            int frame = index.frame(ino, page);
            if (frame == NO_PAGE || !map.test(frame, mappedFlag)) {
                int faulted = fault(ino, page, mapping.writable);
                if (faulted == NO_PAGE) {
                    return GuestKernel.NO_MEMORY;
                }
                continue;
            }
            counters.mappedAccesses++;
            lru.pteAccessed(frame);
            long result;
            if (store) {
                map.addPins(frame, 1);
                result = cache.storeVersion(ino, page, frame, ino.written[page] + 1, now);
                map.addPins(frame, -1);
            } else {
                int before = ino.written[page];
                result = vcpus.load(frame);
                if (result != GuestMemory.DISCARD_FAULT) {
                    cache.verify(ino, page, frame, result, before);
                }
            }
            if (result == GuestMemory.DISCARD_FAULT) {
                handler.handle(frame);
                continue;
            }
            return result;
        }
    }

    /** filemap_fault: finds or reads the page and maps it; NO_PAGE if memory ran out, else its frame or RETRY. */
    private int fault(Inode ino, int page, boolean writable) {
        int frame = getPage(ino, page);
        if (frame >= 0) {
            map.set(frame, writable ? MAPPED | MAPPED_WRITE : MAPPED);
            cache.put(frame);
        }
        return frame;
    }

    /** A page-cache lookup that reads the page in on a miss: its frame, pinned; NO_PAGE if memory ran out; or RETRY. */
    private int getPage(Inode ino, int page) {
        int frame = cache.findStable(ino, page);
        if (frame != NO_PAGE) {
            counters.pageCacheHits++;
            return frame;
        }
        return cache.readIn(ino, page);
    }

    /**
     * A page-cache lookup for a write of the whole page: the page's frame, pinned and locked; on a
     * miss the page is added without reading it, since every byte is about to be overwritten
     * (Linux's {@code block_write_begin} reads a block only when the write covers part of it);
     * NO_PAGE if memory ran out.
     */
    private int lockedPageForWrite(Inode ino, int page) {
        int frame = cache.findStable(ino, page);
        if (frame == NO_PAGE) {
            return cache.addForWrite(ino, page);
        }
        counters.pageCacheHits++;
        if (cache.lockPage(ino, page) != frame) { // pinned, so it cannot have left the cache
            throw new IllegalStateException(ino + " page " + page + " left frame " + frame + " while pinned");
        }
        return frame;
    }

    private static void checkLive(FileMapping mapping) {
        if (!mapping.live()) {
            throw new IllegalArgumentException(mapping + " is no longer live: it was unmapped or its file deleted");
        }
    }
}
