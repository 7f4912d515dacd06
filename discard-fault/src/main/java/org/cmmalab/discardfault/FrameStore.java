package org.cmmalab.discardfault;

import java.util.Objects;
import org.cmmalab.guestmm.GuestMemory;
import org.cmmalab.pagestates.AccessEffect;
import org.cmmalab.pagestates.FrameOp;
import org.cmmalab.pagestates.FrameState;
import org.cmmalab.pagestates.FrameTable;
import org.cmmalab.pagestates.HostMode;
import org.cmmalab.pagestates.Orc;
import org.cmmalab.pagestates.StateModel;

/**
 * One guest's frames as guest vCPUs and host threads share them: each frame's state (a
 * {@link FrameTable}), its content while resident (a content token), and its copy on the host's
 * paging device. The guest's steps (ESSA, load, store) and the host's (reclaim by discard or
 * write-out, fill by page-in or zero fill) are ordered so that no content is lost however they
 * interleave: the race-safe core of docs/state-model.md section 6, races 1, 4, 5 and 6.
 *
 * <p>A <em>unit</em> is one 4 KiB frame, or a merged run of {@link FrameTable#framesPerLarge()}
 * frames (a large frame): state changes, faults and reclaim act on a whole unit at once; content
 * and device copies stay per 4 KiB frame.
 *
 * <h2>Concurrency protocol</h2>
 * Who may call what:
 * <ul>
 *   <li><b>Guest vCPUs</b>, any number: {@link #essa}, {@link #essaLarge}, {@link #load},
 *       {@link #store}, {@link #clean}, {@link #release}. A host fault (page-in, zero fill) runs on
 *       the vCPU that takes it, as a host's fault handler runs on the faulting CPU.</li>
 *   <li><b>Host threads</b>: {@link #reclaim} and its steps, {@link #split}, {@link #merge}. The
 *       host keeps one rule of its own (the rule {@link FrameTable} states): host operations on one
 *       run of frames are serialized, one host thread at a time, so a write-out's steps see the
 *       unit they began with.</li>
 * </ul>
 * Each frame has a sequence word: even when free, odd while held. A holder owns the frame's
 * content and, as long as it holds the word, the frame's residency (resident or not) and its unit
 * (small, or inside a large frame) cannot change; usage and change bits still can, by ESSA and by
 * stores to other frames of a large unit. Holders:
 * <ul>
 *   <li>a guest store, from before it writes the content until its change bits are set;</li>
 *   <li>a fill or SET_STABLE_RESIDENT, across writing the content and making the unit resident;</li>
 *   <li>the host's freeing step ({@link #reclaimStep}, {@link #finishWriteOut}), across the state
 *       change that frees the unit and the poisoning of its content (the host frame goes back to
 *       the host's pool, where it will soon hold someone else's data);</li>
 *   <li>{@link #split} and {@link #merge}, on every frame of the run.</li>
 * </ul>
 * A unit of several frames is held by taking every word of its run in ascending order, and so is
 * a split run that a 2 MiB hint ({@link #essaLarge}) changes frame by frame; anyone else holds one
 * word at a time, so no cycle can form. A 4 KiB ESSA takes no word except SET_STABLE_RESIDENT's
 * fill: a guest never waits for the host to change a 4 KiB state (make-volatile can run in
 * interrupt context); a large-frame ESSA on a merged run is one lock-free step too, and if the host
 * split the run under it, {@link FrameTable} refuses and it looks again.
 *
 * <p>What each side is guaranteed:
 * <ul>
 *   <li>A <b>load</b> is an optimistic reader, as in a seqlock: it reads the word (waiting while it
 *       is odd), the state, the content, and the word again, and retries if the word moved. It is
 *       linearized at its content read, when the frame was resident with that content; a discard
 *       fault or an addressing exception at its state read.</li>
 *   <li>A <b>store</b> is linearized at its content write, made while the frame is resident and
 *       stays so. Its change bits are set after the content is written and before the word is
 *       released. The content write is a volatile store, not an ordered one: when the bits are set
 *       already, setting them is a read that writes nothing, and without a full fence between the
 *       two that read may run ahead of the content write (StoreLoad reordering, allowed by the
 *       Java memory model and by x86-TSO). A write-out could then clear the bits and copy the
 *       older content in between, and free the frame as clean: the store would be lost. Lincheck's
 *       model checker explores interleavings under sequential consistency and cannot see this;
 *       {@code cmma stress} found it ({@code StoreOrderingTest} repeats it).</li>
 *   <li>A <b>write-out</b> (race 4) holds no word while it copies: {@link #beginWriteOut} clears the
 *       host change bit, {@link #writeToDevice} copies, {@link #finishWriteOut} looks again. A store
 *       whose change bits were set after the begin keeps the unit resident; one whose bits were
 *       set before it wrote its content before the copy read it.</li>
 *   <li>A unit the guest made unused or volatile during its write-out (race 5) is discarded at the
 *       finish, and the written copy is dropped with the backed bit: its new state wins.</li>
 *   <li>A make-stable-if-resident (race 1) and a discard are each one step of the frame table: one
 *       wins, and the guest learns which from the old state.</li>
 *   <li>A large unit changes state in one step; {@link #split} and {@link #merge} hold the whole
 *       run, so no fill, store or freeing sees half of one (race 6).</li>
 * </ul>
 * Accessors are named for their ordering, as in JCTools: {@code lv} volatile load, {@code sv}
 * volatile store, {@code so} ordered (release) store, {@code cas} compare-and-set. Nothing is allocated per operation.
 */
