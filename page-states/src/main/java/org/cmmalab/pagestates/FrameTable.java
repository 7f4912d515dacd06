package org.cmmalab.pagestates;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The states of one guest's frames: 4 KiB frames, any aligned run of {@link #framesPerLarge()} of
 * which may be merged into one large (2 MiB) frame. Two bytes per 4 KiB frame, nothing else.
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
 * <h2>Concurrency protocol</h2>
 * Any number of threads (guest vCPUs, the host pager) may call any method at once; every method
 * is linearizable. A transition of one frame, small or large, is one compare-and-set of one entry:
 * read the entry, look the new state up in a {@link TransitionTables table}, CAS; on failure, read
 * again. Nothing is allocated and no lock is taken, except that a thread which finds an entry
 * flagged by a merge or split in progress spins until that merge or split finishes; merges and
 * splits are rare, and each touches only its own {@code framesPerLarge} entries.
 * <ul>
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
 * <p>Accessors are named for their memory ordering, as in JCTools: {@code lv} a volatile load,
 * {@code so} an ordered (release) store, {@code cas} a compare-and-set.
 */
public final class FrameTable {
    /** A 2 MiB frame is 512 frames of 4 KiB. */
    public static final int DEFAULT_FRAMES_PER_LARGE = 512;

    private static final int FROZEN = 1 << 8;
    private static final int COVERED = 1 << 9;
    private static final int LARGE = 1 << 10;
    private static final int SPLITTING = 1 << 11;
    private static final int FLAGS = FROZEN | COVERED | LARGE | SPLITTING;
    private static final int ENTRY_MASK = 0xFFFF;

    private static final VarHandle ENTRY = MethodHandles.arrayElementVarHandle(short[].class);

    private final short[] entries;
    private final HostMode mode;
    private final short[][] tables;
    private final int largeShift;

    /** A table of {@code frames} 4 KiB frames, all {@link FrameState#INITIAL}, with 2 MiB large frames. */
    public FrameTable(int frames, HostMode mode) {
        this(frames, mode, DEFAULT_FRAMES_PER_LARGE);
    }

    /**
     * A table whose large frames are {@code framesPerLarge} small frames (a power of two from 2 to
     * 512); smaller large frames keep model-checked interleavings of merge and split tractable.
     */
    public FrameTable(int frames, HostMode mode, int framesPerLarge) {
        if (frames <= 0) {
            throw new IllegalArgumentException("frames must be positive, was " + frames);
        }
        if (framesPerLarge < 2 || framesPerLarge > DEFAULT_FRAMES_PER_LARGE || Integer.bitCount(framesPerLarge) != 1) {
            throw new IllegalArgumentException("framesPerLarge must be a power of two from 2 to "
                    + DEFAULT_FRAMES_PER_LARGE + ", was " + framesPerLarge);
        }
        this.entries = new short[frames];
        this.mode = java.util.Objects.requireNonNull(mode, "mode");
        this.tables = TransitionTables.of(mode);
        this.largeShift = Integer.numberOfTrailingZeros(framesPerLarge);
        if (FrameState.INITIAL != 0) {
            java.util.Arrays.fill(entries, (short) FrameState.INITIAL);
        }
    }

    public int frames() {
        return entries.length;
    }

    /** How many large frames fit: trailing frames that do not fill one can never be merged. */
    public int largeFrames() {
        return entries.length >>> largeShift;
    }

    public int framesPerLarge() {
        return 1 << largeShift;
    }

    public HostMode mode() {
        return mode;
    }

    /** ESSA on a 4 KiB frame: applies {@code orc} atomically and returns the state word before it. */
    public int essa(int frame, Orc orc) {
        return update(frame, tables[orc.ordinal()]);
    }

    /** Applies {@code op} to a 4 KiB frame atomically and returns the state word before it. */
    public int apply(int frame, FrameOp op) {
        return update(frame, tables[TransitionTables.index(op)]);
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
        for (;;) {
            int e = lvEntry(frame);
            if ((e & COVERED) == 0) {
                return e & FrameState.STATE_MASK;
            }
            int b = lvEntry(baseOf(frame));
            if ((b & LARGE) != 0) {
                return b & FrameState.STATE_MASK;
            }
            Thread.onSpinWait(); // a merge is publishing COVERED ahead of LARGE
        }
    }

    /** The state word of a large frame; an {@link IllegalStateException} if the run is not merged. */
    public int stateLarge(int large) {
        int base = baseOfLarge(large);
        for (;;) {
            int e = lvEntry(base);
            if ((e & (LARGE | SPLITTING)) == LARGE) {
                return e & FrameState.STATE_MASK;
            }
            awaitMerge(large, e); // a split in progress has already made the run small
        }
    }

