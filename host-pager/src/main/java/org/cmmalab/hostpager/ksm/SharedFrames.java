package org.cmmalab.hostpager.ksm;

import org.cmmalab.hostpager.GuestSpace;
import org.cmmalab.hostpager.Host;
import org.cmmalab.hostpager.HostMemMap;
import org.cmmalab.hostpager.PageSharing;
import org.cmmalab.hostpager.ReclaimResult;
import org.cmmalab.hostpager.replacement.UnitKey;
import org.cmmalab.pagestates.FrameState;
import org.eclipse.collections.impl.list.mutable.primitive.LongArrayList;
import org.eclipse.collections.impl.map.mutable.primitive.IntObjectHashMap;

/**
 * Host frames that several guest frames share copy-on-write, and the table that finds them by
 * content: the host side of page sharing, as Linux KSM's stable tree and KSM pages
 * ({@code mm/ksm.c}) hold it, which {@link Ksm} fills. It is the host's {@link PageSharing}: the
 * frame protocol calls it at a store, a release, reclaim's freeing and a write-out.
 *
 * <h2>What a shared frame is</h2>
 * A host frame owned by {@link HostMemMap#SHARED} holding one content token, mapped by up to
 * {@link #maxSharing()} guest frames (its <em>mappers</em>; KSM's {@code max_page_sharing}, 256):
 * each mapper's gmap entry names it ({@link GuestSpace#remap}), and each mapper stays resident in its own frame
 * table, so guests see nothing change. Only 4 KiB units are merged. The shared frame is one unit
 * of residency in the replacement policy, whose key is {@link #key}; its mappers are not units of
 * their own. {@link #framesSaved()} (KSM's {@code pages_sharing}) is how many host frames merging
 * saved: mappers less shared frames.
 *
 * <h2>What breaks sharing</h2>
 * <ul>
 *   <li>A guest store to a mapper ({@link #storing}): copy-on-write, as {@code do_wp_page}
 *       does for a KSM page. The store takes a new host frame (reclaiming one if none is free),
 *       copies the content, and the mapper becomes a unit of its own.</li>
 *   <li>A release ({@link #released}): the mapper leaves.</li>
 *   <li>Host reclaim picking the shared frame ({@link #reclaim}): every mapper is reclaimed by its own state by the
 *       guest's frame protocol ({@link GuestSpace#reclaim}: discard U/V/clean P, drop when a copy
 *       is on the device or the content is a never-changed zero fill, write out the rest). Linux swaps a KSM page out once, to
 *       one swap slot that every mapper then points to; here each mapper that must be written
 *       gets the content in its own device slot (this project's device has a volume per guest),
 *       but the host counts one page-out for the frame, as Linux's single write
 *       ({@link #pageOuts}). Each mapper
 *       pages in by itself later, which counts a read per mapper where Linux would read once and
 *       copy: this overstates sharing's page-ins under host pressure. These
 *       write-outs complete at once, in background reclaim too: a guest store into a shared frame
 *       would be a copy-on-write into another frame, which cannot race with the written copy.</li>
 * </ul>
 * A shared frame whose last mapper leaves is freed; one with a single mapper stays shared until
 * that mapper writes or leaves, as a KSM page does.
 *
 * <p>Used from the host thread only (see {@link Host}).
 */
public final class SharedFrames implements PageSharing {
    /** KSM's {@code max_page_sharing} default: mappers per shared frame. */
    public static final int DEFAULT_MAX_SHARING = 256;
    /** The guest-id half of a shared frame's {@link UnitKey}: no guest has it. */
    private static final int SHARED_KEY_GUEST = -1;

    private final Host host;
    private final HostMemMap frames;
    /** Content token to the shared frame with room for another mapper (KSM's stable tree). */
    private final ContentIndex byToken;
    /** Shared frame to its mappers, each {@code guestIndex << 32 | guestFrame}. */
    private final IntObjectHashMap<LongArrayList> mappers = new IntObjectHashMap<>();
    private int maxSharing = DEFAULT_MAX_SHARING;
    private long sharing;
    private long merges;
    private long cowBreaks;
    /** Copy-on-write breaks by guest index. */
    private long[] cowBreaksByGuest = new long[0];
    /** Whether the {@link #reclaim} going on has counted its page-out ({@link #pageOuts}). */
    private boolean pageOutCounted;

