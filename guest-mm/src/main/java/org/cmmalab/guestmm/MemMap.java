package org.cmmalab.guestmm;

/**
 * The guest's page descriptors, one per 4 KiB frame: Linux's {@code mem_map} of
 * {@code struct page}, cut to the fields this model needs and packed into 16 bytes per frame.
 *
 * <pre>
 *  word:  63..48 flags  |  47..24 prev  |  23..0 next
 *  owner: the page-index slot ({@link PageIndex}) of the page in the frame, or -1
 *  refs:  28 locked | 27..0 pins
 * </pre>
 *
 * {@code refs} holds what the page-cache protocol ({@link PageCache}) keeps per page beside its
 * flags: its pins (users of the frame besides the page cache itself, Linux's extra
 * {@code page->_refcount}) and its state-change lock ({@code PG_state_change} of the guest page
 * hinting series). Both change only under the kernel lock ({@link Vcpus}); the lock bit is held
 * across preemption points, the pins across uses that may be.
 *
 * {@code next} and {@code prev} link the frame into exactly one list at a time, as
 * {@code page->lru} and {@code page->buddy_list} share storage in Linux: a buddy free list or an
 * LRU list ({@link PageLists}). 24-bit links limit a guest to
 * {@link #MAX_FRAMES} frames, just under 64 GiB.
 *
 * <h2>Sparse storage</h2>
 * A host holds hundreds of guests whose memory is mostly never touched (the density scenario: 516
 * guests of 4 GiB, 541 million frames), so descriptors cost memory only where the guest uses them,
 * the way {@code CONFIG_SPARSEMEM} backs only present sections. The frames are cut into chunks of
 * {@link #CHUNK} (2 MiB, a large frame; a max-order buddy block, 4 MiB, is two). The word of a
 * chunk's first frame lives in {@code heads}, always present: the head of every free block of 2 MiB
 * or more is one, so a booted guest's free lists need nothing else. The other 511 words and all 512
 * owners and refs live in arrays allocated when one of them is first written with anything but its
 * initial value ({@link #EMPTY}, {@link #NO_OWNER}, 0); a missing chunk reads as initial values. A
 * chunk's arrays are dropped again ({@link #dropIfClear}) when nothing in them must survive: flags
 * clear (but {@link PageFlags#ZERO_CONTENT}, which every allocation rewrites before it is read), no
 * owner and no refs. Links of frames on no list are never read, so they need not be clear; a frame on a list
 * carries a flag that says which ({@link PageFlags#BUDDY}, {@code LRU}), so a chunk is kept while
 * a frame in it holds a page or is retired ({@link PageFlags#RETIRED}), or a frame other than the
 * first (whose word is in {@code heads}) is on a list. Two callers ask: the buddy allocator when coalescing makes a chunk
 * wholly free, and a balloon when it has taken pages from a chunk, which may then be allocated
 * whole to it. A ballooned page carries nothing, so its frame reads as initial values once dropped,
 * which is what the buddy allocator must see of an allocated frame: {@code BUDDY} clear. Memory is
 * then proportional to the chunks the guest has in use, ballooned ones aside: 16 bytes per
 * configured chunk (its first frame's word and the two array references) plus 8 KiB per chunk in
 * use (16 bytes a frame), as {@link #bytes} counts them.
 */
final class MemMap implements PageLocks {
    /** The link that ends a list. */
    static final int NIL = (1 << 24) - 1;
    /** The most frames a guest may have: every frame number must differ from {@link #NIL}. */
    static final int MAX_FRAMES = NIL;
    /** {@link #owner} of a frame that holds no indexed page. */
    static final int NO_OWNER = -1;
    /** Frames per chunk of storage: a 2 MiB frame, the unit in which the buddy allocator reports chunks wholly free. */
    static final int CHUNK = 1 << BuddyAllocator.LARGE_ORDER;
    /** {@code frame >>> SHIFT} is the chunk of {@code frame}. */
    static final int SHIFT = BuddyAllocator.LARGE_ORDER;
    private static final int MASK = CHUNK - 1;
    /** {@code refs} bits: the pins, and the state-change lock. */
    private static final int PINS = (1 << 28) - 1;
    private static final int LOCKED = 1 << 28;
    private static final long LINK_MASK = NIL;
    private static final int PREV_SHIFT = 24;
    private static final int FLAGS_SHIFT = 48;
    private static final long EMPTY = (long) NIL << PREV_SHIFT | NIL;
    /** Flags that may stay set in a chunk that is dropped: allocation rewrites them. */
    private static final int SPARES = 16;
    private static final long KEPT_FLAGS = (long) PageFlags.ZERO_CONTENT << FLAGS_SHIFT;

