package org.cmmalab.discardfault;

import java.util.Objects;
import java.util.function.IntConsumer;
import org.cmmalab.guestmm.ContentToken;
import org.cmmalab.guestmm.GuestMemory;
import org.cmmalab.pagestates.ContentState;
import org.cmmalab.pagestates.FrameState;
import org.cmmalab.pagestates.Orc;
import org.cmmalab.pagestates.UsageState;

/**
 * The page cache of one file, shared by several vCPUs of one guest, with the hint protocol of
 * the guest page hinting series (docs/state-model.md section 5) made safe for the races of section 6: a guest
 * kernel's page-cache lookups, reads, writes, write-backs, evictions and mapped loads, each one
 * kernel entry by one vCPU, racing each other and the host's reclaim of the same frames.
 *
 * <p>Content is a token per page version ({@link ContentToken#file}, guest 0, file 0); the file's
 * disk holds one version per page. Every read and mapped load is checked against the versions
 * the page held while it ran; a miss is reported to {@link PageCacheHooks#lostPage}.
 *
 * <h2>Concurrency protocol</h2>
 * Any number of vCPU threads call the public methods, each passing its own vCPU number; every
 * method is one kernel entry, bracketed by {@link FrameReuse#enter} and {@link FrameReuse#exit}.
 * Host threads reclaim the memory's frames behind the cache's back. Per page:
 * <ul>
 *   <li>its frame (the page-cache index, and the translation a mapped load follows), and per frame
 *       its page (the reverse map): changed only under the page's state-change lock; read without
 *       it, validated under it;</li>
 *   <li>its pins (users of the page's frame, including write-back I/O in flight): incremented only
 *       under the lock; decremented by the user when done, lock or not;</li>
 *   <li>its flags ({@code DIRTY}, {@code HINTED}: made volatile, {@code WRITEBACK}): atomic bit
 *       operations; set and cleared under the lock except {@code WRITEBACK}'s clearing, which the
 *       I/O completion does in interrupt context;</li>
 *   <li>its write count, a sequence count (twice the writes, plus one while a write runs): written
 *       by writers, who hold the lock, so one at a time; read by readers before and after, to
 *       know which versions they may see.</li>
 * </ul>
 * The descriptors are kept by {@link PageDescriptors}. The protocols:
 * <ul>
 *   <li><b>Make-stable</b> (lookup, race 1) takes the lock (it may wait) and, for a hinted page,
 *       issues SET_STABLE_IF_RESIDENT: one step that either makes the page stable with its content
 *       or reports that the host discarded it ({@code Vz}), in which case the page is dropped and
 *       read again. It pins the page before letting go of the lock.</li>
 *   <li><b>Make-volatile</b> (at the end of every use, race 2) only tries the lock: it may run in
 *       interrupt context on a vCPU that holds it (an I/O completion, {@link #endWriteback}), and
 *       gives up rather than wait. Under the lock it checks that the page is cached in that
 *       frame, unpinned, clean, not under write-back and not hinted yet. Because pins only grow
 *       under the lock, a page it makes volatile has no user, and a make-stable after it sees the
 *       hint.</li>
 *   <li><b>Frames leaving the cache</b> (drop, eviction, race 3) are retired to a {@link FrameReuse}:
 *       a vCPU that read the frame number before it left may still load from it, take a discard
 *       fault on it, and run the handler, which finds the page through the reverse map by frame
 *       number alone. The frame keeps its state while retired; it is made unused and freed when
 *       released.</li>
 *   <li><b>Writes</b> hold the lock across the store, so a page being written is never made
 *       volatile (the series' "not locked" condition) and writers of one page take turns.</li>
 * </ul>
 * A frame of the cache is stable while pinned (only make-volatile makes it volatile, and only when
 * unpinned), so loads and stores on it never fault as discarded. A frame allocated for a read-in
 * that loses the race to another vCPU is freed at once: nobody else saw it. Hot paths allocate
 * nothing.
 */
public final class SharedPageCache {
    /** No frame, no page. */
    public static final int NONE = PageDescriptors.NONE;

    private static final int DIRTY = PageDescriptors.DIRTY;
    private static final int HINTED = PageDescriptors.HINTED;
    private static final int WRITEBACK = PageDescriptors.WRITEBACK;

    private final GuestMemory memory;
    private final PageLocks locks;
    private final FrameReuse reuse;
    private final PageCacheHooks hooks;
    private final FramePool pool;
    private final IntConsumer freeRetired = new FreeRetired();
    private final PageDescriptors desc;

