package org.cmmalab.hostpager;

import org.cmmalab.guestmm.GuestMemory;
import org.cmmalab.hostpager.device.PagingDevice;
import org.cmmalab.hostpager.replacement.ReplacementPolicy;
import org.cmmalab.hostpager.replacement.UnitKey;
import org.cmmalab.pagestates.AccessEffect;
import org.cmmalab.pagestates.Discipline;
import org.cmmalab.pagestates.FrameOp;
import org.cmmalab.pagestates.FrameState;
import org.cmmalab.pagestates.FrameTable;
import org.cmmalab.pagestates.HostMode;
import org.cmmalab.pagestates.Orc;
import org.cmmalab.pagestates.StateModel;
import org.cmmalab.pagestates.TransitionTables;

/**
 * One guest's memory as the host backs it, and the host's one frame protocol: the guest's
 * {@link FrameTable} and, for its resident frames, the host frames that hold them. The guest side
 * is what the guest's CPU does to the machine ({@link #essa ESSA}, {@link #load}, {@link #store},
 * {@link #clean}, {@link #release}), each with the host work it implies (host faults, zero fill,
 * paging-device slots freed when content goes to zero); the host side is reclaim by page state
 * and its steps, and the splitting and merging of large frames. The steps are ordered so that no
 * content is lost however the two sides interleave: the race-safe core of docs/state-model.md
 * section 6, races 1, 4, 5 and 6. The simulation runs it on one thread; the race tests and
 * {@code cmma stress} run the same code on real threads ({@link HostConfig#withDiscipline}), and
 * {@link FrameSync} says what each of the protocol's mechanics costs under each.
 *
 * <h2>Units of residency</h2>
 * A unit is one 4 KiB frame, or a large frame of {@link FrameTable#framesPerLarge()} frames where
 * the guest's run is merged (see {@link Backing#LARGE}; {@link Units} says which unit holds a
 * frame). A unit is made resident, used, reclaimed and paged as a whole: a large unit takes as
 * many host frames as it has small frames, at once, and each small frame keeps its own token and,
 * once written out, its own device slot. The host frames of a large unit need not be contiguous:
 * the host's pool is counted, not laid out, so host fragmentation and compaction are not modelled.
 *
 * <h2>Mechanisms</h2>
 * The protocol calls the host's page sharing ({@link PageSharing}) where a frame may map a host
 * frame shared with other guest frames (a store, a release, reclaim's freeing, a write-out, a
 * merge), and a guest's {@link DirtyTracking} at every change of content and state; without them
 * those points do nothing more. Under kvm, an ESSA that collects puts the frame into the guest's
 * {@link CollectionBuffer}, processed here when it is full.
 *
 * <h2>Concurrency protocol</h2>
 * Who may call what:
 * <ul>
 *   <li><b>Guest vCPUs</b>, any number: {@link #essa}, {@link #essaLarge}, {@link #load},
 *       {@link #store}, {@link #clean}, {@link #cleanLarge}, {@link #release}, {@link #releaseRun}.
 *       A host fault (page-in, zero fill) runs on the vCPU that takes it, as a host's fault
 *       handler runs on the faulting CPU.</li>
 *   <li><b>Host threads</b>: {@link #reclaim} and its steps ({@link #reclaimStep},
 *       {@link #beginWriteOut}, {@link #writeToDevice}, {@link #finishWriteOut}), {@link #split},
 *       {@link #merge}, and {@link Host}'s own methods. Host operations on one run of frames are
 *       serialized, one host thread at a time, so that a write-out's steps see the unit they
 *       began with; while a unit's write-out is in flight, {@link #split} and {@link #merge}
 *       refuse its run and reclaim does not pick it again.</li>
 *   <li><b>The simulation's mechanisms</b>, on the host's thread under the host lock: page
 *       sharing moves a frame between host frames ({@link #remap}, {@link #unmapShared}), dirty
 *       tracking starts and stops ({@link #startTracking}), and {@link #hostRead} reads without
 *       a fault.</li>
 *   <li><b>Anyone</b> may read {@link #state} and {@link #table()} (the frame table is
 *       linearizable); the table must not be changed except through this class. The counters
 *       may be read stale. {@link #contentAtRest} and {@link #deviceCopyAtRest} are for checks
 *       made while no one else runs.</li>
 * </ul>
 * Each frame has a sequence word ({@link FrameSync}): a holder owns the frame's content and, as
 * long as it holds the word, the frame's residency (resident or not) and its unit (small, or
 * inside a large frame) cannot change; usage and change bits still can, by ESSA and by stores to
 * other frames of a large unit. The host lock guards the host's shared structures (host frames,
 * gmaps, paging device, replacement policy, counters), and every change of residency is made
 * under it and the unit's words, so that residency is stable under the host lock alone. Lock
 * order: the host lock before frame words. Holders of words:
 * <ul>
 *   <li>a guest store, from before it writes the content until its change bits are set;</li>
 *   <li>a fill or SET_STABLE_RESIDENT, across writing the content and making the unit resident;</li>
 *   <li>the host's freeing steps ({@link #reclaimStep}, {@link #finishWriteOut}) and a release,
 *       across the state change that frees the unit and the poisoning of its content (the host
 *       frame goes back to the host's pool, where it will soon hold someone else's data, so it
 *       is overwritten with {@link #POISON} and a premature reuse shows);</li>
 *   <li>{@link #split} and {@link #merge}, on every frame of the run.</li>
 * </ul>
 * A unit of several frames is held by taking every word of its run in ascending order, and so is
 * a split run that a 2 MiB hint ({@link #essaLarge}) changes frame by frame and a run of frames
 * released at once; anyone else holds one word at a time, so no cycle can form. A 4 KiB ESSA takes
 * no word except SET_STABLE_RESIDENT's fill: a guest never waits for the host to change a 4 KiB
 * state (make-volatile can run in interrupt context); a large-frame ESSA on a merged run is one
 * lock-free step too, and if the host split the run under it, {@link FrameTable} refuses and it
 * looks again.
 *
 * <p>What each side is guaranteed:
 * <ul>
 *   <li>A <b>load</b> is an optimistic reader, as in a seqlock: it reads the word (waiting while it
 *       is odd), the state, the content, and the word again, and retries if the word moved. It is
 *       linearized at its content read, when the frame was resident with that content; a discard
 *       fault or an addressing exception at its state read.</li>
 *   <li>A <b>store</b> is linearized at its content write, made while the frame is resident and
 *       stays so. Its change bits are set after the content is written and before the word is
 *       released (the content write's ordering: {@link FrameSync}).</li>
 *   <li>A <b>write-out</b> (race 4) holds no word while it copies: {@link #reclaimStep} reserves
 *       the device slots, {@link #beginWriteOut} clears the host change bit, {@link #writeToDevice}
 *       copies, {@link #finishWriteOut} looks again. A store whose change bits were set after the
 *       begin keeps the unit resident; one whose bits were set before it wrote its content before
 *       the copy read it.</li>
 *   <li>A unit the guest made unused or volatile during its write-out (race 5) is discarded at the
 *       finish, and the written copy is dropped with the backed bit: its new state wins. One the
 *       guest gave back ({@link #release}) during the write is gone already; the finish leaves it.</li>
 *   <li>A make-stable-if-resident (race 1) and a discard are each one step of the frame table: one
 *       wins, and the guest learns which from the old state.</li>
 *   <li>A large unit changes state in one step; {@link #split} and {@link #merge} hold the whole
 *       run, so no fill, store or freeing sees half of one (race 6).</li>
 * </ul>
 * Nothing is allocated per operation.
 */
