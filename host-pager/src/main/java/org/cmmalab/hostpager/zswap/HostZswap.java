package org.cmmalab.hostpager.zswap;

import java.util.Arrays;
import org.cmmalab.guestmm.compressedswap.ZswapLimit;
import org.cmmalab.guestmm.list.AgeList;
import org.cmmalab.hostpager.Host;
import org.cmmalab.hostpager.HostMemMap;
import org.cmmalab.hostpager.device.MemoryTier;
import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;
import org.eclipse.collections.impl.map.mutable.primitive.LongIntHashMap;

/**
 * Linux zswap on a KVM host ({@code mm/zswap.c}, Linux 6.7: {@code zswap_store},
 * {@code zswap_load}, {@code zswap_invalidate}, {@code shrink_worker}), in front of its paging
 * device as its {@link MemoryTier}: a host page-out is first compressed into a pool in host memory
 * (zsmalloc, {@code mm/zsmalloc.c}), and a page-in it serves is a decompression, no device read.
 * <ul>
 *   <li>A page costs its compressed size, {@code ratio} of 4 KiB; a page of zeros costs nothing
 *       ({@code zswap_is_page_same_filled}). The pool holds its bytes rounded up to whole host
 *       frames, taken from the host's free frames as it grows ({@link HostMemMap#COMPRESSED}) and
 *       given back as it shrinks, as zsmalloc's {@code zs_get_total_pages} counts them; the model's
 *       pool is always as compact as its bytes allow (zsmalloc's size classes and
 *       {@code zs_compact} are not modelled).</li>
 *   <li>Admission is {@link ZswapLimit}'s over the host's memory ({@code max_pool_percent} 20,
 *       {@code accept_threshold_percent} 90): a store refused goes to the device alone, and the
 *       shrink worker writes the oldest pages back to the device until the pool is below the
 *       accept threshold ({@link #migrated}: device writes). A store that would need a host frame
 *       when none is free is refused too ({@code zswap_reject_alloc_fail}).</li>
 *   <li>A page-out of a page the pool holds replaces the old copy; a page-in leaves the copy and
 *       makes it the newest ({@code zswap_load} before exclusive loads became the rule after 6.7),
 *       so that a clean frame dropped again costs no compression; a slot the device frees leaves the
 *       pool ({@code zswap_invalidate}).</li>
 * </ul>
 * The device keeps every slot's copy as before ({@link org.cmmalab.hostpager.device.PagingDevice}),
 * so which tier holds a page changes what a move costs, never what a read returns. Pool frames are
 * no unit of the replacement policy: host reclaim never takes them, as in 6.7 only the pool's limit
 * writes pages back (the shrinker that writes back under memory pressure came later, off by
 * default).
 *
 * <p>This class only places pages and counts; what each move costs in time is the harness's cost
 * model. Used from the host's one thread, under the host lock, through the paging device.
 */
public final class HostZswap implements MemoryTier {
    private static final int PAGE = 4096;
    private static final int NIL = -1;

    private final HostMemMap frames;
    private final ZswapLimit limit;
    private final int pageBytes;
    /** Slot key ({@code volume << 32 | frame}) to the entry holding its copy. */
    private final LongIntHashMap entryOfSlot = new LongIntHashMap();
    private long[] slotOf = new long[0];
    private int[] bytesOf = new int[0];
    /** Entries by their last store or load, oldest first. */
    private final AgeList byAge = new AgeList(0);
    private final IntArrayList freeEntries = new IntArrayList();
    private int entries;
    private long bytes;
    private final IntArrayList poolFrames = new IntArrayList();
    private long reads;
    private long writes;
    private long writebacks;
    private long rejects;