    /**
     * A cache of a file of {@code pages} pages, nothing cached yet, over every frame of
     * {@code memory}, which are all made unused and free. The guest must have more frames than
     * {@code pages}, plus one per vCPU that may allocate at once.
     */
    public SharedPageCache(GuestMemory memory, int pages, PageLocks locks, FrameReuse reuse, PageCacheHooks hooks) {
        this.memory = Objects.requireNonNull(memory, "memory");
        this.locks = Objects.requireNonNull(locks, "locks");
        this.reuse = Objects.requireNonNull(reuse, "reuse");
        this.hooks = Objects.requireNonNull(hooks, "hooks");
        int frames = memory.frames();
        if (pages <= 0 || pages >= frames) {
            throw new IllegalArgumentException("a cache of " + pages + " pages needs 1 to " + (frames - 1)
                    + " pages for " + frames + " frames");
        }
        this.pool = new FramePool(frames);
        this.desc = new PageDescriptors(pages, frames);
        for (int f = frames - 1; f >= 0; f--) {
            freeFrame(f);
        }
    }

    /** The production protocol: {@link StateChangeLock}, {@link DiscardQuarantine}, and {@code hooks}. */
    public static SharedPageCache of(GuestMemory memory, int pages, int vcpus, PageCacheHooks hooks) {
        return new SharedPageCache(memory, pages, new StateChangeLock(pages),
                new DiscardQuarantine(memory.frames(), vcpus), hooks);
    }

    /** The token of version {@code version} of page {@code page}. */
    public static long token(int page, long version) {
        return ContentToken.file(0, 0, page, (int) version);
    }

    /** read(2) of one page: made stable (read in if missing), loaded, released; the token seen. */
    public long read(int vcpu, int page) {
        reuse.enter(vcpu);
        try {
            return readStable(vcpu, page, desc.lvWrites(page));
        } finally {
            reuse.exit(vcpu);
        }
    }

    /** write(2) of one page: its next version is stored and the page is dirty; the token written. */
    public long write(int vcpu, int page) {
        reuse.enter(vcpu);
        try {
            int frame = getStable(vcpu, page);
            long token;
            locks.lock(page);
            try {
                long w = desc.lvWrites(page);
                token = token(page, (w >>> 1) + 1);
                desc.soWrites(page, w + 1);
                boolean stored = memory.store(frame, token);
                desc.soWrites(page, w + 2);
                desc.setFlags(page, DIRTY);
                if (!stored) {
                    hooks.lostPage(vcpu, page, token, GuestMemory.DISCARD_FAULT);
                }
            } finally {
                locks.unlock(page);
            }
            put(vcpu, page, frame);
            return token;
        } finally {
            reuse.exit(vcpu);
        }
    }

    /**
     * A load through a mapping of the file: straight to the page's frame with no make-stable, so a
     * frame the host discarded raises a discard fault, whose handler drops the page; the load is
     * then retried, and a page not cached is read in as by {@link #read}. The token seen.
     */
    public long touchMapped(int vcpu, int page) {
        reuse.enter(vcpu);
        try {
            for (;;) {
                long before = desc.lvWrites(page);
                int frame = desc.lvFrameOf(page);
                if (frame == NONE) {
                    return readStable(vcpu, page, before);
                }
                long seen = memory.load(frame);
                if (seen == GuestMemory.DISCARD_FAULT) {
                    hooks.discardFault(vcpu);
                    handleDiscardFault(vcpu, frame);
                    continue;
                }
                verify(vcpu, page, seen, before, desc.lvWrites(page));
                return seen;
            }
        } finally {
            reuse.exit(vcpu);
        }
    }

    /**
     * Starts writing a dirty page back to the file: its content goes to disk now, the page is
     * clean and its change bit reset, and it stays pinned and under write-back until the I/O
     * completion, {@link #endWriteback}, which the caller delivers later as an interrupt on this
     * vCPU. False, doing nothing, if the page was not dirty or is under write-back already.
     */
    public boolean writeback(int vcpu, int page) {
        reuse.enter(vcpu);
        try {
            int frame = getStable(vcpu, page);
            locks.lock(page);
            try {
                if ((desc.lvFlags(page) & (DIRTY | WRITEBACK)) == DIRTY) {
                    long version = desc.lvWrites(page) >>> 1;
                    long seen = memory.load(frame);
                    if (seen != token(page, version)) {
                        hooks.lostPage(vcpu, page, token(page, version), seen);
                    }
                    desc.soOnDisk(page, version);
                    memory.clean(frame);
                    desc.setFlags(page, WRITEBACK);
                    desc.clearFlags(page, DIRTY);
                    return true; // the pin goes with the I/O
                }
            } finally {
                locks.unlock(page);
            }
            put(vcpu, page, frame);
            return false;
        } finally {
            reuse.exit(vcpu);
        }
    }