public final class GuestSpace implements GuestMemory {
    /** What a freed host frame's content is overwritten with: never a token, never zero, never {@link #DISCARD_FAULT}. */
    public static final long POISON = FrameSync.POISON;

    /** What {@link #faultIn} returns when the unit needed no fill by then; never a token ({@link #DISCARD_FAULT}). */
    private static final long LOOK_AGAIN = DISCARD_FAULT;
    /** {@link #finishWriteOut(int, int)}: whichever write-out of the unit is in flight (a ticket is never negative). */
    private static final int ANY_WRITE_OUT = -1;

    private static final AccessEffect[][] ACCESS = new AccessEffect[HostMode.values().length][FrameState.WORDS];
    /** By mode and ORC: whether the ORC makes some frame that is not resident resident (zvm's SET_STABLE_RESIDENT). */
    private static final boolean[][] MAKES_RESIDENT = new boolean[HostMode.values().length][Orc.values().length];

    static {
        for (HostMode mode : HostMode.values()) {
            for (int word = 0; word < FrameState.WORDS; word++) {
                ACCESS[mode.ordinal()][word] = StateModel.access(word, mode);
                for (Orc orc : Orc.values()) {
                    MAKES_RESIDENT[mode.ordinal()][orc.ordinal()] |= StateModel.isLegal(word, mode)
                            && !FrameState.isResident(word) && FrameState.isResident(StateModel.essa(word, orc, mode));
                }
            }
        }
    }

    private final Host host;
    private final HostMode mode;
    private final FrameSync sync;
    private final HostMemMap memMap;
    private final long[] tokens;
    private final ReplacementPolicy policy;
    private final PagingDevice device;
    private final HostCounters counters;
    private final int guestId;
    private final int index;
    private final int volume;
    private final FrameTable table;
    private final AccessEffect[] access;
    private final boolean[] makesResident;
    private final Gmap gmap;
    private final Units units;
    private final int framesPerLarge;
    private final PartiallyBalloonedPage partial;
    /** A chunk of the frame table: the most one step of a run covers. */
    private static final int CHUNK = FrameTable.FRAMES_PER_CHUNK;
    /** The state words before a {@link #releaseRun} or {@link #essaRun}, a chunk at a time, under the host lock. */
    private final int[] runBefore = new int[CHUNK];
    /** The state words before the collection buffer's zap, a run at a time, under the host lock. */
    private final int[] zapBefore = new int[CollectionBuffer.ENTRIES];
    private int residentFrames;
    private long writeOutsStarted;
    private long storesDuringWriteOut;
    private long freesDuringWriteOut;
    private DirtyTracking tracking = DirtyTracking.NONE;
    private final CollectionBuffer collected = new CollectionBuffer();

    GuestSpace(Host host, int guestId, int index, int frames, Backing backing, int framesPerLarge) {
        if (backing == Backing.LARGE && host.mode() == HostMode.KVM) {
            throw new IllegalArgumentException("guest " + guestId + ": KVM runs no CMMA on huge-page backing"
                    + " (pgste_perform_essa refuses a hugetlb VMA); back it with 4 KiB frames or use zvm");
        }
        this.host = host;
        this.mode = host.mode();
        this.sync = host.sync().forGuest(frames);
        this.memMap = host.memMap();
        this.tokens = memMap.tokens();
        this.policy = host.replacement();
        this.device = host.device();
        this.counters = host.counters();
        this.guestId = guestId;
        this.index = index;
        this.table = new FrameTable(frames, host.mode(), framesPerLarge);
        this.access = ACCESS[mode.ordinal()];
        this.makesResident = MAKES_RESIDENT[mode.ordinal()];
        this.gmap = new Gmap(frames, host.config().discipline() == Discipline.THREADS);
        this.volume = device.addVolume(guestId, frames);
        this.units = new Units(table, sync, guestId);
        this.framesPerLarge = table.framesPerLarge();
        this.partial = new PartiallyBalloonedPage(framesPerLarge);
        if (backing == Backing.LARGE) {
            for (int large = 0; large < table.largeFrames(); large++) {
                table.merge(large);
                units.merged();
            }
        }
    }

    public int guestId() {
        return guestId;
    }

