package org.cmmalab.hostpager;

import java.lang.management.ManagementFactory;
import java.util.function.ToLongFunction;
import org.cmmalab.hostpager.replacement.UnitKey;
import org.cmmalab.pagestates.FrameOp;
import org.cmmalab.pagestates.FrameTable;
import org.cmmalab.pagestates.HostMode;
import org.cmmalab.pagestates.Orc;

/**
 * Counts the bytes the host's paging paths allocate. {@link SteadyStateAllocationTest} loads this
 * class, the host pager and page-states afresh in a class loader of their own and calls it only a
 * few hundred times, so that their code runs in the interpreter and C1, neither of which removes
 * an allocation: a count of 0 cannot be the work of C2's escape analysis.
 *
 * <p>{@code applyAsLong("frame-table")} measures 100 {@link FrameTable#apply} calls alone; any other
 * argument names a policy, and measures a guest cycling through four times as many frames as its
 * host has, so that every access faults and reclaims (writing out or discarding), after one warm-up
 * round has created every chunk. The least of three measurements is returned, so that a one-off
 * allocation inside the JVM's own counters does not count.
 */
public final class AllocationProbe implements ToLongFunction<String> {
    private static final int HOST_FRAMES = 16;
    private static final int GUEST_FRAMES = 64;

    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Override
    public long applyAsLong(String what) {
        if (what.equals("frame-table")) {
            FrameTable table = new FrameTable(1, HostMode.ZVM);
            return leastOfThree(() -> {
                for (int i = 0; i < 100; i++) {
                    table.apply(0, FrameOp.CLEAN);
                }
            });
        }
        long[] future = new long[8 * GUEST_FRAMES];
        for (int i = 0; i < future.length; i++) {
            future[i] = UnitKey.of(1, i % GUEST_FRAMES);
        }
        HostConfig config = HostConfig.of(HOST_FRAMES, GUEST_FRAMES);
        Host host = new Host(what.equals("opt") ? config.withOpt(future) : config.withReplacement(what));
        GuestSpace guest = host.attach(1, GUEST_FRAMES);
        cycle(guest, 0);
        long bytes = leastOfThree(() -> cycle(guest, 1));
        HostCounters c = host.counters();
        if (c.faults() < 2 * GUEST_FRAMES || c.discards() == 0 || c.pageOuts() == 0) {
            throw new AssertionError("the probe did not page as it should: " + c);
        }
        return bytes;
    }

    private long leastOfThree(Runnable run) {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long start = threads.getCurrentThreadAllocatedBytes();
            run.run();
            least = Math.min(least, threads.getCurrentThreadAllocatedBytes() - start);
        }
        return least;
    }

    /** One round over every frame: odd frames stored, even ones volatile, read again after a discard. */
    private static void cycle(GuestSpace guest, long token) {
        for (int f = 0; f < GUEST_FRAMES; f++) {
            if ((f & 1) == 1) {
                guest.store(f, token);
            } else if (guest.load(f) == GuestSpace.DISCARD_FAULT) {
                guest.essa(f, Orc.SET_STABLE);
                guest.store(f, token);
                guest.essa(f, Orc.SET_VOLATILE);
            } else {
                guest.essa(f, Orc.SET_VOLATILE);
            }
        }
    }
}
