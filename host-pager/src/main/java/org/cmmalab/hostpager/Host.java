package org.cmmalab.hostpager;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.cmmalab.hostpager.device.ExpandedStorage;
import org.cmmalab.hostpager.device.MemoryTier;
import org.cmmalab.hostpager.device.PagingDevice;
import org.cmmalab.hostpager.replacement.ReplacementConfig;
import org.cmmalab.hostpager.replacement.ReplacementPolicies;
import org.cmmalab.hostpager.replacement.ReplacementPolicy;
import org.cmmalab.pagestates.FrameTable;
import org.cmmalab.pagestates.HostMode;
import org.eclipse.collections.impl.map.mutable.primitive.IntObjectHashMap;

/**
 * The host machine's memory: a pool of 4 KiB host frames shared by any number of guests
 * ({@link #attach}), a replacement policy over the units resident in them, a paging device, and
 * reclaim by page state ({@link Reclaimer}). Each guest's side is its {@link GuestSpace}.
 *
 * <h2>Concurrency protocol</h2>
 * The frame protocol is {@link GuestSpace}'s, and its mechanics follow the host's
 * {@link HostConfig#discipline() discipline} ({@link FrameSync}):
 * <ul>
 *   <li>{@link org.cmmalab.pagestates.Discipline#SIMULATION}: one thread at a time, the
 *       discrete-event simulation's. Several threads may take turns if each turn is handed over
 *       with a happens-before edge (a lock, a queue, a thread start or join).</li>
 *   <li>{@link org.cmmalab.pagestates.Discipline#THREADS}: guest vCPUs call their
 *       {@link GuestSpace}'s guest side and host threads its host side in parallel; every method of
 *       {@code Host}, and the host's shared structures ({@link HostMemMap}, the gmaps,
 *       {@link PagingDevice}, the replacement policy, {@link HostCounters}), run under the host
 *       lock. Page sharing ({@link PageSharing}), a {@link Shrinker} and {@link DirtyTracking} are
 *       the simulation's only.</li>
 * </ul>
 * Any thread may read the guests' {@link FrameTable}s ({@link GuestSpace#table()}): they are
 * linearizable, and every word read is a legal state. It may read the counters too, and may then
 * see stale values.
 *
 * <p>What each side is guaranteed: after every host operation, whether it returns or throws, the
 * frame tables, the host frames, the paging device and the policy are in step (a resident frame
 * has a host frame and a place in the policy; a frame whose state says {@code BACKED} has a device
 * slot). A throw undoes nothing that was done: after {@link HostMemoryExhaustedException} the
 * victims freed on the way stay freed.
 */
public final class Host {
    private final HostConfig config;
    private final HostMemMap frames;
    private final ReplacementPolicy policy;
    private final PagingDevice device;
    private final HostCounters counters = new HostCounters();
    private final Reclaimer reclaimer;
    private PageSharing sharing = PageSharing.NONE;
    private Shrinker shrinker = Shrinker.NONE;
    private final List<GuestSpace> guests = new ArrayList<>();
    private final IntObjectHashMap<GuestSpace> guestsById = new IntObjectHashMap<>();
    private final FrameSync sync;
    private int residentUnits;

    public Host(HostConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.sync = FrameSync.forHost(config.discipline());
        this.frames = new HostMemMap(config.hostFrames());
        this.policy = ReplacementPolicies.create(config.replacement(),
                new ReplacementConfig(config.hostFrames(), config.future()));
        this.device = new PagingDevice(config.deviceSlots(), config.deviceLatency(),
                config.xstorBlocks() == 0 ? MemoryTier.NONE : new ExpandedStorage(config.xstorBlocks()));
        this.reclaimer = new Reclaimer(this);
    }

    /** Attaches a guest of {@code guestFrames} 4 KiB frames backed by small frames. */
    public GuestSpace attach(int guestId, int guestFrames) {
        return attach(guestId, guestFrames, Backing.SMALL);
    }