    /** The guest's frames, in 4 KiB frames. */
    @Override
    public int frames() {
        return table.frames();
    }

    /** The host mode whose rules the frames follow. */
    public HostMode mode() {
        return mode;
    }

    /** The guest's frame table, to read states from; change it only through this class. */
    public FrameTable table() {
        return table;
    }

    /** How many of the guest's 4 KiB frames are resident in host frames now. */
    public int residentFrames() {
        return residentFrames;
    }

    /**
     * The state word of {@code frame} (of its large frame, inside one), read as a load reads
     * content: between two equal reads of the frame's word, so never in the middle of a fill, a
     * freeing, or a hint of its split run.
     */
    public int state(int frame) {
        for (;;) {
            int seq = sync.readBegin(frame);
            int word = table.state(frame);
            if (sync.readValid(frame, seq)) {
                return word;
            }
        }
    }

    /**
     * The content of {@code frame}'s host frame right now: its token while resident, {@link #POISON}
     * while not (the host frame it had went back to the host). For checks made while no one else
     * runs; guests read with {@link #load}.
     */
    public long contentAtRest(int frame) {
        int hostFrame = gmap.get(frame);
        return hostFrame < 0 ? POISON : sync.content(tokens, hostFrame);
    }

    /** The frame's copy on the paging device, current only while its state says backed; it must hold a slot. For checks at rest. */
    public long deviceCopyAtRest(int frame) {
        return device.peek(volume, frame);
    }

    // ---------------------------------------------------------------- guest side

    /**
     * ESSA on a 4 KiB frame, with the host work it implies: an ESSA that makes a frame resident
     * (zvm's SET_STABLE_RESIDENT) takes a host frame (reclaiming one if none is free) and pages the
     * content in or zero-fills it; any change that drops the device copy frees its paging-device
     * slot; under kvm, a frame ESSA collects goes into the collection buffer (see the class
     * comment). Returns the state word before, like {@link FrameTable#essa}. A frame inside a
     * large frame is refused with an {@link IllegalStateException}: use {@link #essaLarge}, or
     * {@link #split} first.
     */
    @Override
    public int essa(int frame, Orc orc) {
        units.refuseInsideLarge(frame);
        if (!makesResident[orc.ordinal()]) {
            int before = table.essa(frame, orc);
            essaDone(frame, 1, orc, before);
            return before;
        }
        sync.lockHost();
        try {
            if (fills(table.state(frame), orc)) {
                host.ensureFree(1); // under the host lock, before any word: reclaim takes its victims' words
            }
            int n = units.lock(frame);
            try {
                if (n != 1) {
                    throw units.insideLarge(frame);
                }
                return essaHeld(frame, 1, orc);
            } finally {
                units.unlock(frame, n);
            }
        } finally {
            sync.unlockHost();
        }
    }

    /**
     * {@link #essa} on the {@code count} frames from {@code first}, in order, the state words
     * before unread: s390 Linux's {@code arch_free_page} on a block, one ESSA per 4 KiB frame. The
     * same steps, but a chunk the run covers whole, uniform in the frame table and with none of
     * its frames in the collection buffer, takes one frame-table step ({@link FrameTable#essaRun})
     * and then each frame's host work in order, which is what the frame-by-frame steps do: the
     * host work of a frame (tracking, slots, the collection buffer, whose processing zaps only
     * frames put in before) reads and changes nothing of the frames after it. A guest that boots
     * frees all its memory this way, and with it uniform its table keeps no array per chunk.
     */
    @Override
    public void essaRun(int first, int count, Orc orc) {
        for (int done = 0; done < count; ) {
            int from = first + done;
            int n = Math.min(count - done, CHUNK - (from & CHUNK - 1));
            if (n != CHUNK || makesResident[orc.ordinal()] || !essaChunk(from, orc)) {
                for (int f = from; f < from + n; f++) {
                    essa(f, orc);
                }
            }
            done += n;
        }
    }

    /** {@link #essaRun} on the whole chunk from {@code first} in one frame-table step; false, changing nothing, if it may not. */
    private boolean essaChunk(int first, Orc orc) {
        sync.lockHost(); // for runBefore, and so that the host's own steps keep off the chunk meanwhile
        try {
            if (table.uniformState(first) == FrameTable.MIXED || units.smallRun(first, CHUNK) != CHUNK
                    || collected.holdsAny(first, CHUNK)) {
                return false;
            }
            table.essaRun(first, CHUNK, orc, runBefore);
            int before = runBefore[0];
            if (!uniform(runBefore, before)) { // a concurrent step in the chunk: each frame's host work on its own
                for (int i = 0; i < CHUNK; i++) {
                    essaDone(first + i, 1, orc, runBefore[i]);
                }
                return true;
            }
            // every frame's host work at once: the same, as each frame's depends on its own state only
            tracking.transitioned(first, CHUNK, before);
            if (FrameState.backed(before) && !FrameState.backed(TransitionTables.essa(before, orc, mode))) {
                freeSlotsIfUnbacked(first, CHUNK);
            }
            if (TransitionTables.collects(before, orc, mode)) {
                for (int f = first; f < first + CHUNK; f++) {
                    collect(f);
                }
            }
            return true;
        } finally {
            sync.unlockHost();
        }
    }

    private static boolean uniform(int[] words, int word) {
        for (int w : words) {
            if (w != word) {
                return false;
            }
        }
        return true;
    }

