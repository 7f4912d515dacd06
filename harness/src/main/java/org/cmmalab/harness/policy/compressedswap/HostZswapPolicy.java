package org.cmmalab.harness.policy.compressedswap;

import java.util.List;
import org.cmmalab.harness.policy.Mechanism;
import org.cmmalab.harness.policy.Policy;
import org.cmmalab.harness.policy.RunContext;
import org.cmmalab.harness.yaml.YamlMapping;
import org.cmmalab.hostpager.zswap.HostZswap;
import org.cmmalab.pagestates.HostMode;

/**
 * {@code host-zswap}: Linux zswap on the host, in front of its paging device ({@link HostZswap};
 * {@code mm/zswap.c}, modelled as of Linux 6.7): the host's page-outs are compressed into a pool
 * in host memory, which costs the host their compressed size, and page-ins from the pool cost a
 * decompression instead of a device read. {@code maxPoolPercent} (20, {@code max_pool_percent}) of
 * host memory at most, and once full no more pages until the pool is below
 * {@code acceptThresholdPercent} (90, {@code accept_threshold_percent}) of that, the oldest written
 * back to the paging device meanwhile. Compression's ratio and costs are the guest side's
 * ({@link Compression}): a compression in direct reclaim and a decompression on a fault cost the
 * vCPU that waits for them, those of background reclaim and writeback cost host CPU
 * ({@code hostCpuMs}).
 *
 * <p>zswap is Linux's, so the host runs in {@code kvm} mode; z/VM's expanded storage
 * ({@code host.xstorMiB}) is then refused, as a host has one tier in front of its paging device.
 * It acts on the host alone, so it combines with any guest-side policy ({@code none},
 * {@code balloon-mom}, {@code damon-reclaim}, {@code cmma}, ...).
 */
public final class HostZswapPolicy implements Policy {
    private final ZswapParams zswap;

    private HostZswapPolicy(ZswapParams zswap) {
        this.zswap = zswap;
    }

    public static HostZswapPolicy parse(YamlMapping p) {
        HostZswapPolicy z = new HostZswapPolicy(ZswapParams.read(p));
        p.done();
        return z;
    }

    @Override
    public String name() {
        return "host-zswap";
    }

    @Override
    public HostMode hostMode(HostMode scenarioMode) {
        return HostMode.KVM;
    }

    /** At most the pool's share of host memory, each frame holding a page over the compression ratio. */
    @Override
    public List<Mechanism> mechanisms() {
        return List.of(new Mechanism.HostCompressedPool(zswap.frameShare()));
    }

    @Override
    public void start(RunContext run) {
        run.attachCompressedTier(
                new HostZswap(run.host(), zswap.compression().ratio(), zswap.maxPoolPercent(), zswap.acceptPercent()),
                zswap.compression().compressNanos(), zswap.compression().decompressNanos());
    }
}