    /** Whether the run {@code large} is merged into one large frame. */
    public boolean isLarge(int large) {
        int base = baseOfLarge(large);
        for (;;) {
            int e = lvEntry(base);
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
        int state;
        for (;;) {
            int e = lvEntry(base);
            if ((e & (LARGE | SPLITTING)) == LARGE) {
                throw new IllegalStateException("large frame " + large + " is merged already");
            }
            if ((e & FLAGS) == 0 && casEntry(base, e, e | FROZEN)) {
                state = e;
                break;
            }
            Thread.onSpinWait(); // another merge or a split holds the base
        }
        int end = base + framesPerLarge();
        for (int i = base + 1; i < end; i++) {
            int e;
            while ((e = lvEntry(i)) == state && !casEntry(i, state, state | FROZEN)) {
                // a small-frame transition to the same state raced us; read again
            }
            if (e != state) {
                for (int j = i - 1; j >= base; j--) {
                    soEntry(j, state);
                }
                return false;
            }
        }
        for (int i = base + 1; i < end; i++) {
            soEntry(i, COVERED);
        }
        soEntry(base, state | LARGE);
        return true;
    }

    /**
     * Splits the large frame {@code large} into small frames that each carry its state; an
     * {@link IllegalStateException} if it is not a large frame.
     */
    public void split(int large) {
        int base = baseOfLarge(large);
        int state;
        for (;;) {
            int e = lvEntry(base);
            if ((e & (LARGE | SPLITTING)) == LARGE && casEntry(base, e, e | SPLITTING)) {
                state = e & FrameState.STATE_MASK;
                break;
            }
            awaitMerge(large, e);
        }
        int end = base + framesPerLarge();
        for (int i = base + 1; i < end; i++) {
            soEntry(i, state);
        }
        soEntry(base, state);
    }

    private int update(int frame, short[] next) {
        short[] a = entries; // one field load: the loop's bounds check and CAS use the local
        if (frame < 0 || frame >= a.length) {
            throw frameOutOfRange(frame);
        }
        for (;;) {
            int e = lvEntry(a, frame);
            if ((e & FLAGS) != 0) {
                awaitSmall(frame, e);
                continue;
            }
            int n = next[e];
            if (n == e || casEntry(a, frame, e, n)) {
                return e;
            }
        }
    }

    private int updateLarge(int large, short[] next) {
        int base = baseOfLarge(large);
        short[] a = entries;
        for (;;) {
            int e = lvEntry(a, base);
            if ((e & FLAGS) != LARGE) {
                awaitMerge(large, e);
                continue;
            }
            int state = e & FrameState.STATE_MASK;
            int n = next[state];
            if (n == state || casEntry(a, base, e, n | LARGE)) {
                return state;
            }
        }
    }

    /** Waits out a merge or split that holds {@code frame}, or refuses a frame inside a large frame. */
    private void awaitSmall(int frame, int e) {
        int b = (e & COVERED) != 0 ? lvEntry(baseOf(frame)) : e;
        if ((b & (LARGE | SPLITTING)) == LARGE) {
            throw new IllegalStateException("frame " + frame + " is part of large frame "
                    + (frame >>> largeShift) + "; split it first");
        }
        Thread.onSpinWait();
    }

    /** Waits out a merge or split in progress at the base entry {@code e}, or refuses a run that is not merged. */
    private static void awaitMerge(int large, int e) {
        if ((e & (FROZEN | SPLITTING)) == 0 && (e & LARGE) == 0) {
            throw new IllegalStateException("large frame " + large + " is not merged: its small frames are in use one by one");
        }
        Thread.onSpinWait();
    }

    private int baseOf(int frame) {
        return frame >>> largeShift << largeShift;
    }

    private int baseOfLarge(int large) {
        if (large < 0 || large >= largeFrames()) {
            throw new IndexOutOfBoundsException(largeFrames() == 0
                    ? "large frame " + large + ": a table of " + entries.length + " frames holds no large frame of "
                            + framesPerLarge() + " frames"
                    : "large frame " + large + " is out of range 0.." + (largeFrames() - 1));
        }
        return large << largeShift;
    }

    private void checkFrame(int frame) {
        if (frame < 0 || frame >= entries.length) {
            throw frameOutOfRange(frame);
        }
    }

    private IndexOutOfBoundsException frameOutOfRange(int frame) {
        return new IndexOutOfBoundsException("frame " + frame + " is out of range 0.." + (entries.length - 1));
    }

    private int lvEntry(int i) {
        return lvEntry(entries, i);
    }

    private static int lvEntry(short[] a, int i) {
        return (short) ENTRY.getVolatile(a, i) & ENTRY_MASK;
    }

    private void soEntry(int i, int value) {
        ENTRY.setRelease(entries, i, (short) value);
    }

    private boolean casEntry(int i, int expect, int value) {
        return casEntry(entries, i, expect, value);
    }

    private static boolean casEntry(short[] a, int i, int expect, int value) {
        return ENTRY.compareAndSet(a, i, (short) expect, (short) value);
    }
}