    /**
     * ESSA on the run {@code large}, the guest's hint for a 2 MiB frame, applied to the whole run at
     * once however the host backs it: one step of the large frame while the host has the run
     * merged; while it has it split, one ESSA per 4 KiB frame made holding every word of the run,
     * so that no merge, split, host step, fill, store, load or state read sees the run
     * half-changed. The host work is as in {@link #essa}. The state word returned is the large
     * frame's, or the run's first frame's. The guest must not hint one run from two vCPUs at once,
     * nor use its frames' 4 KiB ESSA meanwhile: one 2 MiB block belongs to one allocation.
     */
    @Override
    public int essaLarge(int large, Orc orc) {
        int base = units.base(large);
        for (;;) {
            if (!makesResident[orc.ordinal()] && table.isLarge(large)) {
                int before;
                try {
                    before = table.essaLarge(large, orc);
                } catch (IllegalStateException splitMeanwhile) {
                    continue;
                }
                essaDone(base, framesPerLarge, orc, before);
                return before;
            }
            sync.lockHost();
            try {
                return essaRunHeld(large, base, orc);
            } finally {
                sync.unlockHost();
            }
        }
    }

    /**
     * The guest wrote {@code frame} back to its own backing store: clears its change bit
     * ({@link FrameOp#CLEAN}), so that a potentially volatile frame may be discarded again. Refused
     * inside a large frame like {@link #essa}; use {@link #cleanLarge}.
     */
    @Override
    public void clean(int frame) {
        units.refuseInsideLarge(frame);
        table.apply(frame, FrameOp.CLEAN);
    }

    /** The guest wrote all of large frame {@code large} back: clears its change bit. */
    public void cleanLarge(int large) {
        table.applyLarge(large, FrameOp.CLEAN);
    }

    /**
     * A guest load: the content token of {@code frame} (0 for a page that was zero-filled and never
     * stored to), after any host fault it takes (a page-in from the paging device, or a zero
     * fill: {@link StateModel#access} says which). Under zvm, {@link #DISCARD_FAULT} for {@code Vz},
     * with no change of state, and an {@link IllegalStateException} for {@code Ur} or {@code Uz}
     * (an addressing exception: the guest touched a frame it declared unused); KVM has neither.
     * In a large frame it acts on the large frame.
     */
    @Override
    public long load(int frame) {
        for (;;) {
            int seq = sync.readBegin(frame);
            int word = table.state(frame);
            switch (access[word]) {
                case NORMAL:
                    long token = sync.content(tokens, gmap.get(frame));
                    if (!sync.readValid(frame, seq)) {
                        continue; // a store, fill or freeing overlapped the read
                    }
                    accessed(frame, false);
                    return token;
                case HOST_FAULT:
                case ZERO_FILL:
                    long filled = faultIn(frame); // the fault told the policy; it was this access
                    if (filled != LOOK_AGAIN) {
                        return filled;
                    }
                    continue;
                case DISCARD_FAULT:
                    return DISCARD_FAULT;
                default:
                    throw addressingException(frame, word);
            }
        }
    }

    /**
     * A guest store of {@code token} into {@code frame}: the same faults as {@link #load}, then the
     * token is written and the change bits are set ({@link FrameOp#STORE}). False, storing nothing,
     * on a discard fault. A store to a frame that shares its host frame with others first copies
     * it into a host frame of its own ({@link PageSharing#storing}, copy-on-write), which may
     * reclaim.
     */
    @Override
    public boolean store(int frame, long token) {
        for (;;) {
            int word = table.state(frame);
            switch (access[word]) {
                case NORMAL:
                    if (!accessed(frame, true)) {
                        continue;
                    }
                    break;
                case HOST_FAULT:
                case ZERO_FILL:
                    if (faultIn(frame) == LOOK_AGAIN) {
                        continue;
                    }
                    break;
                case DISCARD_FAULT:
                    return false;
                default:
                    throw addressingException(frame, word);
            }
            sync.lock(frame);
            try {
                if (access[table.state(frame)] != AccessEffect.NORMAL) {
                    continue; // freed since the access looked (real threads only): look again
                }
                sync.storeContent(tokens, gmap.get(frame), token);
                int first = units.start(frame);
                applyUnit(first, units.frames(first), FrameOp.STORE);
                tracking.contentChanged(frame, 1);
                return true;
            } finally {
                sync.unlock(frame);
            }
        }
    }

    /**
     * The guest gives {@code frame} back ({@link FrameOp#RELEASE}: z/VM DIAGNOSE X'10' from a CMM
     * balloon, or a virtio-balloon inflate or free-page report, which QEMU answers with
     * {@code MADV_DONTNEED}): the host drops the content without I/O, frees the host frame and any
     * device slot, and the frame reads as zeros from then on. Inside a large frame the host drops
     * nothing until the release request has given back every frame of it ({@link #releaseRun}).
     */
    @Override
    public void release(int frame) {
        sync.lockHost();
        try {
            int n = units.lock(frame);
            try {
                if (n != 1) {
                    releaseInsideLarge(frame, 1);
                } else {
                    released(frame, 1, table.apply(frame, FrameOp.RELEASE));
                }
            } finally {
                units.unlock(frame, n);
            }
        } finally {
            sync.unlockHost();
        }
    }

    /**
     * {@link #release} of the {@code count} frames from {@code first}, in order: the same steps
     * ({@link FrameTable#applyRun}, then each frame's host work, which reads and changes nothing of
     * the frames after it), with one frame-table lookup per chunk, holding the chunk's words.
     *
     * <p>Frames inside a merged large frame follow QEMU's rule for a balloon on host pages larger
     * than 4 KiB ({@link PartiallyBalloonedPage}): the large frame is given back, all of it, when
     * the release request going on ({@link #releaseRequestDone} ends it) has given back its last
     * frame; until then it stays resident with its content.
     */
    @Override
    public void releaseRun(int first, int count) {
        for (int done = 0; done < count; ) {
            int from = first + done;
            int n = Math.min(count - done, runBefore.length);
            sync.lockHost(); // splits and merges take it: whether a frame is inside a large frame holds under it
            try {
                if (units.isInLarge(from)) {
                    int base = units.start(from);
                    n = Math.min(n, base + framesPerLarge - from);
                    sync.lockRange(base, framesPerLarge);
                    try {
                        releaseInsideLarge(from, n);
                    } finally {
                        sync.unlockRange(base, framesPerLarge);
                    }
                } else {
                    n = units.smallRun(from, n);
                    sync.lockRange(from, n);
                    try {
                        table.applyRun(from, n, FrameOp.RELEASE, runBefore);
                        for (int i = 0; i < n; i++) {
                            released(from + i, 1, runBefore[i]);
                        }
                    } finally {
                        sync.unlockRange(from, n);
                    }
                }
            } finally {
                sync.unlockHost();
            }
            done += n;
        }
    }

