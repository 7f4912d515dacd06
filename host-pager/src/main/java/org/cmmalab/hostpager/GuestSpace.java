package org.cmmalab.hostpager;

import org.cmmalab.pagestates.AccessEffect;
import org.cmmalab.pagestates.FrameOp;
import org.cmmalab.pagestates.FrameState;
import org.cmmalab.pagestates.FrameTable;
import org.cmmalab.pagestates.HostMode;
import org.cmmalab.pagestates.Orc;
import org.cmmalab.pagestates.StateModel;
import org.cmmalab.pagestates.TransitionTables;

/**
 * One guest's memory as the host backs it: the guest's {@link FrameTable} and, for its resident
 * frames, the host frames that hold them. The methods are what the guest's CPU does to the
 * machine: {@link #essa ESSA}, {@link #load} and {@link #store}, each with the host work it
 * implies (host faults, zero fill, paging-device slots freed when content goes to zero).
 *
 * <h2>Units of residency</h2>
 * A unit is one 4 KiB frame, or a large frame of {@link FrameTable#framesPerLarge()} frames where
 * the guest's run is merged (see {@link Backing#LARGE}). A unit is made resident, used, reclaimed
 * and paged as a whole: a large unit takes as many host frames as it has small frames, at once,
 * and each small frame keeps its own token and, once written out, its own device slot. The host
 * frames of a large unit need not be contiguous: the host's pool is counted, not laid out, so host
 * fragmentation and compaction are not modelled.
 *
 * <h2>The collection buffer (kvm)</h2>
 * A KVM guest's ESSA of a frame that is not resident, made unused or volatile, goes into the
 * vCPU's collection buffer (the CBRL: a 4 KiB page of 511 entries, the 512th kept for the host);
 * when it is full the host processes every entry ({@code handle_essa} calls {@code __gmap_zap},
 * Linux 6.12 {@code arch/s390/kvm/priv.c}), freeing the swap slot of each that is still swapped
 * out and unused or logically zero ({@link FrameOp#ZAP_UNUSED}). Until then the slot stays
 * taken, and a guest that reuses the frame first gets the old content swapped in. Under zvm
 * nothing is collected: the architecture frees the slot at the ESSA itself.
 *
 * <h2>Concurrency protocol</h2>
 * <ul>
 *   <li>Every method is called from the host thread (see {@link Host}): the simulation's one
 *       thread, or threads that hand the host over with a happens-before edge. The guest's vCPUs
 *       of a simulation call through that thread.</li>
 *   <li>{@link #table()} may be <em>read</em> by any thread at any time; the table is
 *       linearizable. It must not be changed except through this class: every change of a state
 *       word that moves content (resident, preserved, zero) or merges or splits a run has host
 *       bookkeeping that this class keeps in step (host frames, device slots, the policy).</li>
 *   <li>During a host write-out, the {@link WriteOutListener} may call {@link #essa},
 *       {@link #load} and {@link #store} on this thread, as long as nothing needs a host frame;
 *       {@link #split} and {@link #merge} are refused there.</li>
 * </ul>
 */
public final class GuestSpace {
    /** What {@link #load} returns on a discard fault (the frame is {@code Vz}); never a token. */
    public static final long DISCARD_FAULT = Long.MIN_VALUE;

    private static final AccessEffect[][] ACCESS = new AccessEffect[HostMode.values().length][FrameState.WORDS];

    static {
        for (HostMode mode : HostMode.values()) {
            for (int word = 0; word < FrameState.WORDS; word++) {
                ACCESS[mode.ordinal()][word] = StateModel.access(word, mode);
            }
        }
    }

    /** Entries of a collection buffer: a 4 KiB page of 8-byte addresses, less the host's one ({@code handle_essa}). */
    static final int COLLECTION_BUFFER_ENTRIES = 511;

    private final Host host;
    private final HostMode mode;
    private final HostFrames hostFrames;
    private final ReplacementPolicy policy;
    private final PagingDevice device;
    private final HostCounters counters;
    private final int guestId;
    private final int index;
    private final int volume;
    private final FrameTable table;
    private final AccessEffect[] access;
    private final FrameMap map;
    private final int largeShift;
    private final int framesPerLarge;
    private int mergedRuns;
    /** The state words before a {@link #releaseRun}, a chunk at a time. */
    private final int[] runBefore = new int[PagingDevice.CHUNK];
    private int residentFrames;
    private long cowBreaks;
    private DirtyLog dirtyLog;
    /** The frames in the collection buffer (kvm), and how many. */
    private final int[] collected = new int[COLLECTION_BUFFER_ENTRIES];
    private int collectedCount;

