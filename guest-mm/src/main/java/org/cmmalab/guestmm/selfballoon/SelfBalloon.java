package org.cmmalab.guestmm.selfballoon;

import org.cmmalab.guestmm.GuestKernel;

/**
 * Xen self-ballooning: the guest's own policy for its balloon, from Linux
 * {@code drivers/xen/xen-selfballoon.c} ({@code selfballoon_process}, removed with tmem in 5.3;
 * Magenheimer, LPC 2010, docs/sources.md). Every interval (5 s, {@code selfballoon_interval})
 * the guest moves its memory toward a goal: {@code Committed_AS} plus {@code totalreserve_pages}
 * plus {@code selfballoon_reserved_mb} (which {@code xen_selfballoon_init} sets to 10% of the
 * guest's memory when it is 0). Above the goal it gives back {@code 1/downhysteresis} (8) of the
 * excess per interval; below it, it takes {@code 1/uphysteresis} (1: all) of the shortfall. It
 * never goes below a floor: a piecewise linear function of the guest's size
 * ({@code selfballoon_min_usable_mb} 0).
 *
 * <p>In this kernel: {@code Committed_AS} is {@link org.cmmalab.guestmm.GuestCounters#committedPages()};
 * {@code totalreserve_pages} is the high watermark (Linux adds each zone's largest
 * {@code lowmem_reserve}, 0 for the single zone here); {@code totalram_pages} is the guest's
 * frames less the balloon's pages; {@code max_pfn} is the guest's frames. Frontswap
 * self-shrinking ({@code frontswap_selfshrink}, on by default with tmem), which would bring
 * frontswap pages back into the guest, is not modelled, so the goal does not count them either.
 */
public final class SelfBalloon {
    /** {@code selfballoon_downhysteresis}. */
    public static final int DOWN_HYSTERESIS = 8;
    /** {@code selfballoon_uphysteresis}. */
    public static final int UP_HYSTERESIS = 1;
    /** {@code selfballoon_interval}, seconds. */
    public static final int INTERVAL_SECONDS = 5;

    private static final long MIB = 256;

    private final GuestKernel kernel;
    private final int down;
    private final int up;
    private final long reservedPages;

    /**
     * Self-ballooning for {@code kernel} with the given hystereses; {@code reservedMiB} is
     * {@code selfballoon_reserved_mb}, and 0 means Linux's default of 10% of the guest's memory.
     */
    public SelfBalloon(GuestKernel kernel, int downHysteresis, int upHysteresis, long reservedMiB) {
        if (downHysteresis <= 0 || upHysteresis <= 0) {
            throw new IllegalArgumentException("hystereses must be positive, were down " + downHysteresis
                    + " and up " + upHysteresis);
        }
        if (reservedMiB < 0) {
            throw new IllegalArgumentException("reserved memory must not be negative, was " + reservedMiB + " MiB");
        }
        this.kernel = kernel;
        this.down = downHysteresis;
        this.up = upHysteresis;
        // PAGES2MB(totalram_pages / 10), then MB2PAGES in the goal: whole MiB.
        long mib = reservedMiB != 0 ? reservedMiB : kernel.frames() / 10 / MIB;
        this.reservedPages = mib * MIB;
    }

    /** The goal: committed memory plus reserves, in pages. */
    public long goal() {
        return kernel.counters().committedPages() + kernel.watermarks().high() + reservedPages;
    }

    /** The floor below which the guest never balloons, in pages. */
    public long floor() {
        long maxPfn = kernel.frames();
        long reserve = kernel.watermarks().high();
        long useful = maxPfn - reserve;
        if (useful < 16 * MIB) {
            return maxPfn;
        } else if (useful < 64 * MIB) {
            return reserve + 16 * MIB + ((useful - 16 * MIB) >> 1);
        } else if (useful < 512 * MIB) {
            return reserve + 40 * MIB + ((useful - 40 * MIB) >> 3);
        }
        return reserve + 99 * MIB + ((useful - 99 * MIB) >> 5);
    }

    /**
     * One step of {@code selfballoon_process}: the balloon size, in pages, the guest should have
     * next, given that it holds {@code balloonPages} now.
     */
    public long balloonTarget(long balloonPages) {
        long current = kernel.frames() - balloonPages;
        long goal = goal();
        long target = current;
        if (current > goal) {
            target = current - (current - goal) / down;
        } else if (current < goal) {
            target = current + (goal - current) / up;
        }
        target = Math.max(target, floor());
        return Math.max(0, kernel.frames() - Math.min(target, kernel.frames()));
    }
}