    /**
     * The guest's release request ends (a virtio-balloon request of up to 256 page numbers, a
     * balloon's round trip): the large frame it gave back only in part is forgotten, as QEMU 4.1
     * frees its {@code PartiallyBalloonedPage} after each request ({@code virtio_balloon_handle_output}).
     */
    @Override
    public void releaseRequestDone() {
        sync.lockHost();
        try {
            partial.requestDone();
        } finally {
            sync.unlockHost();
        }
    }

    /**
     * The guest released the {@code n} frames from {@code from}, all inside one merged large frame,
     * whose words the caller holds, under the host lock: counted toward the large frame, which is
     * given back whole once every frame of it is ({@link PartiallyBalloonedPage}).
     */
    private void releaseInsideLarge(int from, int n) {
        int large = units.largeOf(from);
        if (partial.release(large, from, n)) {
            released(units.base(large), framesPerLarge, table.applyLarge(large, FrameOp.RELEASE));
        }
    }

    // ---------------------------------------------------------------- host side

    /**
     * Reclaims the unit that holds {@code frame} the cheapest way its state allows (docs/state-model.md
     * section 2): {@link #reclaimStep}, and if the unit must be written, {@link #beginWriteOut},
     * {@link #writeToDevice} and {@link #finishWriteOut}. Host threads only.
     */
    public ReclaimResult reclaim(int frame) {
        ReclaimResult started = startReclaim(frame);
        return started == ReclaimResult.WRITE_IN_FLIGHT ? finishWriteOut(frame) : started;
    }

    /**
     * The first step of a reclaim: {@link FrameOp#RECLAIM}, which frees the unit at once if it can be
     * freed without I/O ({@link ReclaimResult#DISCARDED}, {@link ReclaimResult#DROPPED}), and
     * otherwise changes nothing of its state, reserves paging-device slots for its write and says
     * {@link ReclaimResult#MUST_WRITE}, or {@link ReclaimResult#DEVICE_FULL} if the device has no
     * room for it.
     */
    public ReclaimResult reclaimStep(int frame) {
        sync.lockHost();
        try {
            int n = units.lock(frame);
            int first = units.startOf(frame, n);
            try {
                return reclaimHeld(first, n);
            } finally {
                units.unlock(first, n);
            }
        } finally {
            sync.unlockHost();
        }
    }

    /**
     * {@link #reclaimStep} of the unit of {@code n} frames from {@code first}, whose words the
     * caller holds, under the host lock. A method of its own, apart from the holding, so that
     * reclaim's hot path stays small enough for the JIT to inline (C2's {@code FreqInlineSize}).
     */
    private ReclaimResult reclaimHeld(int first, int n) {
        int before = applyUnit(first, n, FrameOp.RECLAIM);
        switch (TransitionTables.reclaimOutcome(before, mode)) {
            case NOT_RESIDENT:
                return ReclaimResult.NOT_RESIDENT;
            case MUST_WRITE:
                if (!device.reserve(volume, first, n)) {
                    counters.deviceFull++;
                    return ReclaimResult.DEVICE_FULL;
                }
                return ReclaimResult.MUST_WRITE;
            case DISCARDED:
                counters.discards += n;
                freeUnit(first, n, before);
                return ReclaimResult.DISCARDED;
            case DROPPED_BACKED:
                counters.droppedBacked += n;
                freeUnit(first, n, before);
                return ReclaimResult.DROPPED;
            default:
                counters.droppedZero += n;
                freeUnit(first, n, before);
                return ReclaimResult.DROPPED;
        }
    }

    /**
     * A write-out begins: {@link FrameOp#BEGIN_WRITE_OUT} clears the host change bit and marks the
     * device copy current, and the unit is in flight until {@link #finishWriteOut}. No word is held:
     * the host's rule keeps the unit fixed.
     */
    public void beginWriteOut(int frame) {
        sync.lockHost();
        try {
            int first = units.start(frame);
            int n = units.frames(first);
            applyUnit(first, n, FrameOp.BEGIN_WRITE_OUT);
            memMap.startWriting(gmap.get(first), n);
            writeOutsStarted++;
        } finally {
            sync.unlockHost();
        }
    }

    /**
     * The write: copies the unit's content to its device slots, holding no word; guests go on
     * storing. Counts the host's page-outs ({@link PageSharing#pageOuts}: the mappers of a shared
     * frame count one).
     */
    public void writeToDevice(int frame) {
        sync.lockHost();
        try {
            int first = units.start(frame);
            int n = units.frames(first);
            for (int f = first; f < first + n; f++) {
                device.write(volume, f, sync.content(tokens, gmap.get(f)));
            }
            counters.pageOuts += host.sharing().pageOuts(this, first, n);
        } finally {
            sync.unlockHost();
        }
    }

    /**
     * The write has landed: {@link FrameOp#RECLAIM} again decides. {@link ReclaimResult#WRITTEN},
     * freed; {@link ReclaimResult#FREED_DURING_WRITE}, the guest made it unused or volatile meanwhile,
     * discarded and the copy dropped, or gave it back ({@link #release}), which freed it already;
     * {@link ReclaimResult#STORE_DURING_WRITE}, a store came in, the unit stays resident and the
     * device keeps the older copy until a later write-out.
     */
    public ReclaimResult finishWriteOut(int frame) {
        return finishWriteOut(frame, ANY_WRITE_OUT);
    }

    /** Writes-outs this guest's units started ({@link #beginWriteOut}). */
    public long writeOutsStarted() {
        return writeOutsStarted;
    }

