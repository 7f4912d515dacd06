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
 * <p>The rule is {@link ZswapLimit}'s, over the guest's memory: a refused page goes to the swap
 * device, and the shrink worker writes the oldest pages back to it ({@link DriverApi#swapWritePage},
 * a swap-out each). A store the pool has no frame for is refused too ({@code zswap_reject_alloc_fail}). A load
 * decompresses and leaves the copy, making it the newest (loads were not exclusive by default in
 * 6.7). The kernel counts what it stored and loaded ({@code frontswapStores},
 * {@code frontswapLoads}); refusals and writebacks are counted here. What they cost is the caller's.
 */
public final class Zswap implements Frontswap {
    private final CompressedPool pool;
    private final DriverApi api;
    private final ZswapLimit limit;
    private long rejects;
    private long writebacks;

    /** zswap in {@code kernel}, compressing to {@code ratio}, within the given shares of the guest's memory. */
    public Zswap(GuestKernel kernel, double ratio, int maxPoolPercent, int acceptPercent) {
        if (kernel.config().swapPages() == 0) {
            throw new IllegalArgumentException("zswap caches swap: guest " + kernel.config().guest()
                    + " has no swap device");
        }
        this.limit = new ZswapLimit(kernel.frames(), maxPoolPercent, acceptPercent);
        this.pool = new CompressedPool(kernel, ratio);
        this.api = kernel.driverApi();
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
        if (!limit.admits(pool.frames())) {
            return refuse();
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
        while (pool.pages() > 0 && limit.writeBack(pool.frames())) {
            int slot = pool.oldestSlot();
            api.swapWritePage(slot, pool.peek(slot));
            writebacks++;
            pool.remove(slot);
        }
        return false;
    }
}
