package org.cmmalab.hostpager.ksm;

import org.cmmalab.hostpager.GuestSpace;
import org.cmmalab.hostpager.Host;
import org.cmmalab.hostpager.HostMemMap;
import org.cmmalab.hostpager.PageSharing;
import org.cmmalab.hostpager.ReclaimResult;
import org.cmmalab.hostpager.replacement.UnitKey;
import org.cmmalab.pagestates.FrameState;

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
    /** Content token to the node of the shared frame with room for another mapper (KSM's stable tree). */
    private final ContentIndex byToken;
    /** Each shared frame's node: its host frame and mappers. */
    private final StableNodes nodes = new StableNodes();
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
        this.byToken = new ContentIndex();
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
        return nodes.size();
    }

    /** Guest frames mapping a shared frame now. */
    public long mappers() {
        return sharing;
    }

    @Override
    public long framesSaved() {
        return sharing - nodes.size();
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
        leave(nodes.of(shared), mapper(guest, first));
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

    /** The node of the shared frame holding {@code token} with room for another mapper, or -1 (the stable-tree lookup). */
    int find(long token) {
        return byToken.get(token);
    }

    /**
     * Reads ahead what a {@link #find} of {@code token} and a {@link #merge} into the node found
     * will read: the stable tree's home slot for it and, if that slot holds a node that may be the
     * one, where the merge will append. Returns what it read, a number of no meaning, for the
     * caller to keep so that the reads are not optimized away.
     */
    long peek(long token) {
        int node = byToken.peekId(token);
        return node < 0 ? node : nodes.peekEnd(node);
    }

    /**
     * Makes resident 4 KiB frame {@code frame} of {@code guest}, mapped to a host frame of its
     * own, a shared frame of one mapper: its host frame changes owner and becomes the unit
     * {@link #key}. Returns the shared frame's node.
     */
    int promote(GuestSpace guest, int frame) {
        int hostFrame = guest.hostFrame(frame);
        long token = frames.token(hostFrame);
        host.evict(hostFrame);
        frames.setOwner(hostFrame, HostMemMap.SHARED, hostFrame);
        host.admit(hostFrame, key(hostFrame));
        int node = nodes.add(hostFrame);
        nodes.append(node, mapper(guest, frame), maxSharing);
        sharing++;
        byToken.put(token, node);
        return node;
    }

    /**
     * Merges resident 4 KiB frame {@code frame} of {@code guest}, whose own host frame holds
     * {@code token}, into the shared frame of node {@code node}, which holds it too (the stable
     * tree found it by {@code token}, or {@link #promote} just made it): its own host frame is freed.
     */
    void merge(int node, long token, GuestSpace guest, int frame) {
        int own = guest.hostFrame(frame);
        if (frames.token(own) != token) {
            throw new IllegalStateException("merging " + guest + " frame " + frame + " into a shared frame of other content");
        }
        host.evict(own);
        frames.release(own);
        guest.remap(frame, nodes.hostFrame(node));
        nodes.append(node, mapper(guest, frame), maxSharing);
        sharing++;
        merges++;
        if (nodes.mapperCount(node) >= maxSharing) {
            byToken.remove(token);
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
        leave(nodes.of(shared), mapper(guest, frame));
        if (guest.index() >= cowBreaksByGuest.length) {
            cowBreaksByGuest = java.util.Arrays.copyOf(cowBreaksByGuest, host.guestCount());
        }
        cowBreaksByGuest[guest.index()]++;
        cowBreaks++;
    }

    @Override
    public int reclaim(int hostFrame) {
        int node = nodes.of(hostFrame);
        long token = frames.token(hostFrame);
        pageOutCounted = false;
        for (int i = nodes.mapperCount(node) - 1; i >= 0; i--) {
            long m = nodes.mapper(node, i);
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
            nodes.removeAt(node, i);
            sharing--;
        }
        if (nodes.mapperCount(node) == 0) {
            host.evict(hostFrame);
            free(node, token);
            return 1;
        }
        return 0;
    }

    @Override
    public boolean anyShared(GuestSpace guest, int first, int count) {
        if (nodes.size() == 0) {
            return false;
        }
        for (int f = first; f < first + count; f++) {
            if (isShared(guest.hostFrame(f))) {
                return true;
            }
        }
        return false;
    }

    private void leave(int node, long mapper) {
        nodes.remove(node, mapper);
        sharing--;
        int shared = nodes.hostFrame(node);
        long token = frames.token(shared);
        if (nodes.mapperCount(node) == 0) {
            host.evict(shared);
            free(node, token);
        } else if (nodes.mapperCount(node) < maxSharing && !byToken.containsKey(token)) {
            byToken.put(token, node);
        }
    }

    private void free(int node, long token) {
        if (byToken.get(token) == node) {
            byToken.remove(token);
        }
        int shared = nodes.hostFrame(node);
        nodes.free(node);
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