    /** The shared frames of {@code host}, which from now on calls them at the frame protocol's points. */
    SharedFrames(Host host) {
        this.host = host;
        this.frames = host.memMap();
        this.byToken = new ContentIndex(frames::token);
        host.attachSharing(this);
    }

    /** The replacement-policy key of the shared frame in host frame {@code hostFrame}. */
    public static long key(int hostFrame) {
        return UnitKey.of(SHARED_KEY_GUEST, hostFrame);
    }

    public int maxSharing() {
        return maxSharing;
    }

    /** Sets {@code max_page_sharing}; applies to frames shared from now on. */
    public void setMaxSharing(int max) {
        if (max < 2) {
            throw new IllegalArgumentException("max_page_sharing must be at least 2, was " + max);
        }
        this.maxSharing = max;
    }

    /** Shared frames now (KSM's {@code pages_shared}). */
    public int sharedFrames() {
        return mappers.size();
    }

    /** Guest frames mapping a shared frame now. */
    public long mappers() {
        return sharing;
    }

    @Override
    public long framesSaved() {
        return sharing - mappers.size();
    }

    /** Guest frames merged so far, and copy-on-write breaks so far. */
    public long merges() {
        return merges;
    }

    public long cowBreaks() {
        return cowBreaks;
    }

    /** Stores of {@code guest} that had to copy a shared frame first. */
    public long cowBreaks(GuestSpace guest) {
        return guest.index() < cowBreaksByGuest.length ? cowBreaksByGuest[guest.index()] : 0;
    }

    @Override
    public boolean storing(GuestSpace guest, int frame) {
        if (!isShared(guest.hostFrame(frame))) {
            return true;
        }
        if (host.ensureFree(1)) {
            return false; // reclaim ran, and may have taken this shared frame
        }
        breakCow(guest, frame);
        return true;
    }

    @Override
    public boolean released(GuestSpace guest, int first) {
        int shared = guest.hostFrame(first);
        if (!isShared(shared)) {
            return false;
        }
        guest.unmapShared(first);
        leave(shared, mapper(guest, first));
        return true;
    }

    @Override
    public boolean reclaimed(GuestSpace guest, int first) {
        if (!isShared(guest.hostFrame(first))) {
            return false;
        }
        guest.unmapShared(first); // reclaim takes it off the mappers
        return true;
    }

    @Override
    public int pageOuts(GuestSpace guest, int first, int frames) {
        if (!isShared(guest.hostFrame(first))) {
            return frames;
        }
        if (pageOutCounted) {
            return 0;
        }
        pageOutCounted = true;
        return 1;
    }

    /** Whether host frame {@code hostFrame} is a shared one. */
    boolean isShared(int hostFrame) {
        return hostFrame >= 0 && frames.ownerGuest(hostFrame) == HostMemMap.SHARED;
    }

    /** The shared frame holding {@code token} with room for another mapper, or -1 (the stable-tree lookup). */
    int find(long token) {
        return byToken.get(token);
    }

    /** Reads the stable tree's slot for {@code token} ahead of a {@link #find}: see {@link ContentIndex#peek}. */
    long peek(long token) {
        return byToken.peek(token);
    }

    /**
     * Makes resident 4 KiB frame {@code frame} of {@code guest}, mapped to a host frame of its
     * own, a shared frame of one mapper: its host frame changes owner and becomes the unit
     * {@link #key}. Returns that host frame.
     */
    int promote(GuestSpace guest, int frame) {
        int hostFrame = guest.hostFrame(frame);
        long token = frames.token(hostFrame);
        host.evict(hostFrame);
        frames.setOwner(hostFrame, HostMemMap.SHARED, hostFrame);
        host.admit(hostFrame, key(hostFrame));
        LongArrayList list = new LongArrayList(4);
        list.add(mapper(guest, frame));
        mappers.put(hostFrame, list);
        sharing++;
        byToken.put(token, hostFrame);
        return hostFrame;
    }