public final class FrameStore implements GuestMemory {
    /** What a freed frame's content is overwritten with: never a token, never zero, never {@link #DISCARD_FAULT}. */
    public static final long POISON = 0xDEAD_DEAD_DEAD_DEADL;

    private static final AccessEffect[][] ACCESS = new AccessEffect[HostMode.values().length][FrameState.WORDS];

    static {
        for (HostMode mode : HostMode.values()) {
            for (int word = 0; word < FrameState.WORDS; word++) {
                ACCESS[mode.ordinal()][word] = StateModel.access(word, mode);
            }
        }
    }

    private final FrameTable table;
    private final HostMode mode;
    private final AccessEffect[] access;
    private final FrameWords words;
    private final int largeShift;
    private final int largeFrames;

    /** {@code frames} frames, all {@code Sz}, none resident, with 2 MiB large frames. */
    public FrameStore(int frames, HostMode mode) {
        this(frames, mode, FrameTable.DEFAULT_FRAMES_PER_LARGE);
    }

    /** As {@link #FrameStore(int, HostMode)}, with large frames of {@code framesPerLarge} frames (see {@link FrameTable}). */
    public FrameStore(int frames, HostMode mode, int framesPerLarge) {
        this.mode = Objects.requireNonNull(mode, "mode");
        this.table = new FrameTable(frames, mode, framesPerLarge);
        this.access = ACCESS[mode.ordinal()];
        this.words = new FrameWords(frames, framesPerLarge);
        this.largeShift = Integer.numberOfTrailingZeros(framesPerLarge);
        this.largeFrames = table.largeFrames();
    }

    @Override
    public int frames() {
        return table.frames();
    }

    /**
     * The state word of {@code frame} (of its large frame, inside one), read as a load reads
     * content: between two equal reads of the frame's word, so never in the middle of a hint of its
     * split run.
     */
    public int state(int frame) {
        for (;;) {
            int s = words.lvSeq(frame);
            if ((s & 1) == 0) {
                int word = table.state(frame);
                if (words.lvSeq(frame) == s) {
                    return word;
                }
            }
            Thread.onSpinWait();
        }
    }

    /**
     * The content held for {@code frame} right now, resident or not (a freed frame holds
     * {@link #POISON}). For checks made while no one else is running; guests read with {@link #load}.
     */
    public long contentAtRest(int frame) {
        return words.lvContent(frame);
    }

    /** The host mode whose rules the frames follow. */
    public HostMode mode() {
        return mode;
    }

    /** The frame's copy on the paging device, current only while its state says backed. For checks at rest. */
    public long deviceCopyAtRest(int frame) {
        return words.lvDevice(frame);
    }

    // ---------------------------------------------------------------- guest side

