package org.cmmalab.guestmm.compressedswap;

import java.util.Arrays;
import org.cmmalab.guestmm.ContentToken;
import org.cmmalab.guestmm.DriverApi;
import org.cmmalab.guestmm.GuestKernel;
import org.cmmalab.guestmm.list.AgeList;
import org.cmmalab.guestmm.tmem.Frontswap;
import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;
import org.eclipse.collections.impl.map.mutable.primitive.IntIntHashMap;

/**
 * Compressed swap pages kept in the guest's own memory: the zsmalloc pool that zram and zswap
 * store into ({@code mm/zsmalloc.c}), keyed by swap slot. A page costs its compressed size, a page
 * of zeros nothing but its entry (zram's {@code ZRAM_SAME}, zswap's same-filled pages); the pool
 * holds its bytes rounded up to whole guest frames, taken from the buddy allocator as it grows and
 * given back as it shrinks.
 *
 * <p>The frames are real guest memory: the host backs them like any other, so a compressed page
 * costs its ratio of a frame there too. Each pool frame holds a token of the guest kernel's own
 * ({@link ContentToken#kernel}) stored when the pool takes it; a load decompresses from one of the
 * pool's frames, a read the host sees, checked ({@link DriverApi#loadDriverPage}: a wrong token is
 * a lost page). What the compressed page holds is kept beside, as the swap device keeps a slot's.
 *
 * <p>Simplifications, stated: zsmalloc packs objects into size classes of multi-page zspages and
 * compacts them ({@code zs_compact}); here the pool is always as compact as its bytes allow, and a
 * load reads the frame that was the pool's newest when the page was stored (or its last frame, if
 * the pool shrank since). Pool frames are unmovable in this model, where zsmalloc's pages can be
 * migrated.
 *
 * <p>Its frames come from the buddy allocator below the watermarks: a store happens inside
 * reclaim, whose allocations may use the reserves ({@code PF_MEMALLOC},
 * {@link DriverApi#allocPagesMemalloc}); it fails only with no frame free at all. Entries are
 * ordered by their last store or load, oldest first, for zswap's writeback.
 */
final class CompressedPool {
    private static final int PAGE = 4096;
    private static final int NIL = -1;
    /** The object number of pool frames in {@link ContentToken#kernel} tokens. */
    private static final int POOL_OBJECT = 1;

    private final DriverApi api;
    private final int guest;
    private final String name;
    private final int pageBytes;
    private final IntIntHashMap entryOfSlot = new IntIntHashMap();
    private int[] slotOf = new int[0];
    private int[] bytesOf = new int[0];
    private int[] frameIndexOf = new int[0];
    private long[] tokenOf = new long[0];
    /** Entries by their last store or load, oldest first. */
    private final AgeList byAge = new AgeList(0);
    private final IntArrayList freeEntries = new IntArrayList();
    private int entries;
    private long bytes;
    /** The pool's frames, and the token each holds. */
    private final IntArrayList frames = new IntArrayList();
    private long[] frameTokens = new long[0];
    private int nextFrameSerial;

    /** A pool in {@code kernel} whose compressed pages take {@code ratio} of 4 KiB each. */
    CompressedPool(GuestKernel kernel, double ratio) {
        if (!(ratio > 0 && ratio < 1)) {
            throw new IllegalArgumentException("a compression ratio must be above 0 and below 1, was " + ratio);
        }
        if (kernel.config().largeFrames()) {
            throw new IllegalArgumentException("compressed swap is modelled for guests backed by 4 KiB frames only");
        }
        this.api = kernel.driverApi();
        this.guest = kernel.config().guest();
        this.name = "compressed swap pool of guest " + guest;
        this.pageBytes = (int) Math.round(ratio * PAGE);
    }

    /** Guest frames the pool holds now. */
    int frames() {
        return frames.size();
    }

    /** Pages stored now. */
    int pages() {
        return entryOfSlot.size();
    }