    /** Race 4: write-outs that a guest store made end with the unit kept resident. */
    public long storesDuringWriteOut() {
        return storesDuringWriteOut;
    }

    /** Race 5: write-outs whose unit the guest made unused or volatile, or gave back, before they ended. */
    public long freesDuringWriteOut() {
        return freesDuringWriteOut;
    }

    /**
     * Splits large frame {@code large} into small frames that each carry its state (see
     * {@link FrameTable#split}). If it is resident, each small frame becomes a unit of its own in
     * the same host frame; the replacement policy sees the 511 new ones as just made resident.
     * False, changing nothing, while the large frame's write-out is in flight.
     */
    public boolean split(int large) {
        int base = units.base(large);
        sync.lockHost();
        try {
            if (anyWriting(base, 1)) {
                return false;
            }
            sync.lockRange(base, framesPerLarge);
            try {
                int word = table.stateLarge(large);
                table.split(large);
                units.split();
                partial.forget(large);
                if (FrameState.isResident(word)) {
                    for (int f = base + 1; f < base + framesPerLarge; f++) {
                        host.admit(gmap.get(f), UnitKey.of(guestId, f));
                    }
                }
                return true;
            } finally {
                sync.unlockRange(base, framesPerLarge);
            }
        } finally {
            sync.unlockHost();
        }
    }

    /**
     * Merges the run {@code large} into one large frame if all its small frames are in one state
     * (see {@link FrameTable#merge}), none shares its host frame with other guest frames
     * ({@link PageSharing#anyShared}) and none is being written out; false, changing nothing, if not. If
     * they are resident, the run's first frame's unit becomes the large unit and the others leave
     * the replacement policy.
     */
    public boolean merge(int large) {
        int base = units.base(large);
        sync.lockHost();
        try {
            if (anyWriting(base, framesPerLarge) || host.sharing().anyShared(this, base, framesPerLarge)) {
                return false;
            }
            sync.lockRange(base, framesPerLarge);
            try {
                if (!table.merge(large)) {
                    return false;
                }
                units.merged();
                partial.forget(large);
                if (FrameState.isResident(table.stateLarge(large))) {
                    for (int f = base + 1; f < base + framesPerLarge; f++) {
                        host.evict(gmap.get(f));
                    }
                }
                return true;
            } finally {
                sync.unlockRange(base, framesPerLarge);
            }
        } finally {
            sync.unlockHost();
        }
    }

    /** Whether the run {@code large} is merged into a large frame now. */
    public boolean isLarge(int large) {
        return table.isLarge(large);
    }

    @Override
    public String toString() {
        return "guest " + guestId + " (" + residentFrames + " of " + frames() + " frames resident)";
    }

    // ---- for page sharing (PageSharing), under the host lock ----

    /** The guest's index among the host's guests ({@link Host#guestAt}). */
    public int index() {
        return index;
    }

    /** The host frame that holds {@code frame}, or -1 if it is not resident. */
    public int hostFrame(int frame) {
        return gmap.get(frame);
    }

    /** Whether {@code frame} is a resident 4 KiB unit (not part of a large frame) whose write-out is not in flight: one that {@link #remap} may move. */
    public boolean isRemappable(int frame) {
        return !units.isInLarge(frame) && FrameState.isResident(table.state(frame)) && writeOutTicket(frame) == 0;
    }

    /** Points remappable {@code frame} at another host frame holding the same content. */
    public void remap(int frame, int hostFrame) {
        gmap.set(frame, hostFrame);
    }

    /** A mapper of a shared frame is no longer resident; the shared frame is the sharer's. */
    public void unmapShared(int frame) {
        unmapFrame(frame);
        residentFrames--;
    }

    // ---- package-private: the reclaimer's view of a guest ----

    /** How many small frames the unit that starts at {@code first} has. */
    int unitFrames(int first) {
        return units.frames(first);
    }

    /**
     * {@link #reclaimStep}, and if the unit must be written, {@link #beginWriteOut} and
     * {@link #writeToDevice}: {@link ReclaimResult#WRITE_IN_FLIGHT}, and {@link #finishWriteOut}
     * is the caller's, now or when the write lands.
     */
    ReclaimResult startReclaim(int frame) {
        ReclaimResult first = reclaimStep(frame);
        if (first != ReclaimResult.MUST_WRITE) {
            return first;
        }
        beginWriteOut(frame);
        writeToDevice(frame);
        return ReclaimResult.WRITE_IN_FLIGHT;
    }

    /**
     * {@link #finishWriteOut(int)} of the write-out {@code ticket} that background reclaim started
     * ({@link WriteOuts}). A unit that no longer holds that write-out was given back during the
     * write (and its host frame may hold another unit since, or this one again, under a write-out
     * of its own): it is not touched.
     */
    public ReclaimResult finishWriteOut(int frame, int ticket) {
        sync.lockHost();
        try {
            int slot = gmap.get(units.start(frame));
            int inFlight = slot < 0 ? 0 : memMap.writingTicket(slot);
            if (ticket != ANY_WRITE_OUT && inFlight != ticket && memMap.endedEarly(ticket)) {
                return ReclaimResult.ENDED_EARLY;
            }
            if (inFlight == 0 || ticket != ANY_WRITE_OUT && inFlight != ticket) {
                freesDuringWriteOut++; // released during the write: the release freed it and dropped the copy
                return ReclaimResult.FREED_DURING_WRITE;
            }
            int n = units.lock(frame);
            memMap.stopWriting(slot, inFlight, n);
            int first = units.startOf(frame, n);
            try {
                int before = applyUnit(first, n, FrameOp.RECLAIM);
                switch (TransitionTables.reclaimOutcome(before, mode)) {
                    case DROPPED_BACKED:
                        freeUnit(first, n, before);
                        return ReclaimResult.WRITTEN;
                    case DISCARDED:
                        counters.discards += n;
                        freesDuringWriteOut++;
                        freeUnit(first, n, before);
                        return ReclaimResult.FREED_DURING_WRITE;
                    case MUST_WRITE:
                        counters.writeOutsAborted++;
                        storesDuringWriteOut++;
                        return ReclaimResult.STORE_DURING_WRITE;
                    default:
                        throw new IllegalStateException(this + " frame " + first + " is " + FrameState.describe(before)
                                + " at the end of its write-out: another host thread reclaimed it meanwhile");
                }
            } finally {
                units.unlock(first, n);
            }
        } finally {
            sync.unlockHost();
        }
    }

