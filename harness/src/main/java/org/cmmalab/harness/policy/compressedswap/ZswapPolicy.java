package org.cmmalab.harness.policy.compressedswap;

import java.util.List;
import org.cmmalab.guestmm.compressedswap.Zswap;
import org.cmmalab.harness.policy.Mechanism;
import org.cmmalab.harness.policy.Policy;
import org.cmmalab.harness.policy.RunContext;
import org.cmmalab.harness.yaml.YamlMapping;

/**
 * {@code zswap}: each guest runs zswap, a compressed cache in its own memory in front of its swap
 * device ({@link Zswap}; Linux {@code mm/zswap.c}, modelled as of 6.7): {@code maxPoolPercent}
 * (20, {@code max_pool_percent}) of the guest's memory at most, and once full no more pages until
 * the pool is below {@code acceptThresholdPercent} (90, {@code accept_threshold_percent}) of that,
 * its oldest pages written back to the swap device meanwhile. Compression's ratio and costs:
 * {@link Compression}.
 */
public final class ZswapPolicy implements Policy {
    private final ZswapParams zswap;

    private ZswapPolicy(ZswapParams zswap) {
        this.zswap = zswap;
    }

    public static ZswapPolicy parse(YamlMapping p) {
        ZswapPolicy z = new ZswapPolicy(ZswapParams.read(p));
        p.done();
        return z;
    }

    @Override
    public String name() {
        return "zswap";
    }

    @Override
    public boolean connectsFrontswap() {
        return true;
    }

    @Override
    public String largeFramesRefused() {
        return "the model's compressed pool keeps its pages in 4 KiB guest frames";
    }

    /** At most the pool's share of the guest, each frame holding a page over the compression ratio. */
    @Override
    public List<Mechanism> mechanisms() {
        return List.of(new Mechanism.CompressedSwapPools(zswap.frameShare()));
    }

    @Override
    public void start(RunContext run) {
        CompressedSwap.start(run, zswap.compression(),
                kernel -> new Zswap(kernel, zswap.compression().ratio(), zswap.maxPoolPercent(), zswap.acceptPercent()),
                Zswap::writebacks);
    }
}