    /**
     * ESSA on a 4 KiB frame; returns the state word before. SET_STABLE_RESIDENT on a frame that is
     * not resident fills it (page-in from the device, or zeros). A frame inside a large frame is
     * refused with an {@link IllegalStateException}, as {@link FrameTable} refuses it.
     */
    @Override
    public int essa(int frame, Orc orc) {
        return orc == Orc.SET_STABLE_RESIDENT ? makeResident(frame) : table.essa(frame, orc);
    }

    /**
     * ESSA on the run {@code large}, the guest's hint for a 2 MiB frame, applied to the whole run
     * at once however the host backs it: one step of the large frame while the host has the run
     * merged; while it has it split, one ESSA per 4 KiB frame made holding every word of the run, so
     * that no merge, split, host step, fill, store, load or state read sees the run half-changed. The
     * state word returned is the large frame's, or the run's first frame's. The guest must not hint
     * one run from two vCPUs at once, nor use its frames' 4 KiB ESSA meanwhile: one 2 MiB block
     * belongs to one allocation.
     */
    @Override
    public int essaLarge(int large, Orc orc) {
        int base = baseOfLarge(large);
        for (;;) {
            if (orc != Orc.SET_STABLE_RESIDENT && table.isLarge(large)) {
                try {
                    return table.essaLarge(large, orc);
                } catch (IllegalStateException splitMeanwhile) {
                    continue;
                }
            }
            words.lockRun(base);
            try {
                if (table.isLarge(large)) {
                    return essaHeld(base, 1 << largeShift, orc);
                }
                int firstOld = essaHeld(base, 1, orc);
                for (int f = base + 1, end = base + (1 << largeShift); f < end; f++) {
                    essaHeld(f, 1, orc);
                }
                return firstOld;
            } finally {
                words.unlockRun(base);
            }
        }
    }

    /**
     * A guest load: the content token of {@code frame}, after any host fault ({@code Sp}: page-in,
     * {@code Sz}: zero fill); {@link #DISCARD_FAULT} for {@code Vz}; an
     * {@link IllegalStateException} for an unused frame (the addressing exception).
     */
    @Override
    public long load(int frame) {
        for (;;) {
            int s = words.lvSeq(frame);
            if ((s & 1) != 0) {
                Thread.onSpinWait();
                continue;
            }
            int word = table.state(frame);
            switch (access[word]) {
                case NORMAL:
                    long token = words.lvContent(frame);
                    if (words.lvSeq(frame) == s) {
                        return token;
                    }
                    continue; // a store, fill or free overlapped the read
                case HOST_FAULT:
                case ZERO_FILL:
                    fill(frame);
                    continue;
                case DISCARD_FAULT:
                    return DISCARD_FAULT;
                default:
                    throw addressingException(frame, word);
            }
        }
    }

    /** A guest store; false, storing nothing, on a discard fault. Faults and exceptions as {@link #load}. */
    @Override
    public boolean store(int frame, long token) {
        for (;;) {
            words.lock(frame);
            int word = table.state(frame);
            AccessEffect effect = access[word];
            if (effect == AccessEffect.NORMAL) {
                words.svContent(frame, token); // volatile: see "store" in the class comment
                applyHeld(frame, FrameOp.STORE);
                words.unlock(frame);
                return true;
            }
            words.unlock(frame);
            switch (effect) {
                case HOST_FAULT:
                case ZERO_FILL:
                    fill(frame);
                    continue;
                case DISCARD_FAULT:
                    return false;
                default:
                    throw addressingException(frame, word);
            }
        }
    }

    /** The guest's page matches its backing store: clears the 4 KiB frame's change bit. Refused inside a large frame. */
    @Override
    public void clean(int frame) {
        table.apply(frame, FrameOp.CLEAN);
    }

    /** The guest hands the 4 KiB frame to the host, which drops its content ({@link FrameOp#RELEASE}). */
    @Override
    public void release(int frame) {
        int n = lockUnit(frame);
        try {
            if (n != 1) {
                throw insideLarge(frame);
            }
            if (FrameState.isResident(table.apply(frame, FrameOp.RELEASE))) {
                words.poison(frame, 1, POISON);
            }
        } finally {
            unlockUnit(frame, n);
        }
    }

