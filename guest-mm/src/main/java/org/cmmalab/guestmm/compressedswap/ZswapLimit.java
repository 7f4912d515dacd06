package org.cmmalab.guestmm.compressedswap;

/**
 * zswap's admission rule ({@code zswap_store} and {@code shrink_worker}, {@code mm/zswap.c}, Linux
 * 6.7), one place for the guest's zswap ({@link Zswap}) and the host's
 * ({@code org.cmmalab.hostpager.zswap.HostZswap}): the pool may hold {@code max_pool_percent} (20)
 * of the memory it lives in; a store that finds it over that marks it full and is refused; while
 * marked full, stores are refused until the pool is below {@code accept_threshold_percent} (90) of
 * its maximum, and the shrink worker writes the oldest pages back meanwhile until it is. Sizes are
 * in whole frames of that memory, as the pool's {@code zs_get_total_pages} counts them.
 */
public final class ZswapLimit {
    /** {@code zswap_max_pool_percent} (Linux 6.7). */
    public static final int MAX_POOL_PERCENT = 20;
    /** {@code zswap_accept_thr_percent} (Linux 6.7). */
    public static final int ACCEPT_THRESHOLD_PERCENT = 90;

    private final long maxFrames;
    private final long acceptFrames;
    private boolean reachedFull;

    /** The limit of a pool in memory of {@code frames} frames, within the given shares of it. */
    public ZswapLimit(long frames, int maxPoolPercent, int acceptPercent) {
        if (maxPoolPercent < 1 || maxPoolPercent > 100 || acceptPercent < 1 || acceptPercent > 100) {
            throw new IllegalArgumentException("zswap's pool percentages must be 1 to 100, were " + maxPoolPercent
                    + " and " + acceptPercent);
        }
        this.maxFrames = frames * maxPoolPercent / 100;
        this.acceptFrames = maxFrames * acceptPercent / 100;
    }

    /**
     * Whether a pool of {@code poolFrames} frames takes a store now ({@code zswap_is_full},
     * {@code zswap_can_accept}); a refusal is the caller's cue to {@link #writeBack} and refuse.
     */
    public boolean admits(long poolFrames) {
        if (poolFrames > maxFrames) {
            reachedFull = true;
            return false;
        }
        if (reachedFull) {
            if (poolFrames >= acceptFrames) {
                return false;
            }
            reachedFull = false;
        }
        return true;
    }

    /** Whether the shrink worker goes on writing the oldest page back from a pool of {@code poolFrames} frames. */
    public boolean writeBack(long poolFrames) {
        return poolFrames >= acceptFrames;
    }
}