    /** The write-out ticket of the unit that starts at {@code first}, 0 if none is in flight. */
    int writeOutTicket(int first) {
        int slot = gmap.get(first);
        return slot < 0 ? 0 : memMap.writingTicket(slot);
    }

    /** Applies {@code op} to the unit of {@code frames} frames from {@code first}; returns the state word before. */
    int applyUnit(int first, int frames, FrameOp op) {
        int before = frames == 1 ? table.apply(first, op) : table.applyLarge(units.largeOf(first), op);
        tracking.transitioned(first, frames, before);
        return before;
    }

    // ---- for the mechanisms that watch or read a guest (live migration), on the host's thread ----

    /** Tells {@code watcher} of every change from now on ({@link DirtyTracking}); one at a time. */
    public void startTracking(DirtyTracking watcher) {
        if (tracking != DirtyTracking.NONE) {
            throw new IllegalStateException("guest " + guestId + "'s changes are tracked already");
        }
        tracking = java.util.Objects.requireNonNull(watcher, "watcher");
    }

    /** Stops telling {@code watcher}, if it is the one told. */
    public void stopTracking(DirtyTracking watcher) {
        if (tracking == watcher) {
            tracking = DirtyTracking.NONE;
        }
    }

    /**
     * The frame's content as the host reads guest memory through its own mapping, without
     * faulting it in: its token, the paging device's copy, or 0 with no content.
     */
    public long hostRead(int frame) {
        int word = table.state(frame);
        if (FrameState.isResident(word)) {
            return memMap.token(gmap.get(frame));
        }
        return FrameState.backed(word) ? device.read(volume, frame) : 0L;
    }

    /**
     * The first frame at or after {@code frame} that may be resident (frames before it in the
     * same 2 MiB chunk included), or {@link #frames()}: lets a scanner of resident frames skip
     * untouched memory, so that its work follows the host's memory, not the guests'.
     */
    public int nextMaybeResident(int frame) {
        return gmap.nextInChunk(frame, frames());
    }

    // ---- internals ----

    /** Whether ESSA {@code orc} makes a frame in state {@code word} resident. */
    private boolean fills(int word, Orc orc) {
        return !FrameState.isResident(word) && FrameState.isResident(TransitionTables.essa(word, orc, mode));
    }

    /**
     * The host's work after an ESSA that made nothing resident, whose state word was
     * {@code before}: tracking, the device slots of a copy it dropped, the collection buffer.
     */
    private void essaDone(int first, int frames, Orc orc, int before) {
        tracking.transitioned(first, frames, before);
        boolean dropsCopy = FrameState.backed(before) && !FrameState.backed(TransitionTables.essa(before, orc, mode));
        boolean collects = TransitionTables.collects(before, orc, mode);
        if (!dropsCopy && !collects) {
            return;
        }
        sync.lockHost();
        try {
            if (dropsCopy) {
                freeSlotsIfUnbacked(first, frames);
            }
            if (collects) {
                collect(first);
            }
        } finally {
            sync.unlockHost();
        }
    }

    /**
     * ESSA on the unit of {@code n} frames from {@code first}, whose words the caller holds, under
     * the host lock: one that makes it resident first gives it host frames (the caller made sure
     * they are free) and its content, from the device or zeros.
     */
    private int essaHeld(int first, int n, Orc orc) {
        int before = n == 1 ? table.essa(first, orc) : table.essaLarge(units.largeOf(first), orc);
        if (fills(before, orc)) {
            fill(first, n, FrameState.backed(before));
            tracking.transitioned(first, n, before);
        } else {
            essaDone(first, n, orc, before);
        }
        return before;
    }

    /** {@link #essaLarge} holding the run {@code large}'s words, under the host lock. */
    private int essaRunHeld(int large, int base, Orc orc) {
        boolean merged = table.isLarge(large);
        int needed = 0;
        for (int f = base; f < base + (merged ? 1 : framesPerLarge); f++) {
            needed += fills(table.state(f), orc) ? (merged ? framesPerLarge : 1) : 0;
        }
        if (needed > 0) {
            host.ensureFree(needed); // before any word: reclaim takes its victims' words
        }
        sync.lockRange(base, framesPerLarge);
        try {
            if (table.isLarge(large)) {
                return essaHeld(base, framesPerLarge, orc);
            }
            int firstOld = essaHeld(base, 1, orc);
            for (int f = base + 1; f < base + framesPerLarge; f++) {
                essaHeld(f, 1, orc);
            }
            return firstOld;
        } finally {
            sync.unlockRange(base, framesPerLarge);
        }
    }

    /** Puts {@code frame} into the collection buffer; a full buffer is processed at once. Under the host lock. */
    private void collect(int frame) {
        if (!collected.add(frame)) {
            return;
        }
        // frame by frame in the order they came, a run of consecutive frames in one frame-table
        // step: each frame's host work reads and changes nothing of the frames after it
        for (int i = 0; i < collected.size(); ) {
            int f = collected.get(i);
            int n = collected.runAt(i, zapBefore.length);
            table.applyRun(f, n, FrameOp.ZAP_UNUSED, zapBefore);
            for (int k = 0; k < n; k++) {
                tracking.transitioned(f + k, 1, zapBefore[k]);
                if (FrameState.backed(zapBefore[k])
                        && !FrameState.backed(TransitionTables.apply(zapBefore[k], FrameOp.ZAP_UNUSED, mode))) {
                    freeSlotsIfUnbacked(f + k, 1);
                }
            }
            i += n;
        }
        collected.empty();
        counters.collectionBuffersZapped++;
    }