    private final int frames;
    private final long[] heads;
    private final long[][] words;
    /**
     * Per chunk: each frame's owner and refs side by side (frame {@code i}'s at {@code 2i} and
     * {@code 2i + 1}), so that the page-cache protocol, which reads both on every use, meets one
     * cache line per page, not two.
     */
    private final int[][] owners;
    private int chunksInUse;
    /**
     * Arrays of dropped chunks kept for the next chunk that needs them, so that a guest that
     * allocates and frees around a 2 MiB boundary again and again allocates no garbage.
     */
    private final long[][] spareWords = new long[SPARES][];
    private final int[][] spareOwners = new int[SPARES][];
    private int spares;

    MemMap(int frames) {
        if (frames <= 0 || frames > MAX_FRAMES) {
            throw new IllegalArgumentException(
                    "a guest must have 1 to " + MAX_FRAMES + " frames, was " + frames);
        }
        this.frames = frames;
        int chunks = (frames + MASK) >>> SHIFT;
        heads = new long[chunks];
        java.util.Arrays.fill(heads, EMPTY);
        words = new long[chunks][];
        owners = new int[chunks][];
    }

    int frames() {
        return frames;
    }

    int next(int frame) {
        return (int) (word(frame) & LINK_MASK);
    }

    int prev(int frame) {
        return (int) (word(frame) >>> PREV_SHIFT & LINK_MASK);
    }

    void setNext(int frame, int next) {
        setWord(frame, word(frame) & ~LINK_MASK | next);
    }

    void setPrev(int frame, int prev) {
        setWord(frame, word(frame) & ~(LINK_MASK << PREV_SHIFT) | (long) prev << PREV_SHIFT);
    }

    /** Sets both links of {@code frame} in one write of its word. */
    void setLinks(int frame, int prev, int next) {
        setWord(frame, word(frame) & ~(LINK_MASK << PREV_SHIFT | LINK_MASK) | (long) prev << PREV_SHIFT | next);
    }

    int flags(int frame) {
        return (int) (word(frame) >>> FLAGS_SHIFT);
    }

    void setFlags(int frame, int flags) {
        setWord(frame, word(frame) & ~(0xFFFFL << FLAGS_SHIFT) | (long) (flags & 0xFFFF) << FLAGS_SHIFT);
    }

    boolean test(int frame, int flag) {
        return (flags(frame) & flag) != 0;
    }

    void set(int frame, int flag) {
        setWord(frame, word(frame) | (long) flag << FLAGS_SHIFT);
    }

    void clear(int frame, int flag) {
        setWord(frame, word(frame) & ~((long) flag << FLAGS_SHIFT));
    }

    /** Clears {@code clear} and sets {@code set} in one update of the descriptor. */
    void update(int frame, int clear, int set) {
        setWord(frame, word(frame) & ~((long) clear << FLAGS_SHIFT) | (long) set << FLAGS_SHIFT);
    }

    boolean testAndClear(int frame, int flag) {
        boolean was = test(frame, flag);
        clear(frame, flag);
        return was;
    }

    int owner(int frame) {
        int[] chunk = owners[frame >>> SHIFT];
        return chunk == null ? NO_OWNER : chunk[(frame & MASK) << 1];
    }

    void setOwner(int frame, int slot) {
        int[] chunk = owners[frame >>> SHIFT];
        if (chunk == null) {
            if (slot == NO_OWNER) {
                return;
            }
            materialize(frame >>> SHIFT);
            chunk = owners[frame >>> SHIFT];
        }
        chunk[(frame & MASK) << 1] = slot;
    }

    /** Pins of the page in {@code frame}: users of the frame besides the page cache. */
    int pins(int frame) {
        return refs(frame) & PINS;
    }

    /** Adds {@code delta} (+1 or -1) to the pins of the page in {@code frame}. */
    void addPins(int frame, int delta) {
        int r = refs(frame);
        int pins = (r & PINS) + delta;
        if (pins < 0 || pins > PINS) {
            throw new IllegalStateException("frame " + frame + " would have " + pins + " pins");
        }
        setRefs(frame, r & ~PINS | pins);
    }