    // ---------------------------------------------------------------- host side

    /**
     * Reclaims the unit that holds {@code frame} the cheapest way its state allows (docs/state-model.md section 2):
     * {@link #reclaimStep}, and if the unit must be written, {@link #beginWriteOut},
     * {@link #writeToDevice} and {@link #finishWriteOut}. Host threads only.
     */
    public ReclaimResult reclaim(int frame) {
        ReclaimResult first = reclaimStep(frame);
        if (first != ReclaimResult.MUST_WRITE) {
            return first;
        }
        beginWriteOut(frame);
        writeToDevice(frame);
        return finishWriteOut(frame);
    }

    /**
     * The first step of a reclaim: {@link FrameOp#RECLAIM}, which frees the unit at once if it can be
     * freed without I/O, and otherwise changes nothing and says {@link ReclaimResult#MUST_WRITE}.
     */
    public ReclaimResult reclaimStep(int frame) {
        int n = lockUnit(frame);
        int first = unitStart(frame, n);
        try {
            int before = applyHeld(first, FrameOp.RECLAIM);
            switch (StateModel.reclaimOutcome(before, mode)) {
                case NOT_RESIDENT:
                    return ReclaimResult.NOT_RESIDENT;
                case MUST_WRITE:
                    return ReclaimResult.MUST_WRITE;
                case DISCARDED:
                    words.poison(first, n, POISON);
                    return ReclaimResult.DISCARDED;
                default:
                    words.poison(first, n, POISON);
                    return ReclaimResult.DROPPED;
            }
        } finally {
            unlockUnit(first, n);
        }
    }

    /** A write-out begins: {@link FrameOp#BEGIN_WRITE_OUT} clears the host change bit and marks the device copy current. */
    public void beginWriteOut(int frame) {
        applyHeld(frame, FrameOp.BEGIN_WRITE_OUT); // no word held: the host's rule keeps the unit fixed
    }

    /** The write: copies the unit's content to the paging device, holding nothing; guests go on storing. */
    public void writeToDevice(int frame) {
        int n = unitFrames(frame);
        words.copyToDevice(unitStart(frame, n), n);
    }

    /**
     * The write has landed: {@link FrameOp#RECLAIM} again decides. {@link ReclaimResult#WRITTEN},
     * freed; {@link ReclaimResult#FREED_DURING_WRITE}, the guest made it unused or volatile meanwhile,
     * discarded and the copy dropped; {@link ReclaimResult#STORE_DURING_WRITE}, a store came in,
     * the unit stays resident and the device keeps the older copy until a later write-out.
     */
    public ReclaimResult finishWriteOut(int frame) {
        int n = lockUnit(frame);
        int first = unitStart(frame, n);
        try {
            int before = applyHeld(first, FrameOp.RECLAIM);
            switch (StateModel.reclaimOutcome(before, mode)) {
                case DROPPED_BACKED:
                    words.poison(first, n, POISON);
                    return ReclaimResult.WRITTEN;
                case DISCARDED:
                    words.poison(first, n, POISON);
                    return ReclaimResult.FREED_DURING_WRITE;
                case MUST_WRITE:
                    return ReclaimResult.STORE_DURING_WRITE;
                default:
                    throw new IllegalStateException("frame " + first + " is " + FrameState.describe(before)
                            + " at the end of its write-out: another host thread reclaimed it meanwhile");
            }
        } finally {
            unlockUnit(first, n);
        }
    }

    /** Merges the run {@code large} if all its frames share one state (see {@link FrameTable#merge}). Host threads only. */
    public boolean merge(int large) {
        int base = baseOfLarge(large);
        words.lockRun(base);
        try {
            return table.merge(large);
        } finally {
            words.unlockRun(base);
        }
    }

    /** Splits the large frame {@code large} into frames that each carry its state. Host threads only. */
    public void split(int large) {
        int base = baseOfLarge(large);
        words.lockRun(base);
        try {
            table.split(large);
        } finally {
            words.unlockRun(base);
        }
    }

