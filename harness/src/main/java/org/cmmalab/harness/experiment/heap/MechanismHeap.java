package org.cmmalab.harness.experiment.heap;

import java.util.List;
import org.cmmalab.harness.policy.Mechanism;
import org.cmmalab.hostpager.ksm.Ksm;

/**
 * The heap, in bytes, the mechanisms a policy switches on ({@link Mechanism}) may take at most in
 * a run that has at most {@code residentFrames} guest frames resident at once (no more than the
 * host's frames) of guests that have {@code guestFrames} frames in all, beyond what every run keeps
 * (frame tables, descriptors, host frames): a term of {@link RunHeap}'s estimate.
 */
public final class MechanismHeap {
    private MechanismHeap() {
    }

    /** The sum over {@code mechanisms}. */
    public static long bytes(List<Mechanism> mechanisms, long residentFrames, long guestFrames) {
        long sum = 0;
        for (Mechanism m : mechanisms) {
            sum += bytes(m, residentFrames, guestFrames);
        }
        return sum;
    }

    private static long bytes(Mechanism m, long residentFrames, long guestFrames) {
        if (m instanceof Mechanism.SamePageMerging ksm) {
            return Ksm.maxHeapBytes(residentFrames, guestFrames, ksm.smartScan()); // checksums and unstable tree
        }
        if (m instanceof Mechanism.RecyclerMarks) {
            return guestFrames / 8; // a bit per configured guest frame
        }
        if (m instanceof Mechanism.Balloons b) {
            return balloons((long) (guestFrames * b.maxShare()));
        }
        if (m instanceof Mechanism.HotplugBlocks) {
            return guestFrames / 16; // a bit per 2 MiB subblock, and 4 bytes per 64 frames for descriptors' frame numbers
        }
        if (m instanceof Mechanism.DamonRegions d) {
            return damonRegions(d.maxRegions(), guestFrames);
        }
        if (m instanceof Mechanism.CompressedSwapPools c) {
            return (long) (guestFrames * c.maxPagesPerGuestFrame()) * COMPRESSED_PAGE_BYTES;
        }
        if (m instanceof Mechanism.HostCompressedPool h) {
            return (long) (residentFrames * h.maxPagesPerHostFrame()) * COMPRESSED_PAGE_BYTES; // no more host frames than resident ones
        }
        throw new IllegalArgumentException("no heap estimate for " + m);
    }

    /** The smallest guest whose DAMON table {@link #damonRegions} budgets: 256 MiB. */
    private static final long DAMON_GUEST_FRAMES = 65_536;
    /**
     * A compressed page's bookkeeping at most ({@code CompressedPool}: five ints and a token per
     * entry, 28 bytes; {@code HostZswap}: a slot key and three ints, 20 bytes), in arrays that at
     * most double, and its slot in a primitive hash map.
     */
    private static final long COMPRESSED_PAGE_BYTES = 80;

    /**
     * DAMON's region table, per guest: six arrays of {@code 3 * maxRegions + 3} entries, 24 bytes an
     * entry (72 KiB at the default 1,000 regions), for as many guests as {@code guestFrames} holds of
     * 256 MiB, an upper bound for guests of that size or more.
     */
    private static long damonRegions(int maxRegions, long guestFrames) {
        long guests = Math.max(1, (guestFrames + DAMON_GUEST_FRAMES - 1) / DAMON_GUEST_FRAMES);
        return guests * (3L * maxRegions + 3) * 24;
    }

    /**
     * Balloons of {@code pages} pages in all, at most an eighth of a byte a page: a balloon's page
     * list keeps runs of consecutive frames, 8 bytes a run, and the descriptors of the 2 MiB chunks
     * it has taken whole are dropped ({@code Balloon}); what stays is the descriptors of chunks it
     * holds in part. A 4 GiB guest ballooned to 20% costs 0.02 bytes a page ({@code BalloonTest});
     * MOM's balloons at 600 guests of {@code density.yaml}, where they hold 80% of guest memory,
     * 0.015 at their largest (the sum of the page lists, sampled every 10 s). An eighth leaves room
     * for runs six times shorter.
     */
    private static long balloons(long pages) {
        return pages / 8;
    }
}