    /** The frames the pool would hold with {@code extraBytes} more. */
    private int framesFor(long extraBytes) {
        return (int) ((bytes + extraBytes + PAGE - 1) / PAGE);
    }

    /** What a page holding {@code token} costs: its compressed size, or nothing for a page of zeros. */
    private int sizeOf(long token) {
        return token == ContentToken.ZERO ? 0 : pageBytes;
    }

    /**
     * Stores {@code token} for {@code slot}, replacing what the slot held; false, with the slot's
     * old copy gone and nothing stored, if the pool needed a frame and none was free.
     */
    boolean store(int slot, long token) {
        remove(slot);
        int size = sizeOf(token);
        while (framesFor(size) > frames.size()) {
            if (!growByOneFrame()) {
                return false;
            }
        }
        int e = freeEntries.isEmpty() ? newEntry() : freeEntries.removeAtIndex(freeEntries.size() - 1);
        entryOfSlot.put(slot, e);
        slotOf[e] = slot;
        bytesOf[e] = size;
        tokenOf[e] = token;
        frameIndexOf[e] = Math.max(0, frames.size() - 1);
        bytes += size;
        byAge.addNewest(e);
        return true;
    }

    /**
     * The content stored for {@code slot}, decompressed from a pool frame (a read the host sees,
     * checked), the entry made the newest; or {@link Frontswap#MISS}.
     */
    long load(int slot) {
        int e = entryOfSlot.getIfAbsent(slot, NIL);
        if (e == NIL) {
            return Frontswap.MISS;
        }
        if (!frames.isEmpty()) {
            int i = Math.min(frameIndexOf[e], frames.size() - 1);
            api.loadDriverPage(name, i, frames.get(i), frameTokens[i]);
        }
        byAge.moveToNewest(e);
        return tokenOf[e];
    }

    /** The slot whose entry is the oldest, or -1 if the pool is empty. */
    int oldestSlot() {
        return byAge.isEmpty() ? -1 : slotOf[byAge.oldest()];
    }

    /** What the pool holds for {@code slot}, not counted as a load (a writeback's copy); {@link Frontswap#MISS} if nothing. */
    long peek(int slot) {
        int e = entryOfSlot.getIfAbsent(slot, NIL);
        return e == NIL ? Frontswap.MISS : tokenOf[e];
    }

    /** Drops {@code slot}'s entry, if any, and gives back the frames the pool no longer needs. */
    void remove(int slot) {
        int e = entryOfSlot.getIfAbsent(slot, NIL);
        if (e == NIL) {
            return;
        }
        entryOfSlot.remove(slot);
        byAge.remove(e);
        bytes -= bytesOf[e];
        freeEntries.add(e);
        while (frames.size() > framesFor(0)) {
            api.freePages(frames.removeAtIndex(frames.size() - 1), 0);
        }
    }

    /** Takes a frame from the buddy allocator, reserves and all, and writes the pool's token into it. */
    private boolean growByOneFrame() {
        int frame = api.allocPagesMemalloc(0);
        if (frame == GuestKernel.NO_PAGE) {
            return false;
        }
        int i = frames.size();
        if (i == frameTokens.length) {
            frameTokens = Arrays.copyOf(frameTokens, Math.max(16, i * 2));
        }
        frameTokens[i] = ContentToken.kernel(guest, POOL_OBJECT, i, nextFrameSerial++);
        frames.add(frame);
        api.storeDriverPage(frame, frameTokens[i]);
        return true;
    }

    private int newEntry() {
        if (entries == slotOf.length) {
            int n = Math.max(64, entries * 2);
            slotOf = Arrays.copyOf(slotOf, n);
            bytesOf = Arrays.copyOf(bytesOf, n);
            frameIndexOf = Arrays.copyOf(frameIndexOf, n);
            tokenOf = Arrays.copyOf(tokenOf, n);
        }
        return entries++;
    }
}