    /** Whether the run {@code large} is merged into a large frame now. */
    public boolean isLarge(int large) {
        return table.isLarge(large);
    }

    // ---------------------------------------------------------------- internals

    /** A host fault on the unit that holds {@code frame}: a page-in or zeros, as the access table says. */
    private void fill(int frame) {
        int n = lockUnit(frame);
        int first = unitStart(frame, n);
        try {
            AccessEffect effect = access[table.state(first)];
            if (effect == AccessEffect.HOST_FAULT) {
                words.fill(first, n, true);
                applyHeld(first, FrameOp.PAGE_IN);
            } else if (effect == AccessEffect.ZERO_FILL) {
                words.fill(first, n, false);
                applyHeld(first, FrameOp.ZERO_FILL);
            }
            // otherwise another vCPU filled it, or the guest changed its usage meanwhile; the caller looks again
        } finally {
            unlockUnit(first, n);
        }
    }

    /** SET_STABLE_RESIDENT on the 4 KiB frame {@code frame}; refused inside a large frame. */
    private int makeResident(int frame) {
        int n = lockUnit(frame);
        try {
            if (n != 1) {
                throw insideLarge(frame);
            }
            return essaHeld(frame, 1, Orc.SET_STABLE_RESIDENT);
        } finally {
            unlockUnit(unitStart(frame, n), n);
        }
    }

    /**
     * ESSA on the unit of {@code n} frames from {@code first}, whose words the caller holds; for
     * SET_STABLE_RESIDENT, the content first (from the device, or zeros), then the state.
     */
    private int essaHeld(int first, int n, Orc orc) {
        int now = table.state(first);
        if (!FrameState.isResident(now) && FrameState.isResident(StateModel.essa(now, orc, mode))) {
            words.fill(first, n, FrameState.backed(now));
        }
        return n == 1 ? table.essa(first, orc) : table.essaLarge(first >>> largeShift, orc);
    }

    /**
     * Applies {@code op} to the unit that holds {@code frame}. The caller holds a word of it, or is
     * the host thread of its run, so the unit is fixed.
     */
    private int applyHeld(int frame, FrameOp op) {
        return inLarge(frame) ? table.applyLarge(frame >>> largeShift, op) : table.apply(frame, op);
    }

    private boolean inLarge(int frame) {
        int run = frame >>> largeShift;
        return run < largeFrames && table.isLarge(run);
    }

    /** How many frames the unit that holds {@code frame} has now (stable for the host, under its rule). */
    private int unitFrames(int frame) {
        return inLarge(frame) ? 1 << largeShift : 1;
    }

    private int unitStart(int frame, int n) {
        return n == 1 ? frame : frame >>> largeShift << largeShift;
    }

    /**
     * Takes the words of the unit that holds {@code frame} and returns its size. One word fixes a
     * small unit (a merge needs every word of the run); a large unit needs its whole run, taken in
     * ascending order after letting go of the one word, and is checked again once held.
     */
    private int lockUnit(int frame) {
        for (;;) {
            words.lock(frame);
            if (!inLarge(frame)) {
                return 1;
            }
            words.unlock(frame);
            int base = frame >>> largeShift << largeShift;
            words.lockRun(base);
            if (inLarge(base)) {
                return 1 << largeShift;
            }
            words.unlockRun(base); // split between our two looks
        }
    }

    private void unlockUnit(int first, int n) {
        if (n == 1) {
            words.unlock(first);
        } else {
            words.unlockRun(first);
        }
    }

    private int baseOfLarge(int large) {
        if (large < 0 || large >= largeFrames) {
            throw new IndexOutOfBoundsException("large frame " + large + " is out of range 0.." + (largeFrames - 1));
        }
        return large << largeShift;
    }

    private IllegalStateException insideLarge(int frame) {
        return new IllegalStateException("frame " + frame + " is part of large frame " + (frame >>> largeShift)
                + "; a 4 KiB operation cannot act on it");
    }

    private IllegalStateException addressingException(int frame, int word) {
        return new IllegalStateException("addressing exception: frame " + frame + " is "
                + FrameState.describe(word) + ", which the guest declared unused");
    }
}