    /**
     * The write-back I/O of {@code page} completed: runs in interrupt context on the vCPU that
     * started it (end_page_writeback), perhaps on top of that vCPU holding the page's
     * state-change lock, so it takes no lock; it drops the I/O's pin and tries make-volatile.
     */
    public void endWriteback(int vcpu, int page) {
        desc.clearFlags(page, WRITEBACK);
        put(vcpu, page, desc.lvFrameOf(page));
    }

    /** Guest reclaim of a page: if cached, unpinned, clean and not under write-back, it leaves the cache. */
    public boolean evict(int vcpu, int page) {
        reuse.enter(vcpu);
        try {
            locks.lock(page);
            try {
                int frame = desc.lvFrameOf(page);
                if (frame == NONE || desc.lvPins(page) != 0 || (desc.lvFlags(page) & (DIRTY | WRITEBACK)) != 0) {
                    return false;
                }
                remove(vcpu, page, frame, false);
                return true;
            } finally {
                locks.unlock(page);
            }
        } finally {
            reuse.exit(vcpu);
        }
    }

    /**
     * A frame for other use (anonymous memory), made stable: from the free pool, or released from
     * the quarantine, waiting for a grace period if it must; the vCPU must not be inside a kernel
     * entry of this cache. It goes back with {@link #freeFrame}.
     */
    public int allocateFrame(int vcpu) {
        reuse.enter(vcpu);
        try {
            int frame = allocate(vcpu);
            memory.essa(frame, Orc.SET_STABLE);
            return frame;
        } finally {
            reuse.exit(vcpu);
        }
    }

    /** Makes a frame that no other vCPU can reach unused and returns it to the free pool. */
    public void freeFrame(int frame) {
        memory.essa(frame, Orc.SET_UNUSED);
        pool.push(frame);
    }

    // ---------------------------------------------------------------- for checks at rest

    /** The frame caching {@code page}, or {@link #NONE}. */
    public int frameOf(int page) {
        return desc.lvFrameOf(page);
    }

    /** The page cached in {@code frame}, or {@link #NONE}. */
    public int pageOf(int frame) {
        return desc.lvPageOf(frame);
    }

    /** Whether {@code page} is dirty now. */
    public boolean isDirty(int page) {
        return (desc.lvFlags(page) & DIRTY) != 0;
    }

    /** Calls {@code action} for each free frame; only while no vCPU runs. */
    public void forEachFreeFrameAtRest(IntConsumer action) {
        pool.forEachAtRest(action);
    }

    // ---------------------------------------------------------------- internals

    private long readStable(int vcpu, int page, long before) {
        int frame = getStable(vcpu, page);
        long seen = memory.load(frame);
        long after = desc.lvWrites(page);
        put(vcpu, page, frame);
        verify(vcpu, page, seen, before, after);
        return seen;
    }

    /** find_get_page with page_make_stable: the page's frame, stable and pinned; read in if missing. */
    private int getStable(int vcpu, int page) {
        for (;;) {
            int frame = desc.lvFrameOf(page);
            if (frame == NONE) {
                frame = readIn(vcpu, page);
                if (frame != NONE) {
                    return frame;
                }
                continue;
            }
            locks.lock(page);
            try {
                if (desc.lvFrameOf(page) != frame) {
                    continue;
                }
                hooks.interruptWindow(vcpu);
                if ((desc.lvFlags(page) & HINTED) != 0) {
                    int old = memory.essa(frame, Orc.SET_STABLE_IF_RESIDENT);
                    desc.clearFlags(page, HINTED);
                    if (discarded(old)) {
                        hooks.discardWon(vcpu);
                        remove(vcpu, page, frame, true);
                        continue;
                    }
                }
                desc.addPins(page, 1);
                return frame;
            } finally {
                locks.unlock(page);
            }
        }
    }

