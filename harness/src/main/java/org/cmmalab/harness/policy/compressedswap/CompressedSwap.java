package org.cmmalab.harness.policy.compressedswap;

import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.cmmalab.guestmm.GuestCounters;
import org.cmmalab.guestmm.GuestKernel;
import org.cmmalab.guestmm.tmem.Frontswap;
import org.cmmalab.harness.policy.GuestHandle;
import org.cmmalab.harness.policy.RunContext;

/**
 * Connects a compressed swap backend (zram or zswap) to every guest with swap and charges its
 * work: each store costs the guest {@code compressNanos}, each load and each writeback (zswap
 * decompresses a page to write it back) {@code decompressNanos}, on its vCPU
 * ({@code driverCpuMs}), where Linux does them: in the reclaim or the fault that swaps. A guest
 * without swap gets none (zswap caches swap; zram is the guest's swap, sized by its policy).
 */
final class CompressedSwap {
    private CompressedSwap() {
    }

    /**
     * {@code backend} of each guest's kernel, connected, with its writebacks so far
     * ({@code writebacks}, 0 for zram) charged as decompressions.
     */
    static <B extends Frontswap> void start(RunContext run, Compression compression, Function<GuestKernel, B> backend,
                                            ToLongFunction<B> writebacks) {
        for (GuestHandle vm : run.guests()) {
            if (vm.kernel().config().swapPages() == 0) {
                continue;
            }
            B b = backend.apply(vm.kernel());
            vm.kernel().setFrontswap(b);
            GuestCounters c = vm.kernel().counters();
            vm.meter(() -> c.frontswapStores() * compression.compressNanos()
                    + (c.frontswapLoads() + writebacks.applyAsLong(b)) * compression.decompressNanos());
        }
    }
}