    /**
     * The zswap pool of {@code host}, compressing to {@code ratio} of a page, within the given
     * shares of the host's memory; {@link org.cmmalab.hostpager.device.PagingDevice#attachTier}
     * puts it in front of the device.
     */
    public HostZswap(Host host, double ratio, int maxPoolPercent, int acceptPercent) {
        if (!(ratio > 0 && ratio < 1)) {
            throw new IllegalArgumentException("a compression ratio must be above 0 and below 1, was " + ratio);
        }
        this.frames = host.memMap();
        this.limit = new ZswapLimit(frames.frames(), maxPoolPercent, acceptPercent);
        this.pageBytes = (int) Math.round(ratio * PAGE);
    }

    @Override
    public void write(int volume, int frame, long token) {
        long key = key(volume, frame);
        int old = entryOfSlot.getIfAbsent(key, NIL);
        if (old != NIL) {
            remove(old); // a refused store must not leave the old copy in the pool
        }
        if (!limit.admits(poolFrames.size())) {
            rejects++;
            while (!byAge.isEmpty() && limit.writeBack(poolFrames.size())) {
                writebacks++;
                remove(byAge.oldest());
            }
            return;
        }
        int size = token == 0 ? 0 : pageBytes;
        long needed = framesFor(bytes + size) - poolFrames.size();
        if (needed > frames.free()) {
            rejects++;
            return;
        }
        int e = freeEntries.isEmpty() ? newEntry() : freeEntries.removeAtIndex(freeEntries.size() - 1);
        entryOfSlot.put(key, e);
        slotOf[e] = key;
        bytesOf[e] = size;
        bytes += size;
        byAge.addNewest(e);
        settleFrames();
        writes++;
    }

    @Override
    public void read(int volume, int frame) {
        int e = entryOfSlot.getIfAbsent(key(volume, frame), NIL);
        if (e != NIL) {
            reads++;
            byAge.moveToNewest(e);
        }
    }

    @Override
    public void free(int volume, int frame) {
        int e = entryOfSlot.getIfAbsent(key(volume, frame), NIL);
        if (e != NIL) {
            remove(e);
        }
    }

    /** Whether the pool holds the copy of frame {@code frame} of the guest on paging volume {@code volume}. */
    public boolean holds(int volume, int frame) {
        return entryOfSlot.containsKey(key(volume, frame));
    }

    /** Pages the pool holds now. */
    public int pages() {
        return entryOfSlot.size();
    }

    /** Page-ins served by decompressing from the pool. */
    @Override
    public long reads() {
        return reads;
    }

    /** Page-outs compressed into the pool. */
    @Override
    public long writes() {
        return writes;
    }

    /** Pages the shrink worker wrote back to the paging device. */
    @Override
    public long migrated() {
        return writebacks;
    }

    /** Page-outs the pool refused (full, or no free host frame): the device's alone. */
    public long rejects() {
        return rejects;
    }

    /** Host frames the pool holds now: its compressed bytes rounded up to whole frames. */
    @Override
    public int hostFrames() {
        return poolFrames.size();
    }

    private void remove(int e) {
        byAge.remove(e);
        entryOfSlot.remove(slotOf[e]);
        bytes -= bytesOf[e];
        freeEntries.add(e);
        settleFrames();
    }

    /** Takes or gives back host frames so that the pool holds its bytes rounded up to whole frames. */
    private void settleFrames() {
        long want = framesFor(bytes);
        while (poolFrames.size() < want) {
            poolFrames.add(frames.take(HostMemMap.COMPRESSED, 0));
        }
        while (poolFrames.size() > want) {
            frames.release(poolFrames.removeAtIndex(poolFrames.size() - 1));
        }
    }

    private int newEntry() {
        if (entries == slotOf.length) {
            int n = Math.max(64, entries * 2);
            slotOf = Arrays.copyOf(slotOf, n);
            bytesOf = Arrays.copyOf(bytesOf, n);
        }
        return entries++;
    }

    private static long framesFor(long bytes) {
        return (bytes + PAGE - 1) / PAGE;
    }

    private static long key(int volume, int frame) {
        return (long) volume << 32 | frame & 0xFFFF_FFFFL;
    }
}