    /**
     * A miss: reads the page from disk into a new frame and caches it, pinned, unless another vCPU
     * cached it first or its disk version changed meanwhile (then NONE, and the frame is freed).
     */
    private int readIn(int vcpu, int page) {
        int frame = allocate(vcpu);
        memory.essa(frame, Orc.SET_STABLE);
        long disk = desc.lvOnDisk(page);
        if (!memory.store(frame, token(page, disk))) {
            throw new IllegalStateException("frame " + frame + " faulted as discarded right after SET_STABLE");
        }
        memory.clean(frame);
        locks.lock(page);
        try {
            if (desc.lvFrameOf(page) == NONE && desc.lvOnDisk(page) == disk) {
                desc.soPageOf(frame, page);
                desc.addPins(page, 1);
                desc.soFrameOf(page, frame);
                return frame;
            }
        } finally {
            locks.unlock(page);
        }
        freeFrame(frame);
        return NONE;
    }

    /** put_page: drops a pin and tries page_make_volatile. */
    private void put(int vcpu, int page, int frame) {
        desc.addPins(page, -1);
        makeVolatile(vcpu, page, frame);
    }

    /** page_make_volatile: tries the lock, never waits; makes an unused clean page volatile. */
    private void makeVolatile(int vcpu, int page, int frame) {
        if (!locks.tryLock(page)) {
            hooks.volatileGaveUp(vcpu);
            return;
        }
        try {
            if (desc.lvFrameOf(page) == frame && desc.lvPins(page) == 0
                    && (desc.lvFlags(page) & (DIRTY | HINTED | WRITEBACK)) == 0) {
                memory.essa(frame, Orc.SET_VOLATILE);
                desc.setFlags(page, HINTED);
            }
        } finally {
            locks.unlock(page);
        }
    }

    /** The discard-fault handler: finds the page by frame number and drops it, if it is still there. */
    private void handleDiscardFault(int vcpu, int frame) {
        int page = desc.lvPageOf(frame);
        if (page == NONE) {
            hooks.lateDiscardFault(vcpu);
            return;
        }
        locks.lock(page);
        try {
            if (desc.lvFrameOf(page) == frame) {
                remove(vcpu, page, frame, true);
            } else {
                hooks.lateDiscardFault(vcpu);
            }
        } finally {
            locks.unlock(page);
        }
    }

    /**
     * Takes a page out of the cache (the caller holds its lock) and retires its frame. A page in
     * use cannot be discarded or evicted under this protocol: if it is pinned, something broke it,
     * and the caller is told with an {@link IllegalStateException}. A discarded dirty page lost
     * its last write: reported, and from now on the file holds what its disk holds.
     */
    private void remove(int vcpu, int page, int frame, boolean discarded) {
        if (desc.lvPins(page) != 0) {
            throw new IllegalStateException("page " + page + " in frame " + frame + " left the cache while in use");
        }
        desc.soFrameOf(page, NONE);
        desc.soPageOf(frame, NONE);
        int was = desc.clearFlags(page, DIRTY | HINTED);
        if (discarded && (was & DIRTY) != 0) {
            long w = desc.lvWrites(page);
            hooks.lostPage(vcpu, page, token(page, w >>> 1), GuestMemory.DISCARD_FAULT);
            desc.soWrites(page, desc.lvOnDisk(page) << 1);
        }
        reuse.retire(frame);
    }

    /** A free frame: from the pool, or released from the quarantine, waiting (quiescent) for a grace period if it must. */
    private int allocate(int vcpu) {
        for (;;) {
            int frame = pool.pop();
            if (frame != FramePool.NONE) {
                return frame;
            }
            if (reuse.release(freeRetired) > 0) {
                continue;
            }
            if (reuse.held() == 0) {
                throw new IllegalStateException("out of frames: every frame is cached or in use");
            }
            reuse.exit(vcpu); // hold nothing while waiting, or two waiting vCPUs wait for each other
            Thread.onSpinWait();
            reuse.enter(vcpu);
        }
    }

    /**
     * Checks a token against the versions the page held between {@code before} and {@code after}
     * (write counts read around the access): at least the last write completed before, at most the
     * one running after.
     */
    private void verify(int vcpu, int page, long seen, long before, long after) {
        for (long v = before >>> 1, last = (after + 1) >>> 1; v <= last; v++) {
            if (seen == token(page, v)) {
                return;
            }
        }
        hooks.lostPage(vcpu, page, token(page, after >>> 1), seen);
    }

    /** Frees a frame released from the quarantine (a named class: Lincheck cannot look into a lambda's fields). */
    private final class FreeRetired implements IntConsumer {
        @Override
        public void accept(int frame) {
            freeFrame(frame);
        }
    }

    private static boolean discarded(int old) {
        return FrameState.usage(old) == UsageState.VOLATILE && FrameState.content(old) != ContentState.RESIDENT;
    }
}