    @Override
    public boolean acquire(int frame) {
        return tryAcquire(frame);
    }

    /** Takes the state-change lock of the page in {@code frame} if it is free; never waits. */
    @Override
    public boolean tryAcquire(int frame) {
        int r = refs(frame);
        if ((r & LOCKED) != 0) {
            return false;
        }
        setRefs(frame, r | LOCKED);
        return true;
    }

    /** Lets go of the state-change lock of the page in {@code frame}, which the caller holds. */
    @Override
    public void release(int frame) {
        int r = refs(frame);
        if ((r & LOCKED) == 0) {
            throw new IllegalStateException("the state-change lock of frame " + frame + " is not held");
        }
        setRefs(frame, r & ~LOCKED);
    }

    /** Whether a vCPU holds the state-change lock of the page in {@code frame}. */
    boolean isPageLocked(int frame) {
        return (refs(frame) & LOCKED) != 0;
    }

    private int refs(int frame) {
        int[] chunk = owners[frame >>> SHIFT];
        return chunk == null ? 0 : chunk[(frame & MASK) << 1 | 1];
    }

    private void setRefs(int frame, int value) {
        int[] chunk = owners[frame >>> SHIFT];
        if (chunk == null) {
            if (value == 0) {
                return;
            }
            materialize(frame >>> SHIFT);
            chunk = owners[frame >>> SHIFT];
        }
        chunk[(frame & MASK) << 1 | 1] = value;
    }

    /**
     * Drops the arrays of the chunk that holds {@code frame} if nothing in them must survive (see
     * the class comment): the chunk has become wholly free, or a balloon may have taken all of it.
     * Reads up to the chunk's 512 descriptors. Returns whether it dropped them.
     */
    boolean dropIfClear(int frame) {
        int c = frame >>> SHIFT;
        long[] w = words[c];
        if (w == null) {
            return false;
        }
        int[] o = owners[c];
        for (int i = 1; i < w.length; i++) {
            if ((w[i] >>> FLAGS_SHIFT << FLAGS_SHIFT & ~KEPT_FLAGS) != 0 || o[2 * i] != NO_OWNER || o[2 * i + 1] != 0) {
                return false;
            }
        }
        if (o[0] != NO_OWNER || o[1] != 0) {
            return false;
        }
        words[c] = null;
        owners[c] = null;
        chunksInUse--;
        if (spares < SPARES && w.length == CHUNK) {
            spareWords[spares] = w;
            spareOwners[spares++] = o;
        }
        return true;
    }

    /** Chunks whose descriptors are stored now. */
    int chunksInUse() {
        return chunksInUse;
    }

    /** Bytes of heap these arrays take (array headers aside; a reference counted as 4 bytes). */
    long bytes() {
        return 16L * heads.length + (long) chunksInUse * CHUNK * 16;
    }

    private long word(int frame) {
        int c = frame >>> SHIFT;
        int i = frame & MASK;
        if (i == 0) {
            return heads[c];
        }
        long[] chunk = words[c];
        return chunk == null ? EMPTY : chunk[i];
    }

    private void setWord(int frame, long word) {
        int c = frame >>> SHIFT;
        int i = frame & MASK;
        if (i == 0) {
            heads[c] = word;
            return;
        }
        long[] chunk = words[c];
        if (chunk == null) {
            if (word == EMPTY) {
                return;
            }
            materialize(c);
            chunk = words[c];
        }
        chunk[i] = word;
    }

    /** Allocates chunk {@code c}'s arrays, all initial values; slot 0 of {@code words} is unused ({@code heads} has it). */
    private void materialize(int c) {
        int size = Math.min(CHUNK, frames - (c << SHIFT));
        long[] w;
        int[] o;
        if (spares > 0 && size == CHUNK) {
            w = spareWords[--spares];
            o = spareOwners[spares];
            spareWords[spares] = null;
            spareOwners[spares] = null;
        } else {
            w = new long[size];
            o = new int[2 * size];
        }
        java.util.Arrays.fill(w, EMPTY);
        for (int i = 0; i < size; i++) {
            o[2 * i] = NO_OWNER;
            o[2 * i + 1] = 0;
        }
        words[c] = w;
        owners[c] = o;
        chunksInUse++;
    }
}