    /**
     * A load or store reached resident {@code frame}: tells the policy, under the host lock, if it
     * is resident still; a store to a frame shared with others copies it first
     * ({@link PageSharing#storing}). False if the caller must look again: the frame left (real
     * threads only), or the copy's reclaim may have taken the shared frame itself.
     */
    private boolean accessed(int frame, boolean store) {
        sync.lockHost();
        try {
            if (gmap.get(frame) < 0 || store && !host.sharing().storing(this, frame)) {
                return false;
            }
            int first = units.start(frame);
            policy.onAccess(gmap.get(first), UnitKey.of(guestId, first));
            return true;
        } finally {
            sync.unlockHost();
        }
    }

    /**
     * A host fault on the unit that holds {@code frame}: frees host frames if needed (which may run
     * reclaim), then pages in or zero-fills the unit, as the access table says, holding its words.
     * Returns {@code frame}'s content once filled, or {@link #LOOK_AGAIN} if the unit needed no
     * fill by then; the caller looks again.
     */
    private long faultIn(int frame) {
        sync.lockHost();
        try {
            int first = units.start(frame);
            int frames = units.frames(first);
            host.ensureFree(frames);
            sync.lockRange(first, frames);
            try {
                FrameOp op = access[table.state(frame)] == AccessEffect.HOST_FAULT ? FrameOp.PAGE_IN : FrameOp.ZERO_FILL;
                int before = applyUnit(first, frames, op);
                if (FrameState.isResident(before) || !FrameState.isResident(TransitionTables.apply(before, op, mode))) {
                    return LOOK_AGAIN;
                }
                fill(first, frames, op == FrameOp.PAGE_IN);
                return sync.content(tokens, gmap.get(frame));
            } finally {
                sync.unlockRange(first, frames);
            }
        } finally {
            sync.unlockHost();
        }
    }

    /** Maps a unit that just became resident to free host frames and gives it its content. */
    private void fill(int first, int frames, boolean fromDevice) {
        if (!gmap.hasChunk(first)) {
            gmap.createChunk(first);
        }
        for (int f = first; f < first + frames; f++) {
            int hostFrame = memMap.take(index, f);
            gmap.set(f, hostFrame);
            sync.putContent(tokens, hostFrame, fromDevice ? device.read(volume, f) : 0L);
        }
        residentFrames += frames;
        if (fromDevice) {
            counters.pageIns += frames;
        } else {
            counters.zeroFills += frames;
        }
        host.admit(gmap.get(first), UnitKey.of(guestId, first));
    }

    /** The host's work for a release of the unit of {@code n} frames from {@code first}, whose state word was {@code before}. */
    private void released(int first, int n, int before) {
        tracking.contentChanged(first, n);
        tracking.transitioned(first, n, before);
        if (FrameState.isResident(before)) {
            if (!host.sharing().released(this, first)) {
                host.evict(gmap.get(first));
                unmapUnit(first, n);
            }
            counters.released += n;
        }
        if (FrameState.backed(before) && !FrameState.backed(TransitionTables.apply(before, FrameOp.RELEASE, mode))) {
            freeSlotsIfUnbacked(first, n);
        }
    }

    /**
     * Frees a unit that a RECLAIM in state {@code before} just freed, holding its words: the device
     * slots of a copy it dropped, and its host frames (a frame shared with other guest frames stays
     * the sharer's: {@link PageSharing#reclaimed}).
     */
    private void freeUnit(int first, int n, int before) {
        if (FrameState.backed(before) && !FrameState.backed(TransitionTables.apply(before, FrameOp.RECLAIM, mode))) {
            freeSlotsIfUnbacked(first, n);
        }
        if (!host.sharing().reclaimed(this, first)) {
            int slot = gmap.get(first);
            unmapUnit(first, n);
            host.evict(slot);
        }
    }

    /**
     * Frees the device slots of the unit of {@code frames} frames from {@code first}, whose copy a
     * transition just dropped, unless its state says backed again by now: a guest's ESSA drops the
     * copy lock-free and frees the slots under the host lock after it, when (on real threads) a
     * refill and a new write-out may have taken them again. Under the host lock.
     */
    private void freeSlotsIfUnbacked(int first, int frames) {
        if (FrameState.backed(table.state(first))) {
            return;
        }
        counters.slotsFreed += device.free(volume, first, frames);
        if (!gmap.hasChunk(first)) {
            device.dropIfEmpty(volume, first);
        }
    }

    /** Poisons the unit's host frames and gives them back to the host's pool; the caller tells the policy. */
    private void unmapUnit(int first, int frames) {
        for (int f = first; f < first + frames; f++) {
            int hostFrame = gmap.get(f);
            sync.putContent(tokens, hostFrame, POISON);
            memMap.release(hostFrame);
            unmapFrame(f);
        }
        residentFrames -= frames;
    }

    /** Unmaps one frame; a chunk with nothing resident left gives back its map and, if it holds no slots, its device chunk. */
    private void unmapFrame(int frame) {
        if (gmap.clear(frame)) {
            device.dropIfEmpty(volume, frame);
        }
    }

    /** Whether a unit among the {@code count} frames from {@code first} is being written out. */
    private boolean anyWriting(int first, int count) {
        if (memMap.writingFrames() == 0) {
            return false;
        }
        for (int f = first; f < first + count; f++) {
            if (writeOutTicket(f) != 0) {
                return true;
            }
        }
        return false;
    }

    private IllegalStateException addressingException(int frame, int word) {
        return new IllegalStateException("addressing exception: guest " + guestId + " accessed frame " + frame
                + " in state " + FrameState.describe(word) + ", which it declared unused");
    }
}
