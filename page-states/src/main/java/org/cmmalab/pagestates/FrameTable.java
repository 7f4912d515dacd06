package org.cmmalab.pagestates;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The states of one guest's frames: 4 KiB frames, any aligned run of {@link #framesPerLarge()} of
 * which may be merged into one large (2 MiB) frame. Two bytes per 4 KiB frame in each 2 MiB chunk
 * whose frames have changed one by one, and four bytes per 2 MiB chunk whose frames are all in one
 * state: untouched, or changed all at once.
 *
 * <h2>Layout</h2>
 * One {@code short} entry per 4 KiB frame. The low byte is the frame's state word
 * ({@link FrameState}); the high bits are flags of the large-frame protocol:
 * <ul>
 *   <li>{@code LARGE} on the first entry (the <em>base</em>) of a large frame: the low byte is the
 *       state of the whole large frame;</li>
 *   <li>{@code COVERED} on the other entries of a large frame: their low byte means nothing;</li>
 *   <li>{@code FROZEN} on an entry held by a merge in progress: its state may not change;</li>
 *   <li>{@code SPLITTING} on the base of a large frame being split.</li>
 * </ul>
 *
 * <h2>Sparse storage</h2>
 * A host holds hundreds of guests that each touch a few hundred MiB of their 4 GiB (the density
 * scenario: 516 guests, 541 million frames, 1 GiB of entries if every one were stored), so the
 * entries are kept the way Linux's {@code CONFIG_SPARSEMEM} backs only present sections: in
 * <em>chunks</em> of {@link #framesPerChunk()} consecutive frames ({@value #FRAMES_PER_CHUNK}
 * by default), held by a directory {@code short[][]} with one slot per chunk. A slot that holds
 * no chunk stands for {@code framesPerChunk} entries that are all the mode's initial state
 * ({@link StateModel#initial}, {@code INITIAL} below: {@code Sz} under zvm, {@code Sp} under kvm)
 * without flags: a guest frame never touched. A chunk is allocated, filled with
 * {@code INITIAL}, when an entry in it is first to change; reads, and transitions that would
 * leave an untouched frame as it is, allocate nothing. The last chunk holds only the frames
 * there are. A chunk is a whole number of large frames, so a large frame, and every step of the
 * merge and split protocol below, lies in one chunk.
 *
 * <p>The default of {@value #FRAMES_PER_CHUNK} frames (one 2 MiB large frame; the chunk of
 * guest-mm's page descriptors and of the host's gmap and paging-device maps, and one
 * max-order buddy block, out of which the guest's allocator carves what it hands out) is a 1 KiB
 * array: its 16-byte header adds 1.6% to a touched chunk, and the directory 4 bytes per 512
 * configured frames (0.4% of a dense table), while a lone touched frame costs at most 1 KiB.
 * Chunks of 4096 frames (16 MiB) would cut the header and directory to 0.2% and 0.05% but make a
 * lone touched frame cost 8 KiB and take in up to seven untouched 2 MiB blocks beside a used
 * one. Against what the guest touches, the smaller waste matters more than 1.5% of header.
 *
 * <h2>Uniform chunks</h2>
 * A run's step ({@link #essaRun}, {@link #applyRun}) on a whole chunk whose frames are all in
 * one state, untouched or uniform, leaves them all in
 * one state again, and needs no array of its own: the slot then holds the table's read-only
 * <em>uniform</em> chunk of that state, one array per state shared by every slot in it and never
 * written. A hinting guest's boot is the case it is for: the guest frees all its memory with
 * SET_UNUSED, 4 MiB at a time, and an s390 guest of 4 GiB would otherwise fill 2 MiB of entries
 * with one state, before it has used a page. A frame changed on its own in a uniform chunk gets a
 * private copy of the chunk first, which then lives as any chunk does.
 *
 * <p>A private chunk is never removed, nor made uniform again, for two reasons. It would rarely
 * free anything: a guest allocates and frees a chunk's frames one at a time, so its entries
 * seldom agree again, and while any is flagged or differs it could not go. And it would cost the
 * hot path: knowing that a chunk's entries agree takes a scan or a per-chunk count updated with
 * every CAS, and removing the chunk safely takes a protocol against a transition that loaded it
 * just before it went (its CAS would land in a detached array and be lost). So a private chunk,
 * once made, is kept until the table goes.
 *
 * <h2>Concurrency protocol</h2>
 * Any number of threads (guest vCPUs, the host pager) may call any method at once; every method
 * is linearizable. A transition of one frame, small or large, is one compare-and-set of one entry:
 * load the entry's chunk from the directory, read the entry, look the new state up in a
 * {@link TransitionTables table}, CAS; on failure, read again. No lock is taken, except that a
 * thread which finds an entry flagged by a merge or split in progress spins until that merge or
 * split finishes; merges and splits are rare, and each touches only its own
 * {@code framesPerLarge} entries. Nothing is allocated but chunks: one per chunk that is ever
 * changed frame by frame, one more, dropped, for each thread that loses the race to install or copy
 * it, and one uniform chunk per state ever given to a whole chunk.
 * <ul>
 *   <li><b>Chunks.</b> Any thread that is about to change an entry of an absent chunk (a
 *       transition whose next state differs from {@code INITIAL}, or a merge) may install the
 *       chunk: it allocates an array filled with {@code INITIAL} and CASes it into the empty
 *       directory slot. The CAS is a volatile write, and every load of a slot is a volatile read,
 *       so a thread that sees the chunk sees it filled. If the CAS fails, another thread has
 *       installed the chunk first; the loser drops its own array, never written to, loads the
 *       winner's, and goes on from there, so exactly one array per slot ever receives writes and
 *       no update is lost. Until an installed chunk is changed it holds only {@code INITIAL}, as
 *       the empty slot stood for, so installing is not itself a change of state: it is not a
 *       linearization point, and which thread wins does not matter. Conversely a reader that
 *       loads an empty slot may answer {@code INITIAL} for every entry of the chunk (and
 *       "not merged" for its runs), linearized at that load: no entry of a chunk can change
 *       before the chunk is installed. A transition that maps {@code INITIAL} to itself is
 *       linearized at the same load, and returns {@code INITIAL} without installing anything.</li>
 *   <li><b>Uniform chunks.</b> A run's step on a chunk it covers whole loads the slot; if it
 *       holds no chunk or a uniform one, every frame is in that state, and the step CASes the slot
 *       from what it loaded to the uniform chunk of the next state. All the chunk's frames' steps
 *       are linearized at that CAS (or, if the state maps to itself, at the load), one after
 *       another in the run's order, which is what a run promises: each frame's step atomic, in
 *       order. If the CAS fails, someone changed the slot: it loads again. If the slot holds a
 *       private chunk, the run steps its frames one by one. A uniform chunk is never written: a
 *       single-frame transition, or a merge, that finds one and would change an entry first CASes a private copy of it
 *       into the slot, from the uniform chunk it loaded; the copy holds the same states, so
 *       copying is no change of state, and a thread that lost that race loads the winner's
 *       chunk and reads its entry again. A reader that loaded a uniform chunk reads a state the
 *       frame held at that load. A uniform chunk is known by identity: it is the table's array
 *       of the state its first entry holds (published with a CAS on first use, so every thread
 *       sees one array per state).</li>
 *   <li><b>Slots only move forward.</b> A slot goes from empty to a private or uniform chunk,
 *       from a uniform chunk to another uniform one or to a private one, and never away from a
 *       private chunk, so a thread that holds a private chunk never works on a stale copy, and
 *       a thread that holds a uniform one only reads it.</li>
 *   <li><b>merge</b> freezes the base with a CAS (which also excludes a second merge), then freezes
 *       every other entry with a CAS that succeeds only if the entry holds exactly the base's state.
 *       It is linearized at the last of those CASes: from then on no entry of the run can change.
 *       It then publishes: {@code COVERED} into every other entry, and last the base with
 *       {@code LARGE}. If an entry differs, it unfreezes what it froze and returns false,
 *       linearized at the read that saw the difference.</li>
 *   <li><b>split</b> is linearized at the CAS that sets {@code SPLITTING} on the base; it then
 *       writes the large frame's state into every other entry, and last clears the base's flags.
 *       A small-frame operation that finds {@code COVERED} looks at the base: {@code SPLITTING}
 *       means wait for its entry; {@code LARGE} means the frame is part of a large frame.</li>
 *   <li>A small-frame operation on a frame inside a large frame is refused with an
 *       {@link IllegalStateException} (split first), and so is a large-frame operation on a run
 *       that is not merged; {@link #state(int)} of such a frame reads the large frame's state.</li>
 * </ul>
 * The host side keeps one rule of its own: at most one host thread reclaims a given frame at a
 * time (its replacement policy hands each victim to one reclaimer), so that the
 * {@link FrameOp#BEGIN_WRITE_OUT} / write / {@link FrameOp#RECLAIM} sequence of a write-out is not
 * interleaved with another reclaim of the same frame. Guest stores during the write are safe: they
 * set the host change bit, and the closing {@code RECLAIM} then leaves the frame resident.
 *
 * <p>{@link #chunksAllocated()} and {@link #heapBytes()} report memory, not state: they are not
 * part of what is linearizable. A chunk may be installed or copied by a transition still in
 * progress, and one installed by a transition that then finds its entry changed by another
 * thread stays; both only ever grow.
 *
 * <p>Accessors are named for their memory ordering, as in JCTools: {@code lv} a volatile load,
 * {@code so} an ordered (release) store, {@code cas} a compare-and-set.
 */
public final class FrameTable {
    /** A 2 MiB frame is 512 frames of 4 KiB. */
    public static final int DEFAULT_FRAMES_PER_LARGE = 512;
    /** Frames per chunk of storage: 512 frames, 2 MiB of guest memory, a 1 KiB array. */
    public static final int FRAMES_PER_CHUNK = 512;

    private static final int FROZEN = 1 << 8;
    private static final int COVERED = 1 << 9;
    private static final int LARGE = 1 << 10;
    private static final int SPLITTING = 1 << 11;
    private static final int FLAGS = FROZEN | COVERED | LARGE | SPLITTING;
    private static final int ENTRY_MASK = 0xFFFF;

    /**
     * What {@link #heapBytes()} counts an array as, on a 64-bit HotSpot with compressed oops and
     * class pointers (its default for heaps under 32 GiB): a 16-byte header, 4-byte references,
     * the whole rounded up to 8 bytes.
     */
    private static final int ARRAY_HEADER_BYTES = 16;
    private static final int REFERENCE_BYTES = 4;

    /** What {@link #uniformState} returns for a chunk whose frames are not in one shared state. */
    public static final int MIXED = -1;

    private static final VarHandle ENTRY = MethodHandles.arrayElementVarHandle(short[].class);
    private static final VarHandle CHUNK = MethodHandles.arrayElementVarHandle(short[][].class);

    /**
     * The directory: chunk {@code c} holds frames {@code c << chunkShift} on; null while untouched,
     * a {@linkplain #uniforms uniform} array while all its frames are in one state by a chunk-wide step.
     */
    private final short[][] chunks;
    /** The read-only chunk of each state, made on first use and never written: {@code uniforms[s]} is all {@code s}. */
    private final short[][] uniforms = new short[FrameState.WORDS][];
    private final int frames;
    private final HostMode mode;
    /** {@link StateModel#initial} of the mode: what every entry of an absent chunk reads. */
    private final int initial;
    private final short[][] tables;
    private final int largeShift;
    private final int chunkShift;
    private final int chunkMask;

    /** A table of {@code frames} 4 KiB frames, all in the mode's initial state, with 2 MiB large frames. */
    public FrameTable(int frames, HostMode mode) {
        this(frames, mode, DEFAULT_FRAMES_PER_LARGE);
    }

    /**
     * A table whose large frames are {@code framesPerLarge} small frames (a power of two from 2 to
     * 512); smaller large frames keep model-checked interleavings of merge and split tractable.
     */
    public FrameTable(int frames, HostMode mode, int framesPerLarge) {
        this(frames, mode, framesPerLarge, FRAMES_PER_CHUNK);
    }

    /**
     * A table with chunks of {@code framesPerChunk} frames, a power of two and a multiple of
     * {@code framesPerLarge}: for tests, whose tables of a few frames would otherwise be one chunk.
     */
    FrameTable(int frames, HostMode mode, int framesPerLarge, int framesPerChunk) {
        if (frames <= 0) {
            throw new IllegalArgumentException("frames must be positive, was " + frames);
        }
        if (framesPerLarge < 2 || framesPerLarge > DEFAULT_FRAMES_PER_LARGE || Integer.bitCount(framesPerLarge) != 1) {
            throw new IllegalArgumentException("framesPerLarge must be a power of two from 2 to "
                    + DEFAULT_FRAMES_PER_LARGE + ", was " + framesPerLarge);
        }
        if (framesPerChunk < framesPerLarge || Integer.bitCount(framesPerChunk) != 1) {
            throw new IllegalArgumentException("framesPerChunk must be a power of two and a multiple of framesPerLarge ("
                    + framesPerLarge + "), was " + framesPerChunk);
        }
        this.frames = frames;
        this.mode = java.util.Objects.requireNonNull(mode, "mode");
        this.initial = StateModel.initial(mode);
        this.tables = TransitionTables.of(mode);
        this.largeShift = Integer.numberOfTrailingZeros(framesPerLarge);
        this.chunkShift = Integer.numberOfTrailingZeros(framesPerChunk);
        this.chunkMask = framesPerChunk - 1;
        this.chunks = new short[((frames - 1) >>> chunkShift) + 1][];
    }

    public int frames() {
        return frames;
    }

    /** How many large frames fit: trailing frames that do not fill one can never be merged. */
    public int largeFrames() {
        return frames >>> largeShift;
    }

    public int framesPerLarge() {
        return 1 << largeShift;
    }

    /** Frames per chunk of storage (the last chunk may hold fewer): see the class comment. */
    public int framesPerChunk() {
        return 1 << chunkShift;
    }

    public HostMode mode() {
        return mode;
    }

    /**
     * How many chunks of its own the table has allocated so far, of {@code ceil(frames / framesPerChunk)};
     * a slot that holds a uniform chunk holds none of its own.
     */
    public int chunksAllocated() {
        int n = 0;
        for (int c = 0; c < chunks.length; c++) {
            short[] chunk = lvChunk(c);
            if (chunk != null && !isUniform(chunk)) {
                n++;
            }
        }
        return n;
    }

    /** The state every frame starts in, and every frame of an untouched chunk reads: {@link StateModel#initial}. */
    public int initial() {
        return initial;
    }

    /**
     * The state every frame of the chunk that holds {@code frame} reads, without flags, if the
     * chunk is untouched ({@link #initial}) or uniform (see the class comment); {@link #MIXED} if it
     * has a private array, whose frames may or may not agree. It reports storage, as
     * {@link #heapBytes} does, and is meant for a walk over the table's states made while no one
     * changes them, which may take a uniform chunk's state for all its frames.
     */
    public int uniformState(int frame) {
        checkFrame(frame);
        short[] chunk = lvChunk(frame >>> chunkShift);
        if (chunk == null) {
            return initial;
        }
        return isUniform(chunk) ? chunk[0] : MIXED;
    }

    /**
     * The heap this table's arrays take, in bytes: the directory and every chunk allocated so far,
     * at a 16-byte array header, 4-byte references and 8-byte alignment (HotSpot on 64 bits with
     * compressed oops, its default below 32 GiB of heap; without them the directory takes twice
     * as much). The table object itself and the transition tables, shared by every table of a
     * mode, are not counted. A table of {@code frames} frames takes at least its directory,
     * {@code 16 + 4 * ceil(frames / framesPerChunk)} bytes (rounded up to 8), and that of its
     * uniform chunks, 1040 bytes; each uniform chunk made takes 1040 bytes once, and each private
     * chunk 1040: with every chunk private, 2.04 bytes per frame against the 2 of one {@code short[]}.
     */
    public long heapBytes() {
        long bytes = arrayBytes(chunks.length, REFERENCE_BYTES) + arrayBytes(uniforms.length, REFERENCE_BYTES);
        for (int c = 0; c < chunks.length; c++) {
            short[] chunk = lvChunk(c);
            if (chunk != null && !isUniform(chunk)) {
                bytes += arrayBytes(chunk.length, Short.BYTES);
            }
        }
        for (int state = 0; state < uniforms.length; state++) {
            if (lvUniform(state) != null) {
                bytes += arrayBytes(chunkMask + 1, Short.BYTES);
            }
        }
        return bytes;
    }

    /** ESSA on a 4 KiB frame: applies {@code orc} atomically and returns the state word before it. */
    public int essa(int frame, Orc orc) {
        return update(frame, tables[orc.ordinal()]);
    }

    /** Applies {@code op} to a 4 KiB frame atomically and returns the state word before it. */
    public int apply(int frame, FrameOp op) {
        return update(frame, tables[TransitionTables.index(op)]);
    }

    /**
     * Applies {@code op} to the {@code count} frames from {@code first}, one after another, as
     * that many {@link #apply} calls would (each frame's step is atomic by itself, not the run's),
     * and writes each frame's state word before into {@code before[0 .. count - 1]}. One directory
     * load per chunk instead of one per frame, and one step for a chunk it covers whole while that
     * chunk is uniform (see the class comment): a balloon releases billions of pages in runs.
     */
    public void applyRun(int first, int count, FrameOp op, int[] before) {
        updateRun(first, count, tables[TransitionTables.index(op)], before);
    }

    /**
     * ESSA on the {@code count} frames from {@code first}, one after another, as that many
     * {@link #essa} calls would, writing each frame's state word before into
     * {@code before[0 .. count - 1]}, as {@link #applyRun}: a guest frees its memory 4 MiB at a
     * time, and s390 Linux's {@code arch_free_page} issues an ESSA for each of its frames.
     */
    public void essaRun(int first, int count, Orc orc, int[] before) {
        updateRun(first, count, tables[orc.ordinal()], before);
    }

    private void updateRun(int first, int count, short[] next, int[] before) {
        if (count < 0 || count > before.length) {
            throw new IllegalArgumentException("a run of " + count + " frames, with room for " + before.length);
        }
        if (count == 0) {
            return;
        }
        checkFrame(first);
        checkFrame(first + count - 1);
        for (int done = 0; done < count; ) {
            int frame = first + done;
            int c = frame >>> chunkShift;
            int i = frame & chunkMask;
            int n = Math.min(count - done, chunkMask + 1 - i);
            int uniform = n == chunkMask + 1 ? updateChunk(c, next) : MIXED;
            if (uniform != MIXED) {
                java.util.Arrays.fill(before, done, done + n, uniform); // the whole chunk in one step
                done += n;
                continue;
            }
            short[] chunk = lvChunk(c);
            if (chunk == null) {
                if (next[initial] == initial) {
                    java.util.Arrays.fill(before, done, done + n, initial); // as update: absent, unchanged
                    done += n;
                    continue;
                }
                chunk = installChunk(c);
            }
            for (int k = 0; k < n; k++) {
                before[done + k] = updateEntry(chunk, frame + k, i + k, next);
            }
            done += n;
        }
    }

    /** ESSA on a large frame: one atomic step for all its small frames; returns the state word before it. */
    public int essaLarge(int large, Orc orc) {
        return updateLarge(large, tables[orc.ordinal()]);
    }

    /** Applies {@code op} to a large frame atomically and returns the state word before it. */
    public int applyLarge(int large, FrameOp op) {
        return updateLarge(large, tables[TransitionTables.index(op)]);
    }

    /** The state word of a 4 KiB frame; for a frame inside a large frame, the large frame's. */
    public int state(int frame) {
        checkFrame(frame);
        short[] chunk = lvChunk(frame >>> chunkShift);
        if (chunk == null) {
            return initial;
        }
        int i = frame & chunkMask;
        for (;;) {
            int e = lvEntry(chunk, i);
            if ((e & COVERED) == 0) {
                return e & FrameState.STATE_MASK;
            }
            int b = lvEntry(chunk, baseOf(i));
            if ((b & LARGE) != 0) {
                return b & FrameState.STATE_MASK;
            }
            Thread.onSpinWait(); // a merge is publishing COVERED ahead of LARGE
        }
    }

    /** The state word of a large frame; an {@link IllegalStateException} if the run is not merged. */
    public int stateLarge(int large) {
        int base = baseOfLarge(large);
        short[] chunk = lvChunk(base >>> chunkShift);
        if (chunk == null) {
            throw notMerged(large);
        }
        int b = base & chunkMask;
        for (;;) {
            int e = lvEntry(chunk, b);
            if ((e & (LARGE | SPLITTING)) == LARGE) {
                return e & FrameState.STATE_MASK;
            }
            awaitMerge(large, e); // a split in progress has already made the run small
        }
    }

    /** Whether the run {@code large} is merged into one large frame. */
    public boolean isLarge(int large) {
        int base = baseOfLarge(large);
        short[] chunk = lvChunk(base >>> chunkShift);
        if (chunk == null) {
            return false;
        }
        int b = base & chunkMask;
        for (;;) {
            int e = lvEntry(chunk, b);
            if ((e & FROZEN) == 0) {
                return (e & (LARGE | SPLITTING)) == LARGE; // a split is linearized when it sets SPLITTING
            }
            Thread.onSpinWait();
        }
    }

    /**
     * Merges the run {@code large} into one large frame if all its small frames are in one state
     * (flags included); returns false, changing nothing, if they are not. An
     * {@link IllegalStateException} if the run is a large frame already.
     */
    public boolean merge(int large) {
        int base = baseOfLarge(large);
        short[] chunk = chunkToWrite(base >>> chunkShift); // an untouched run merges: a change
        int b = base & chunkMask;
        int state;
        for (;;) {
            int e = lvEntry(chunk, b);
            if ((e & (LARGE | SPLITTING)) == LARGE) {
                throw new IllegalStateException("large frame " + large + " is merged already");
            }
            if ((e & FLAGS) == 0 && casEntry(chunk, b, e, e | FROZEN)) {
                state = e;
                break;
            }
            Thread.onSpinWait(); // another merge or a split holds the base
        }
        int end = b + framesPerLarge();
        for (int i = b + 1; i < end; i++) {
            int e;
            while ((e = lvEntry(chunk, i)) == state && !casEntry(chunk, i, state, state | FROZEN)) {
                // a small-frame transition to the same state raced us; read again
            }
            if (e != state) {
                for (int j = i - 1; j >= b; j--) {
                    soEntry(chunk, j, state);
                }
                return false;
            }
        }
        for (int i = b + 1; i < end; i++) {
            soEntry(chunk, i, COVERED);
        }
        soEntry(chunk, b, state | LARGE);
        return true;
    }

    /**
     * Splits the large frame {@code large} into small frames that each carry its state; an
     * {@link IllegalStateException} if it is not a large frame.
     */
    public void split(int large) {
        int base = baseOfLarge(large);
        short[] chunk = lvChunk(base >>> chunkShift);
        if (chunk == null) {
            throw notMerged(large);
        }
        int b = base & chunkMask;
        int state;
        for (;;) {
            int e = lvEntry(chunk, b);
            if ((e & (LARGE | SPLITTING)) == LARGE && casEntry(chunk, b, e, e | SPLITTING)) {
                state = e & FrameState.STATE_MASK;
                break;
            }
            awaitMerge(large, e);
        }
        int end = b + framesPerLarge();
        for (int i = b + 1; i < end; i++) {
            soEntry(chunk, i, state);
        }
        soEntry(chunk, b, state);
    }

    private int update(int frame, short[] next) {
        // The hot path: one directory load, one entry load, one CAS. The range of the frame is
        // checked by the two loads' bounds checks: a negative frame gives a chunk number past the
        // directory, and a frame past the end lies past the (shorter) last chunk or in an absent
        // one; checkFrame, off the hot path, then throws, so past it the chunk is absent.
        short[][] directory = chunks;
        int c = frame >>> chunkShift;
        int i = frame & chunkMask;
        short[] chunk = c < directory.length ? lvChunk(directory, c) : null;
        if (chunk == null || i >= chunk.length) {
            checkFrame(frame);
            if (next[initial] == initial) {
                return initial; // linearized at the load that found no chunk
            }
            chunk = installChunk(c);
        }
        return updateEntry(chunk, frame, i, next);
    }

    /**
     * The step of {@link #update} on entry {@code i} of {@code chunk}, which holds {@code frame}. A
     * uniform chunk is read like any other; a change to it is made in a private copy put in its
     * place first ({@link #privatize}).
     */
    private int updateEntry(short[] chunk, int frame, int i, short[] next) {
        for (;;) {
            int e = lvEntry(chunk, i);
            if ((e & FLAGS) != 0) {
                awaitSmall(chunk, frame, e);
                continue;
            }
            int n = next[e];
            if (n == e) {
                return e;
            }
            if (lvUniform(e) == chunk) {
                chunk = privatize(frame >>> chunkShift, chunk);
                continue;
            }
            if (casEntry(chunk, i, e, n)) {
                return e;
            }
        }
    }

    /**
     * The step of a run on the whole chunk {@code c} while it is uniform: the slot holds no chunk or
     * a uniform one, so every frame's next state is the same, and its uniform chunk is installed
     * with one CAS of the slot. Returns the state every frame had, or {@link #MIXED}, changing
     * nothing, if the slot holds a private chunk (which is never replaced) or the chunk is the
     * short last one (never uniform).
     */
    private int updateChunk(int c, short[] next) {
        if (chunkLength(c) != chunkMask + 1) {
            return MIXED;
        }
        for (;;) {
            short[] chunk = lvChunk(c);
            int state;
            if (chunk == null) {
                state = initial;
            } else if (isUniform(chunk)) {
                state = chunk[0];
            } else {
                return MIXED;
            }
            int n = next[state];
            if (n == state || casChunk(c, chunk, uniform(n))) {
                return state; // linearized at the load that read the state, or at the CAS
            }
        }
    }

    private int updateLarge(int large, short[] next) {
        int base = baseOfLarge(large);
        short[] chunk = lvChunk(base >>> chunkShift);
        if (chunk == null) {
            throw notMerged(large);
        }
        int b = base & chunkMask;
        for (;;) {
            int e = lvEntry(chunk, b);
            if ((e & FLAGS) != LARGE) {
                awaitMerge(large, e);
                continue;
            }
            int state = e & FrameState.STATE_MASK;
            int n = next[state];
            if (n == state || casEntry(chunk, b, e, n | LARGE)) {
                return state;
            }
        }
    }

    /** The private chunk {@code c}, installed or copied from a uniform one first if need be (see the class comment). */
    private short[] chunkToWrite(int c) {
        for (;;) {
            short[] chunk = lvChunk(c);
            if (chunk == null) {
                chunk = installChunk(c);
            }
            if (!isUniform(chunk)) {
                return chunk;
            }
            privatize(c, chunk);
        }
    }

    /**
     * Installs a fresh chunk of {@code INITIAL} entries at the empty slot {@code c}, or, if another
     * thread got there first, returns what it put there (a private or a uniform chunk).
     */
    private short[] installChunk(int c) {
        short[] fresh = new short[chunkLength(c)];
        if (initial != 0) {
            java.util.Arrays.fill(fresh, (short) initial);
        }
        if (casChunk(c, null, fresh)) {
            return fresh;
        }
        return lvChunk(c); // the winner's; never null again, the slot is never emptied
    }

    /**
     * Puts a private copy of the uniform chunk {@code shared} in its place at slot {@code c}, or, if
     * another thread replaced it first, returns what that thread put there (a private chunk, or
     * another uniform one). The copy holds what the uniform chunk holds, so replacing it is no change of state.
     */
    private short[] privatize(int c, short[] shared) {
        short[] copy = shared.clone();
        return casChunk(c, shared, copy) ? copy : lvChunk(c);
    }

    /** Whether {@code chunk} is a uniform chunk: the read-only array of the state its first entry holds. */
    private boolean isUniform(short[] chunk) {
        return lvUniform(chunk[0] & FrameState.STATE_MASK) == chunk;
    }

    /** The uniform chunk of {@code state}, made on first use; one array per state for the table's life. */
    private short[] uniform(int state) {
        short[] u = lvUniform(state);
        if (u != null) {
            return u;
        }
        short[] fresh = new short[chunkMask + 1];
        java.util.Arrays.fill(fresh, (short) state);
        short[] witness = (short[]) CHUNK.compareAndExchange(uniforms, state, (short[]) null, fresh);
        return witness == null ? fresh : witness;
    }

    /** Frames in chunk {@code c}: {@link #framesPerChunk}, but for a last chunk that holds fewer. */
    private int chunkLength(int c) {
        return Math.min(chunkMask + 1, frames - (c << chunkShift));
    }



    /** Waits out a merge or split that holds {@code frame}, or refuses a frame inside a large frame. */
    private void awaitSmall(short[] chunk, int frame, int e) {
        int b = (e & COVERED) != 0 ? lvEntry(chunk, baseOf(frame & chunkMask)) : e;
        if ((b & (LARGE | SPLITTING)) == LARGE) {
            throw new IllegalStateException("frame " + frame + " is part of large frame "
                    + (frame >>> largeShift) + "; split it first");
        }
        Thread.onSpinWait();
    }

    /** Waits out a merge or split in progress at the base entry {@code e}, or refuses a run that is not merged. */
    private static void awaitMerge(int large, int e) {
        if ((e & (FROZEN | SPLITTING)) == 0 && (e & LARGE) == 0) {
            throw notMerged(large);
        }
        Thread.onSpinWait();
    }

    private static IllegalStateException notMerged(int large) {
        return new IllegalStateException("large frame " + large + " is not merged: its small frames are in use one by one");
    }

    /** The base of the large frame that holds {@code i}, a frame or an index in a chunk (chunks are whole large frames). */
    private int baseOf(int i) {
        return i >>> largeShift << largeShift;
    }

    private int baseOfLarge(int large) {
        if (large < 0 || large >= largeFrames()) {
            throw new IndexOutOfBoundsException(largeFrames() == 0
                    ? "large frame " + large + ": a table of " + frames + " frames holds no large frame of "
                            + framesPerLarge() + " frames"
                    : "large frame " + large + " is out of range 0.." + (largeFrames() - 1));
        }
        return large << largeShift;
    }

    private void checkFrame(int frame) {
        if (frame < 0 || frame >= frames) {
            throw frameOutOfRange(frame);
        }
    }

    private IndexOutOfBoundsException frameOutOfRange(int frame) {
        return new IndexOutOfBoundsException("frame " + frame + " is out of range 0.." + (frames - 1));
    }

    private static long arrayBytes(int length, int elementBytes) {
        return (ARRAY_HEADER_BYTES + (long) length * elementBytes + 7) & ~7L;
    }

    private short[] lvChunk(int c) {
        return lvChunk(chunks, c);
    }

    private static short[] lvChunk(short[][] directory, int c) {
        return (short[]) CHUNK.getVolatile(directory, c);
    }

    private boolean casChunk(int c, short[] expect, short[] chunk) {
        return CHUNK.compareAndSet(chunks, c, expect, chunk);
    }

    private short[] lvUniform(int state) {
        return (short[]) CHUNK.getVolatile(uniforms, state);
    }

    private static int lvEntry(short[] chunk, int i) {
        return (short) ENTRY.getVolatile(chunk, i) & ENTRY_MASK;
    }

    private static void soEntry(short[] chunk, int i, int value) {
        ENTRY.setRelease(chunk, i, (short) value);
    }

    private static boolean casEntry(short[] chunk, int i, int expect, int value) {
        return ENTRY.compareAndSet(chunk, i, (short) expect, (short) value);
    }
}