    /** Attaches a guest of {@code guestFrames} 4 KiB frames, all {@code Sz}, none resident, with 2 MiB large frames. */
    public GuestSpace attach(int guestId, int guestFrames, Backing backing) {
        return attach(guestId, guestFrames, backing, FrameTable.DEFAULT_FRAMES_PER_LARGE);
    }

    /**
     * As {@link #attach(int, int, Backing)}, with large frames of {@code framesPerLarge} frames, as
     * {@link FrameTable} allows (a race test's large frames of 2 keep its interleavings few).
     */
    public GuestSpace attach(int guestId, int guestFrames, Backing backing, int framesPerLarge) {
        Objects.requireNonNull(backing, "backing");
        if (guestsById.containsKey(guestId)) {
            throw new IllegalArgumentException("guest " + guestId + " is attached already");
        }
        if (guestFrames <= 0) {
            throw new IllegalArgumentException("guest " + guestId + " frames must be positive, was " + guestFrames);
        }
        if (backing == Backing.LARGE && config.hostFrames() < framesPerLarge) {
            throw new IllegalArgumentException("a host of " + config.hostFrames()
                    + " frames cannot hold one large frame of " + framesPerLarge);
        }
        GuestSpace guest = new GuestSpace(this, guestId, guests.size(), guestFrames, backing, framesPerLarge);
        guests.add(guest);
        guestsById.put(guestId, guest);
        return guest;
    }

    /** The attached guest {@code guestId}. */
    public GuestSpace guest(int guestId) {
        GuestSpace guest = guestsById.get(guestId);
        if (guest == null) {
            throw new IllegalArgumentException("no guest " + guestId + " is attached to this host");
        }
        return guest;
    }

    /**
     * Background reclaim, as a kernel's reclaim daemon does when woken: if free frames are below
     * the low watermark, reclaims in policy order until they reach the high one, or until nothing
     * more can be freed (then the next allocation that finds no free frame reclaims directly).
     * Victims it can free without I/O are freed at once; those that must be written are written
     * asynchronously: reclaim reserves their slots, begins the write-out and makes the copy, and
     * hands each to {@code started}, whose caller ends it ({@link GuestSpace#finishWriteOut(int, int)})
     * at the time the paging device has written it. Meanwhile the unit stays resident, and
     * reclaim does not pick it again.
     *
     * <p>Frames whose write-out is in flight count as free here, against both watermarks: they are
     * on their way to free (all of them unless a guest store keeps one), and a daemon that did not
     * count them would start more write-outs at every wake-up while a slow device still holds the
     * first ones, reclaiming far past the high watermark. Linux's kswapd counts only truly free
     * pages ({@code balance_pgdat} and {@code zone_watermark_ok}, {@code mm/vmscan.c} and
     * {@code mm/page_alloc.c}, Linux 6.12) and keeps from over-reclaiming differently: pages under
     * writeback are left on the LRU, and when reclaim keeps meeting them it throttles
     * ({@code reclaim_throttle}, {@code VMSCAN_THROTTLE_WRITEBACK}) until writeback completes. The
     * model has no such wait inside one call, so it takes the in-flight frames into the count.
     * Returns the host frames freed at once; 0 in {@link ReclaimMode#ON_DEMAND} mode.
     */
    public int balance(WriteOuts started) {
        Objects.requireNonNull(started, "started");
        sync.lockHost();
        try {
            if (!needsBalance()) {
                return 0;
            }
            return reclaim(config.reclaim().highWatermark(), started);
        } finally {
            sync.unlockHost();
        }
    }

    /**
     * Whether free frames, with those whose write-out is in flight (see {@link #balance}), are below
     * the low watermark, so that {@link #balance} would reclaim.
     */
    public boolean needsBalance() {
        return frames.free() + frames.writingFrames() < config.reclaim().lowWatermark();
    }

    public HostConfig config() {
        return config;
    }

