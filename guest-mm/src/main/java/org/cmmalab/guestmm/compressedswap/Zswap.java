package org.cmmalab.guestmm.compressedswap;

import org.cmmalab.guestmm.DriverApi;
import org.cmmalab.guestmm.GuestKernel;
import org.cmmalab.guestmm.tmem.Frontswap;

/**
 * zswap in the guest ({@code mm/zswap.c}, Linux 6.7): a compressed cache in front of the guest's
 * swap device, in the guest's own memory ({@link CompressedPool}). Where Linux calls it is where it
 * called frontswap ({@code zswap_store} in {@code swap_writepage}, {@code zswap_load} in
 * {@code swap_read_folio}, {@code zswap_invalidate} when a slot is freed), so it connects as the
 * kernel's {@link Frontswap} backend.
 *
 * <p>The rule ({@code zswap_store}): the pool may hold {@code max_pool_percent} (20) of the guest's
 * memory; a store that finds it over that marks it full and is refused, the page going to the swap
 * device; while marked full, stores are refused until the pool is below
 * {@code accept_threshold_percent} (90) of its maximum, and meanwhile the shrink worker writes the
 * oldest pages back to the swap device ({@link DriverApi#swapWritePage}, a swap-out each) until it
 * is. A store the pool has no frame for is refused too ({@code zswap_reject_alloc_fail}). A load
 * decompresses and leaves the copy, making it the newest (loads were not exclusive by default in
 * 6.7). The kernel counts what it stored and loaded ({@code frontswapStores},
 * {@code frontswapLoads}); refusals and writebacks are counted here. What they cost is the caller's.
 */
public final class Zswap implements Frontswap {
    /** {@code zswap_max_pool_percent} (Linux 6.7). */
    public static final int MAX_POOL_PERCENT = 20;
    /** {@code zswap_accept_thr_percent} (Linux 6.7). */
    public static final int ACCEPT_THRESHOLD_PERCENT = 90;

    private final CompressedPool pool;
    private final DriverApi api;
    private final int maxFrames;
    private final int acceptFrames;
    private boolean reachedFull;
    private long rejects;
    private long writebacks;

    /** zswap in {@code kernel}, compressing to {@code ratio}, within the given shares of the guest's memory. */
    public Zswap(GuestKernel kernel, double ratio, int maxPoolPercent, int acceptPercent) {
        if (kernel.config().swapPages() == 0) {
            throw new IllegalArgumentException("zswap caches swap: guest " + kernel.config().guest()
                    + " has no swap device");
        }
        if (maxPoolPercent < 1 || maxPoolPercent > 100 || acceptPercent < 1 || acceptPercent > 100) {
            throw new IllegalArgumentException("zswap's pool percentages must be 1 to 100, were " + maxPoolPercent
                    + " and " + acceptPercent);
        }
        this.pool = new CompressedPool(kernel, ratio);
        this.api = kernel.driverApi();
        this.maxFrames = (int) ((long) kernel.frames() * maxPoolPercent / 100);
        this.acceptFrames = (int) ((long) maxFrames * acceptPercent / 100);
    }

    /** Guest frames the pool holds now. */
    public int poolFrames() {
        return pool.frames();
    }

    /** Stores refused (pool full, or no frame), gone to the swap device, since the start. */
    public long rejects() {
        return rejects;
    }

    /** Pages written back from the pool to the swap device, since the start. */
    public long writebacks() {
        return writebacks;
    }

    @Override
    public boolean store(int slot, long token) {
        pool.remove(slot); // a duplicate goes first: a refused store must not leave the old copy
        if (pool.frames() > maxFrames) {
            reachedFull = true;
            return refuse();
        }
        if (reachedFull) {
            if (pool.frames() >= acceptFrames) {
                return refuse();
            }
            reachedFull = false;
        }
        if (!pool.store(slot, token)) {
            rejects++;
            return false;
        }
        return true;
    }

    @Override
    public long load(int slot) {
        return pool.load(slot);
    }

    @Override
    public void invalidate(int slot) {
        pool.remove(slot);
    }

    /** A refused store: the shrink worker writes the oldest back until the pool is below the accept threshold. */
    private boolean refuse() {
        rejects++;
        while (pool.pages() > 0 && pool.frames() >= acceptFrames) {
            int slot = pool.oldestSlot();
            api.swapWritePage(slot, pool.peek(slot));
            writebacks++;
            pool.remove(slot);
        }
        return false;
    }
}