    GuestSpace(Host host, int guestId, int index, int frames, Backing backing) {
        if (backing == Backing.LARGE && host.mode() == HostMode.KVM) {
            throw new IllegalArgumentException("guest " + guestId + ": KVM runs no CMMA on huge-page backing"
                    + " (pgste_perform_essa refuses a hugetlb VMA); back it with 4 KiB frames or use zvm");
        }
        this.host = host;
        this.mode = host.mode();
        this.hostFrames = host.hostFrames();
        this.policy = host.policy();
        this.device = host.device();
        this.counters = host.counters();
        this.guestId = guestId;
        this.index = index;
        this.table = new FrameTable(frames, host.mode());
        this.access = ACCESS[mode.ordinal()];
        this.map = new FrameMap(frames);
        this.volume = device.addVolume(guestId, frames);
        this.framesPerLarge = table.framesPerLarge();
        this.largeShift = Integer.numberOfTrailingZeros(framesPerLarge);
        if (backing == Backing.LARGE) {
            for (int large = 0; large < table.largeFrames(); large++) {
                table.merge(large);
            }
            mergedRuns = table.largeFrames();
        }
    }

    public int guestId() {
        return guestId;
    }

    /** The guest's frames, in 4 KiB frames. */
    public int frames() {
        return table.frames();
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
     * ESSA on a 4 KiB frame, with the host work it implies: an ESSA that makes a frame resident
     * (zvm's SET_STABLE_RESIDENT) takes a host frame (reclaiming one if none is free) and pages the
     * content in or zero-fills it; any change that drops the device copy frees its paging-device
     * slot; under kvm, a frame ESSA collects goes into the collection buffer (see the class
     * comment). Returns the state word before, like {@link FrameTable#essa}. A frame inside a
     * large frame is refused with an {@link IllegalStateException}: use {@link #essaLarge}, or
     * {@link #split} first.
     */
    public int essa(int frame, Orc orc) {
        refuseInsideLarge(frame);
        return essaUnit(frame, 1, orc);
    }

    /** ESSA on a large frame: one step for all its small frames, with the host work as in {@link #essa}. */
    public int essaLarge(int large, Orc orc) {
        table.stateLarge(large); // refuses a run that is not merged before any host work is done
        return essaUnit(large << largeShift, framesPerLarge, orc);
    }

    /**
     * The guest wrote {@code frame} back to its own backing store: clears its change bit
     * ({@link FrameOp#CLEAN}), so that a potentially volatile frame may be discarded again. Refused
     * inside a large frame like {@link #essa}; use {@link #cleanLarge}.
     */
    public void clean(int frame) {
        refuseInsideLarge(frame);
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
    public long load(int frame) {
        int first = unitStart(frame);
        for (;;) {
            int word = table.state(frame);
            switch (access[word]) {
                case NORMAL:
                    policy.onAccess(map.get(first), UnitKey.of(guestId, first));
                    return hostFrames.token(map.get(frame));
                case HOST_FAULT:
                case ZERO_FILL:
                    if (faultIn(frame, first)) { // the fault told the policy; it was this access
                        return hostFrames.token(map.get(frame));
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
     * on a discard fault. A store to a frame that shares its host frame with others
     * ({@link SharedFrames}) first copies it into a host frame of its own (copy-on-write), which
     * may reclaim.
     */
    public boolean store(int frame, long token) {
        int first = unitStart(frame);
        for (;;) {
            int word = table.state(frame);
            switch (access[word]) {
                case NORMAL:
                    if (host.sharing().isShared(map.get(frame))) {
                        boolean reclaims = hostFrames.free() == 0;
                        host.ensureFree(1); // refused during a write-out, like any need of a host frame
                        if (reclaims) {
                            continue; // reclaim may have taken the shared frame itself: look again
                        }
                        host.sharing().breakCow(this, frame);
                    }
                    policy.onAccess(map.get(first), UnitKey.of(guestId, first));
                    break;
                case HOST_FAULT:
                case ZERO_FILL:
                    if (!faultIn(frame, first)) {
                        continue;
                    }
                    break;
                case DISCARD_FAULT:
                    return false;
                default:
                    throw addressingException(frame, word);
            }
            hostFrames.setToken(map.get(frame), token);
            applyUnit(first, unitFrames(first), FrameOp.STORE);
            if (dirtyLog != null) {
                dirtyLog.contentChanged(frame);
            }
            return true;
        }
    }

    /**
     * The guest gives {@code frame} back ({@link FrameOp#RELEASE}: z/VM DIAGNOSE X'10' from a CMM
     * balloon, or a virtio-balloon inflate or free-page report, which QEMU answers with
     * {@code MADV_DONTNEED}): the host drops the content without I/O, frees the host frame and any
     * device slot, and the frame reads as zeros from then on. Refused inside a large frame like
     * {@link #essa}.
     */
    public void release(int frame) {
        refuseInsideLarge(frame);
        released(frame, table.apply(frame, FrameOp.RELEASE));
    }

    /**
     * {@link #release} of the {@code count} frames from {@code first}, in order: the same steps
     * ({@link FrameTable#applyRun}, then each frame's host work, which reads and changes nothing of
     * the frames after it), with one frame-table lookup per chunk.
     */
    public void releaseRun(int first, int count) {
        for (int done = 0; done < count; ) {
            int from = first + done;
            int n = Math.min(count - done, runBefore.length);
            for (int f = from; mergedRuns != 0 && f < from + n; f++) {
                refuseInsideLarge(f);
            }
            table.applyRun(from, n, FrameOp.RELEASE, runBefore);
            for (int i = 0; i < n; i++) {
                released(from + i, runBefore[i]);
            }
            done += n;
        }
    }

    /** The host's work for a release of {@code frame}, whose state word was {@code before}. */
    private void released(int frame, int before) {
        if (dirtyLog == null && !FrameState.isResident(before) && !FrameState.backed(before)) {
            return; // no content here or on the device, and no migration watching: nothing to do
        }
        if (dirtyLog != null) {
            dirtyLog.contentChanged(frame);
            logAttribute(frame, 1, before);
        }
        if (FrameState.isResident(before)) {
            if (host.sharing().isShared(map.get(frame))) {
                host.sharing().unmap(this, frame);
            } else {
                host.evict(map.get(frame));
                unmapUnit(frame, 1);
            }
            counters.released++;
        }
        settleSlots(frame, 1, before, TransitionTables.apply(before, FrameOp.RELEASE, host.mode()));
    }

    /**
     * Splits large frame {@code large} into small frames that each carry its state (see
     * {@link FrameTable#split}). If it is resident, each small frame becomes a unit of its own in
     * the same host frame; the replacement policy sees the 511 new ones as just made resident.
     */
    public void split(int large) {
        host.refuseDuringReclaim("split");
        int word = table.stateLarge(large);
        table.split(large);
        mergedRuns--;
        if (FrameState.isResident(word)) {
            int base = large << largeShift;
            for (int f = base + 1; f < base + framesPerLarge; f++) {
                host.admit(map.get(f), UnitKey.of(guestId, f));
            }
        }
    }

    /**
     * Merges the run {@code large} into one large frame if all its small frames are in one state
     * (see {@link FrameTable#merge}) and none shares its host frame with other guest frames
     * ({@link SharedFrames}); false, changing nothing, if not. If they are resident, the run's
     * first frame's unit becomes the large unit and the others leave the replacement policy.
     */
    public boolean merge(int large) {
        host.refuseDuringReclaim("merge");
        if (host.sharing().anyShared(this, large << largeShift, framesPerLarge) || !table.merge(large)) {
            return false;
        }
        mergedRuns++;
        if (FrameState.isResident(table.stateLarge(large))) {
            int base = large << largeShift;
            for (int f = base + 1; f < base + framesPerLarge; f++) {
                host.evict(map.get(f));
            }
        }
        return true;
    }

    /** Stores that had to copy a shared frame first (copy-on-write breaks of page sharing). */
    public long cowBreaks() {
        return cowBreaks;
    }

    @Override
    public String toString() {
        return "guest " + guestId + " (" + residentFrames + " of " + frames() + " frames resident)";
    }

    // ---- package-private: page sharing's and the tmem pool's view of a guest ----

    /** The guest's index among the host's guests. */
    int index() {
        return index;
    }

    /** The host frame that holds {@code frame}, or -1 if it is not resident. */
    int hostFrame(int frame) {
        return map.get(frame);
    }

    /** Whether {@code frame} is a resident 4 KiB unit (not part of a large frame). */
    boolean isResidentSmall(int frame) {
        return !isInLarge(frame) && FrameState.isResident(table.state(frame));
    }

    /** Points resident {@code frame} at another host frame holding the same content. */
    void remap(int frame, int hostFrame) {
        map.set(frame, hostFrame);
    }

    /** A mapper of a shared frame is no longer resident; the shared frame is the caller's. */
    void unmapShared(int frame) {
        unmapFrame(frame);
        residentFrames--;
    }

    /** Writes {@code token} to {@code frame}'s device slot, which it holds; the caller counts the page-out. */
    void copyOut(int frame, long token) {
        device.write(volume, frame, token);
    }

    void cowBroken() {
        cowBreaks++;
    }

    // ---- package-private: the reclaimer's view of a guest ----

    /** How many small frames the unit that starts at {@code first} has. */
    int unitFrames(int first) {
        return isInLarge(first) ? framesPerLarge : 1;
    }

    /** Applies {@code op} to the unit of {@code frames} frames from {@code first}; returns the state word before. */
    int applyUnit(int first, int frames, FrameOp op) {
        int before = frames == 1 ? table.apply(first, op) : table.applyLarge(first >>> largeShift, op);
        if (dirtyLog != null) {
            logAttribute(first, frames, before);
        }
        return before;
    }

    /** Gives the unit's host frames back to the host's pool; the caller tells the policy. */
    void unmapUnit(int first, int frames) {
        for (int f = first; f < first + frames; f++) {
            hostFrames.release(map.get(f));
            unmapFrame(f);
        }
        residentFrames -= frames;
    }

    /** Makes sure the unit holds device slots; false if the device is too full. */
    boolean reserveSlots(int first, int frames) {
        return device.reserve(volume, first, frames);
    }

    /** Copies the unit's tokens to its device slots. */
    void writeOut(int first, int frames) {
        for (int f = first; f < first + frames; f++) {
            device.write(volume, f, hostFrames.token(map.get(f)));
        }
        counters.pageOuts += frames;
    }

    /** Frees the unit's device slots if the transition {@code before -> after} dropped the device copy. */
    void settleSlots(int first, int frames, int before, int after) {
        if (FrameState.backed(before) && !FrameState.backed(after)) {
            counters.slotsFreed += device.free(volume, first, frames);
            if (!map.hasChunk(first)) {
                device.dropIfEmpty(volume, first);
            }
        }
    }

    // ---- package-private: live migration's view of a guest ({@link MigrationSource}) ----

    /** Starts dirty logging; one migration at a time. */
    DirtyLog startDirtyLog() {
        if (dirtyLog != null) {
            throw new IllegalStateException("guest " + guestId + " is being migrated already");
        }
        dirtyLog = new DirtyLog(frames());
        return dirtyLog;
    }

    void stopDirtyLog(DirtyLog log) {
        if (dirtyLog == log) {
            dirtyLog = null;
        }
    }

    /** The frame's content as a reader of guest memory sees it: its token, or 0 with no content. */
    long contentForMigration(int frame) {
        int word = table.state(frame);
        if (FrameState.isResident(word)) {
            return hostFrames.token(map.get(frame));
        }
        return FrameState.backed(word) ? device.read(volume, frame) : 0L;
    }

    /**
     * The first frame at or after {@code frame} that may be resident (frames before it in the
     * same 2 MiB chunk included), or {@link #frames()}: lets a scanner of resident frames skip
     * untouched memory, so that its work follows the host's memory, not the guests'.
     */
    int nextMaybeResident(int frame) {
        return map.nextInChunk(frame, frames());
    }

    // ---- internals ----

    /** Logs the frames of a unit whose migration attribute differs from the one in {@code before}. */
    private void logAttribute(int first, int frames, int before) {
        if (MigrationSource.attributeOf(before) != MigrationSource.attributeOf(table.state(first))) {
            for (int f = first; f < first + frames; f++) {
                dirtyLog.attributeChanged(f);
            }
        }
    }

    private int essaUnit(int first, int frames, Orc orc) {
        int now = frames == 1 ? table.state(first) : table.stateLarge(first >>> largeShift);
        if (!FrameState.isResident(now) && FrameState.isResident(TransitionTables.essa(now, orc, mode))) {
            return makeResident(first, frames, orc);
        }
        int before = frames == 1 ? table.essa(first, orc) : table.essaLarge(first >>> largeShift, orc);
        if (dirtyLog != null) {
            logAttribute(first, frames, before);
        }
        settleSlots(first, frames, before, TransitionTables.essa(before, orc, mode));
        if (TransitionTables.collects(before, orc, mode)) {
            collect(first);
        }
        return before;
    }

    /** An ESSA that makes a non-resident unit resident: host frames first, then the transition, then the content. */
    private int makeResident(int first, int frames, Orc orc) {
        host.ensureFree(frames);
        int before = frames == 1 ? table.essa(first, orc) : table.essaLarge(first >>> largeShift, orc);
        if (!FrameState.isResident(before)) {
            fill(first, frames, FrameState.backed(before));
        }
        if (dirtyLog != null) {
            logAttribute(first, frames, before);
        }
        return before;
    }

    /** Puts {@code frame} into the collection buffer; a full buffer is processed at once. */
    private void collect(int frame) {
        collected[collectedCount++] = frame;
        if (collectedCount == collected.length) {
            for (int i = 0; i < collectedCount; i++) {
                int f = collected[i];
                int before = applyUnit(f, 1, FrameOp.ZAP_UNUSED);
                settleSlots(f, 1, before, TransitionTables.apply(before, FrameOp.ZAP_UNUSED, mode));
            }
            collectedCount = 0;
            counters.collectionBuffersZapped++;
        }
    }

    /**
     * A host fault on the unit that holds {@code frame}: frees host frames if needed (which may run
     * reclaim, and with it a {@link WriteOutListener}), then pages in or zero-fills the unit, as
     * the access table says. False if the unit needed neither by then; the caller looks again.
     */
    private boolean faultIn(int frame, int first) {
        int frames = unitFrames(first);
        host.ensureFree(frames);
        FrameOp op = access[table.state(frame)] == AccessEffect.HOST_FAULT ? FrameOp.PAGE_IN : FrameOp.ZERO_FILL;
        int before = applyUnit(first, frames, op);
        boolean filled = !FrameState.isResident(before)
                && FrameState.isResident(TransitionTables.apply(before, op, mode));
        if (filled) {
            fill(first, frames, op == FrameOp.PAGE_IN);
        }
        return filled;
    }

    /** Maps a unit that just became resident to free host frames and gives it its content. */
    private void fill(int first, int frames, boolean fromDevice) {
        if (!map.hasChunk(first)) {
            map.createChunk(first);
        }
        for (int f = first; f < first + frames; f++) {
            int hostFrame = hostFrames.take(index, f);
            map.set(f, hostFrame);
            hostFrames.setToken(hostFrame, fromDevice ? device.read(volume, f) : 0L);
        }
        residentFrames += frames;
        if (fromDevice) {
            counters.pageIns += frames;
        } else {
            counters.zeroFills += frames;
        }
        host.admit(map.get(first), UnitKey.of(guestId, first));
    }

    /** Unmaps one frame; a chunk with nothing resident left gives back its map and, if it holds no slots, its device chunk. */
    private void unmapFrame(int frame) {
        if (map.clear(frame)) {
            device.dropIfEmpty(volume, frame);
        }
    }

    private boolean isInLarge(int frame) {
        int large = frame >>> largeShift;
        return mergedRuns != 0 && large < table.largeFrames() && table.isLarge(large);
    }

    private void refuseInsideLarge(int frame) {
        if (isInLarge(frame)) {
            throw new IllegalStateException("guest " + guestId + " frame " + frame + " is part of large frame "
                    + (frame >>> largeShift) + ": use the large-frame operation, or split it first");
        }
    }

    private int unitStart(int frame) {
        return isInLarge(frame) ? frame >>> largeShift << largeShift : frame;
    }

    private IllegalStateException addressingException(int frame, int word) {
        return new IllegalStateException("addressing exception: guest " + guestId + " accessed frame " + frame
                + " in state " + FrameState.describe(word) + ", which it declared unused");
    }
}