    /**
     * Merges resident 4 KiB frame {@code frame} of {@code guest}, whose own host frame holds the
     * same content as shared frame {@code shared}, into it: its own host frame is freed.
     */
    void merge(int shared, GuestSpace guest, int frame) {
        int own = guest.hostFrame(frame);
        if (frames.token(own) != frames.token(shared)) {
            throw new IllegalStateException("merging " + guest + " frame " + frame + " into a shared frame of other content");
        }
        host.evict(own);
        frames.release(own);
        guest.remap(frame, shared);
        LongArrayList list = mappers.get(shared);
        list.add(mapper(guest, frame));
        sharing++;
        merges++;
        if (list.size() >= maxSharing) {
            byToken.remove(frames.token(shared));
        }
    }

    /**
     * Copy-on-write of mapper {@code frame} of {@code guest}: a free host frame (the caller made
     * sure there is one) gets a copy and becomes the frame's own unit.
     */
    void breakCow(GuestSpace guest, int frame) {
        int shared = guest.hostFrame(frame);
        int own = frames.take(guest.index(), frame);
        frames.setToken(own, frames.token(shared));
        guest.remap(frame, own);
        host.admit(own, UnitKey.of(guest.guestId(), frame));
        leave(shared, mapper(guest, frame));
        if (guest.index() >= cowBreaksByGuest.length) {
            cowBreaksByGuest = java.util.Arrays.copyOf(cowBreaksByGuest, host.guestCount());
        }
        cowBreaksByGuest[guest.index()]++;
        cowBreaks++;
    }

    @Override
    public int reclaim(int hostFrame) {
        LongArrayList list = mappers.get(hostFrame);
        long token = frames.token(hostFrame);
        pageOutCounted = false;
        for (int i = list.size() - 1; i >= 0; i--) {
            long m = list.get(i);
            GuestSpace guest = host.guestAt((int) (m >>> 32));
            int frame = (int) m;
            ReclaimResult result = guest.reclaim(frame);
            switch (result) {
                case DISCARDED:
                case DROPPED:
                case WRITTEN:
                    break;
                case DEVICE_FULL:
                    continue;
                default:
                    throw new IllegalStateException("shared host frame " + hostFrame + " maps " + guest + " frame "
                            + frame + ", which is " + FrameState.describe(guest.table().state(frame)) + ": " + result);
            }
            list.removeAtIndex(i);
            sharing--;
        }
        if (list.isEmpty()) {
            host.evict(hostFrame);
            free(hostFrame, token);
            return 1;
        }
        return 0;
    }

    @Override
    public boolean anyShared(GuestSpace guest, int first, int count) {
        if (mappers.isEmpty()) {
            return false;
        }
        for (int f = first; f < first + count; f++) {
            if (isShared(guest.hostFrame(f))) {
                return true;
            }
        }
        return false;
    }

    private void leave(int shared, long mapper) {
        LongArrayList list = mappers.get(shared);
        list.remove(mapper);
        sharing--;
        long token = frames.token(shared);
        if (list.isEmpty()) {
            host.evict(shared);
            free(shared, token);
        } else if (list.size() < maxSharing && !byToken.containsKey(token)) {
            byToken.put(token, shared);
        }
    }

    private void free(int shared, long token) {
        if (byToken.get(token) == shared) {
            byToken.remove(token);
        }
        mappers.remove(shared);
        frames.release(shared);
    }

    private static long mapper(GuestSpace guest, int frame) {
        return (long) guest.index() << 32 | frame & 0xFFFF_FFFFL;
    }

    @Override
    public String toString() {
        return "page sharing: " + sharedFrames() + " shared frames, " + sharing + " mappers, " + framesSaved()
                + " frames saved, " + merges + " merges, " + cowBreaks + " copy-on-write breaks";
    }
}
