package org.cmmalab.harness.policy.compressedswap;

import java.util.List;
import org.cmmalab.guestmm.compressedswap.Zram;
import org.cmmalab.harness.policy.Mechanism;
import org.cmmalab.harness.policy.Policy;
import org.cmmalab.harness.policy.RunContext;
import org.cmmalab.harness.yaml.YamlMapping;

/**
 * {@code zram}: each guest swaps to zram, a compressed block device in its own memory
 * ({@link Zram}; Linux {@code drivers/block/zram/zram_drv.c}, modelled as of 6.7), instead of the
 * swap device the scenario gives it ({@code swapMiB}), as Fedora sets guests up. Its size,
 * {@code disksizeMiB}, is by default zram-generator's: half the guest's memory, at most 4 GiB
 * ({@code zram-size = min(ram / 2, 4096)}). Compression's ratio and costs: {@link Compression}.
 */
public final class ZramPolicy implements Policy {
    /** zram-generator's default {@code zram-size}: {@code min(ram / 2, 4096)} MiB. */
    private static final int MAX_DEFAULT_MIB = 4096;
    private static final int DEFAULT = -1;
    private final Compression compression;
    private final int disksizeMiB;

    private ZramPolicy(Compression compression, int disksizeMiB) {
        this.compression = compression;
        this.disksizeMiB = disksizeMiB;
    }

    public static ZramPolicy parse(YamlMapping p) {
        ZramPolicy z = new ZramPolicy(Compression.read(p), (int) p.integer("disksizeMiB", DEFAULT, 1, 1 << 22));
        p.done();
        return z;
    }

    @Override
    public String name() {
        return "zram";
    }

    @Override
    public int swapMiB(int scenarioSwapMiB, int memoryMiB) {
        return disksizeMiB != DEFAULT ? disksizeMiB : Math.min(memoryMiB / 2, MAX_DEFAULT_MIB);
    }

    @Override
    public boolean connectsFrontswap() {
        return true;
    }

    @Override
    public String largeFramesRefused() {
        return "the model's compressed pool keeps its pages in 4 KiB guest frames";
    }

    /** At most every swap slot compressed: half a page per guest frame, by zram-generator's size. */
    @Override
    public List<Mechanism> mechanisms() {
        return List.of(new Mechanism.CompressedSwapPools(0.5));
    }

    @Override
    public void start(RunContext run) {
        CompressedSwap.start(run, compression, kernel -> new Zram(kernel, compression.ratio()), z -> 0);
    }
}