    public HostMode mode() {
        return config.mode();
    }

    public HostCounters counters() {
        return counters;
    }

    public PagingDevice device() {
        return device;
    }

    /** Copy-on-write sharing of host frames among guest frames: {@link PageSharing#NONE} unless a sharer attached. */
    public PageSharing sharing() {
        return sharing;
    }

    /** From now on the frame protocol calls {@code sharer} at its points ({@link PageSharing}); one sharer per host. */
    public void attachSharing(PageSharing sharer) {
        if (sharing != PageSharing.NONE) {
            throw new IllegalStateException("this host has a sharer already");
        }
        sharing = Objects.requireNonNull(sharer, "sharer");
    }

    /** From now on reclaim asks {@code cache} for host frames before any guest's ({@link Shrinker}); one per host. */
    public void registerShrinker(Shrinker cache) {
        if (shrinker != Shrinker.NONE) {
            throw new IllegalStateException("this host has a shrinker already");
        }
        shrinker = Objects.requireNonNull(cache, "cache");
    }

    /** The host's frames, in 4 KiB frames. */
    public int frames() {
        return frames.frames();
    }

    public int freeFrames() {
        return frames.free();
    }

    /** How many of guest {@code guestId}'s 4 KiB frames are resident now. */
    public int residentFrames(int guestId) {
        return guest(guestId).residentFrames();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("host: ").append(frames.free()).append(" of ").append(frames.frames())
                .append(" frames free, mode ").append(mode().id()).append(", replacement ").append(config.replacement())
                .append("; resident frames by guest:");
        for (GuestSpace guest : guests) {
            sb.append(' ').append(guest.guestId()).append('=').append(guest.residentFrames());
        }
        return sb.append("; paging device ").append(device.usedSlots()).append(" of ").append(device.capacity())
                .append(" slots used; ").append(counters).toString();
    }

    // ---- for GuestSpace and Reclaimer ----

    /** The host's frames, for the mechanisms that take and give them back (page sharing, a shrinker's cache); under the host lock. */
    public HostMemMap memMap() {
        return frames;
    }

    ReplacementPolicy replacement() {
        return policy;
    }

    /** The attached guest of index {@code index} ({@link GuestSpace#index}), in the order attached. */
    public GuestSpace guestAt(int index) {
        return guests.get(index);
    }

    /** How many guests are attached. */
    public int guestCount() {
        return guests.size();
    }

    int residentUnits() {
        return residentUnits;
    }

    /** The host's mechanics: its lock, and its guests' frame words ({@link FrameSync#forGuest}). */
    FrameSync sync() {
        return sync;
    }

    /** Makes {@code count} host frames free, reclaiming directly if it must; returns whether it reclaimed. Under the host lock. */
    public boolean ensureFree(int count) {
        if (frames.free() >= count) {
            return false;
        }
        reclaim(count, null);
        return true;
    }

    /** A unit {@code key} became resident in host frame {@code slot}: the replacement policy takes it. Under the host lock. */
    public void admit(int slot, long key) {
        policy.onResident(slot, key);
        residentUnits++;
    }

    /** The unit in host frame {@code slot} is no longer a unit of its own: it leaves the replacement policy. Under the host lock. */
    public void evict(int slot) {
        policy.onRemove(slot);
        residentUnits--;
    }

    HostMemoryExhaustedException exhausted(int needed) {
        return new HostMemoryExhaustedException("host memory exhausted: needed " + needed
                + " free frames and no resident unit can be freed without dropping data (each must be written"
                + " out, and the paging device has no room). " + this);
    }

    /** Reclaims until {@code target} frames are free: directly, or in the {@code background} (see {@link Reclaimer#reclaimUntil}). */
    private int reclaim(int target, WriteOuts background) {
        int available = frames.free() + (background == null ? 0 : frames.writingFrames());
        int dropped = shrinker.shrink(target - available);
        return dropped + reclaimer.reclaimUntil(target, background);
    }
}
