package org.cmmalab.guestmm.compressedswap;

import org.cmmalab.guestmm.GuestKernel;
import org.cmmalab.guestmm.tmem.Frontswap;

/**
 * zram as the guest's swap device ({@code drivers/block/zram/zram_drv.c}, Linux 6.7): a block device
 * in the guest's own memory that compresses every page written to it ({@link CompressedPool}). Its
 * size ({@code disksize}) is the guest's swap size: the slots of its swap device, which the kernel
 * hands out as for any swap device, so it connects as the kernel's {@link Frontswap} backend and
 * nothing reaches the swap device's disk.
 *
 * <p>A write ({@code zram_write_page}) stores the compressed page, or a page of zeros as a flag only
 * ({@code ZRAM_SAME}); with no {@code mem_limit} (the default) it is refused only when the pool has
 * no frame to grow into. Then Linux's write fails and the page stays in memory; this model has no
 * failed swap write, so the page goes to the swap device's disk instead, counted as a refused store
 * ({@link #rejects}) so that it never passes unseen. A read decompresses and leaves the page until
 * its slot is freed ({@code zram_slot_free_notify}). The kernel counts what it stored and loaded
 * ({@code frontswapStores}, {@code frontswapLoads}).
 */
public final class Zram implements Frontswap {
    private final CompressedPool pool;
    private long rejects;

    /** zram in {@code kernel}, compressing to {@code ratio}, as large as its swap device. */
    public Zram(GuestKernel kernel, double ratio) {
        if (kernel.config().swapPages() == 0) {
            throw new IllegalArgumentException("zram is sized as the guest's swap: guest " + kernel.config().guest()
                    + " has no swap");
        }
        this.pool = new CompressedPool(kernel, ratio);
    }

    /** Guest frames the pool holds now. */
    public int poolFrames() {
        return pool.frames();
    }

    /** Writes refused for want of a frame (gone to the swap device's disk), since the start. */
    public long rejects() {
        return rejects;
    }

    @Override
    public boolean store(int slot, long token) {
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
}
