package org.cmmalab.guestmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;
import org.cmmalab.pagestates.HostMode;
import org.junit.jupiter.api.Test;

/**
 * Random sequences of allocations, frees, file reads and writes, mapped accesses, write-backs,
 * truncations, deletions, process exits and host reclaim, each run on two kernels, hints off and
 * on, with the invariants of {@link KernelChecks} checked after every operation. Then the two
 * runs must have seen the same contents, and after everything is freed it must have coalesced
 * back. Examples per property: {@code -Dproperties.examples=N} (default 100).
 */
class KernelPropertiesTest {
    private static final int EXAMPLES = Integer.getInteger("properties.examples", 100);

    @Test
    void smallFramesZvm() {
        property(256, HostMode.ZVM, false);
    }

    @Test
    void smallFramesKvm() {
        property(256, HostMode.KVM, false);
    }

    @Test
    void largeFrames() {
        property(512, HostMode.ZVM, true);
    }

    private static void property(int frames, HostMode mode, boolean large) {
        long[] total = new long[6];
        qt().withExamples(EXAMPLES)
                .forAll(lists().of(integers().all()).ofSizeBetween(1, 400))
                .checkAssert(ops -> {
                    GuestCounters c = run(ops, frames, mode, large);
                    long[] n = {c.discardsObserved(), c.discardFaults(), c.reclaimedPages(),
                        c.swapOuts(), c.swapIns(), c.diskWrites()};
                    for (int i = 0; i < n.length; i++) {
                        total[i] += n[i];
                    }
                });
        // what the examples exercised, hints on, summed (shrinking runs included)
        System.out.printf("%s%s: discards observed %d, discard faults %d, reclaimed %d,"
                + " swap-outs %d, swap-ins %d, disk writes %d%n", mode.id(), large ? " large" : "",
                total[0], total[1], total[2], total[3], total[4], total[5]);
    }

    static GuestCounters run(List<Integer> ops, int frames, HostMode mode, boolean large) {
        OpsRunner off = new OpsRunner(frames, mode, large, false);
        OpsRunner on = new OpsRunner(frames, mode, large, true);
        for (int op : ops) {
            off.apply(op);
            on.apply(op);
            off.check();
            on.check();
        }
        off.readEverything();
        on.readEverything();
        off.check();
        on.check();
        assertEquals(off.seen.size(), on.seen.size(), "operations seen");
        for (int i = 0; i < off.seen.size(); i++) {
            long a = off.seen.get(i);
            long b = on.seen.get(i);
            if (a != GuestKernel.NO_MEMORY && b != GuestKernel.NO_MEMORY) {
                assertEquals(a, b, "content seen by access " + i + " with hints off and on");
            }
        }
        for (OpsRunner run : new OpsRunner[] {off, on}) {
            run.tearDown();
            run.check();
            KernelChecks.checkAllFreeAndCoalesced(run.kernel);
        }
        return on.kernel.counters();
    }
}
