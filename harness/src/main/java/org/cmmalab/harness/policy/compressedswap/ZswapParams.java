package org.cmmalab.harness.policy.compressedswap;

import org.cmmalab.guestmm.compressedswap.ZswapLimit;
import org.cmmalab.harness.yaml.YamlMapping;

/**
 * A zswap pool's parameters, in the guest or on the host, read once for both: the compression
 * ({@link Compression}), {@code maxPoolPercent} ({@code max_pool_percent}, default
 * {@value ZswapLimit#MAX_POOL_PERCENT}) and {@code acceptThresholdPercent}
 * ({@code accept_threshold_percent}, default {@value ZswapLimit#ACCEPT_THRESHOLD_PERCENT}).
 */
record ZswapParams(Compression compression, int maxPoolPercent, int acceptPercent) {
    static ZswapParams read(YamlMapping p) {
        return new ZswapParams(Compression.read(p),
                (int) p.integer("maxPoolPercent", ZswapLimit.MAX_POOL_PERCENT, 1, 100),
                (int) p.integer("acceptThresholdPercent", ZswapLimit.ACCEPT_THRESHOLD_PERCENT, 1, 100));
    }

    /** The pool's largest share of its memory in frames per frame of that memory: its share over the ratio. */
    double frameShare() {
        return maxPoolPercent / 100.0 / compression.ratio();
    }
}
