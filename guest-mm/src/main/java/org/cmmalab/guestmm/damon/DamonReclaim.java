package org.cmmalab.guestmm.damon;

import java.util.SplittableRandom;
import org.cmmalab.guestmm.DriverApi;
import org.cmmalab.guestmm.GuestKernel;

/**
 * DAMON-based proactive reclaim: Linux {@code mm/damon/reclaim.c} (DAMON_RECLAIM, Linux 6.7) over
 * {@link Damon}, with the scheme machinery of {@code mm/damon/core.c} ({@code damos_apply_scheme},
 * {@code damos_adjust_quota}, {@code damos_set_effective_quota}, {@code damos_wmark_wait_us}) and
 * the page-out of {@code mm/damon/paddr.c} ({@code damon_pa_pageout}) and {@code mm/vmscan.c}
 * ({@code reclaim_pages}).
 *
 * <p><b>The scheme.</b> Regions not accessed at all ({@code nr_accesses} 0) for {@code min_age} or
 * longer (120 s) are paged out, at every aggregation, within a quota: at most {@code quota_sz}
 * (128 MiB) and about {@code quota_ms} (10 ms) of work per {@code quota_reset_interval_ms}
 * (1 s). The time quota becomes a size by the throughput measured so far
 * ({@code damos_set_effective_quota}; 4 MiB per ms before any was measured); within the quota
 * the coldest regions go first (DAMON_RECLAIM weighs age only: {@code damos_adjust_quota} finds the
 * lowest score, the log of a region's age, that fits the quota), in address order from where the
 * last quota window stopped ({@code damos_skip_charged_region}, so that repeated windows sweep the
 * memory instead of trying its start again), and a region larger than what is left of the quota
 * is split to fit. After the page-out the region's age starts again.
 *
 * <p><b>Watermarks</b> ({@code DAMOS_WMARK_FREE_MEM_RATE}): free memory in permille of the
 * guest's. Above {@code wmarks_high} (500) or below {@code wmarks_low} (200) DAMON_RECLAIM stops
 * (with more than half free there is nothing to do; below a fifth the kernel's own reclaim is
 * left to it); it starts when free memory is at most {@code wmarks_mid} (400). While it is
 * stopped it checks every {@code wmarks_interval} (5 s) and monitors nothing; while it runs it
 * checks at every sample.
 *
 * <p><b>The page-out</b> of a region: every page of it on an LRU list goes through
 * {@code reclaim_pages} ({@link DriverApi#reclaimPages}). What is freed goes back to the buddy allocator, where
 * free page reporting, if connected, finds it.
 */
public final class DamonReclaim {
    private static final long PAGE = 4096;
    /**
     * The throughput {@code damos_set_effective_quota} assumes before any was measured: {@code
     * PAGE_SIZE * 1024} bytes per ms.
     */
    private static final long DEFAULT_BYTES_PER_MS = PAGE * 1024;

    /**
     * DAMON_RECLAIM's parameters, with the kernel's defaults ({@link #DEFAULTS}).
     *
     * @param sampleNanos     {@code sample_interval} (5 ms)
     * @param aggrNanos       {@code aggr_interval} (100 ms)
     * @param minRegions      {@code min_nr_regions} (10)
     * @param maxRegions      {@code max_nr_regions} (1000)
     * @param minAgeNanos     {@code min_age} (120 s)
     * @param quotaNanos      {@code quota_ms} (10 ms)
     * @param quotaBytes      {@code quota_sz} (128 MiB)
     * @param resetNanos      {@code quota_reset_interval_ms} (1 s)
     * @param wmarksNanos     {@code wmarks_interval} (5 s)
     * @param high            {@code wmarks_high} (500 permille)
     * @param mid             {@code wmarks_mid} (400)
     * @param low             {@code wmarks_low} (200)
     */
    public record Params(long sampleNanos, long aggrNanos, int minRegions, int maxRegions, long minAgeNanos,
                         long quotaNanos, long quotaBytes, long resetNanos, long wmarksNanos,
                         int high, int mid, int low) {
        public Params {
            if (sampleNanos <= 0 || aggrNanos < sampleNanos || resetNanos <= 0 || wmarksNanos <= 0) {
                throw new IllegalArgumentException("DAMON's intervals must be positive and the aggregation interval at"
                        + " least the sampling interval, were " + sampleNanos + " and " + aggrNanos + " ns");
            }
            if (!(low <= mid && mid <= high)) {
                throw new IllegalArgumentException("DAMON's watermarks must satisfy low <= mid <= high, were " + low
                        + ", " + mid + ", " + high);
            }
        }
    }

    /** mm/damon/reclaim.c's defaults, Linux 6.7. */
    public static final Params DEFAULTS = new Params(5_000_000L, 100_000_000L, 10, 1000, 120_000_000_000L,
            10_000_000L, 128L << 20, 1_000_000_000L, 5_000_000_000L, 500, 400, 200);

    private final GuestKernel kernel;
    private final Params p;
    private final Damon damon;
    private final DriverApi api;
    private final int minAgeAggregations;
    private boolean active;
    private boolean checksPrepared;
    private long nextWmarkCheck;
    private long quotaResetAt;
    private long chargedBytes;
    private long effectiveBytes;
    private long totalChargedBytes;
    private long totalChargedNanos;
    private long triedBytes;
    private long pagedOut;
    /** The frame after the last region charged when the quota ran out ({@code charge_addr_from}), or -1. */
    private int chargeFrom = -1;

    /** DAMON_RECLAIM in {@code kernel}, monitoring all of its memory, with {@code random} for DAMON's samples. */
    public DamonReclaim(GuestKernel kernel, Params params, SplittableRandom random) {
        this.kernel = kernel;
        this.p = params;
        this.damon = new Damon(kernel, 0, kernel.frames(), (int) (params.aggrNanos() / params.sampleNanos()),
                params.minRegions(), params.maxRegions(), random);
        this.minAgeAggregations = (int) (params.minAgeNanos() / params.aggrNanos());
        this.api = kernel.driverApi();
    }

    /** Whether the watermarks let it run now. */
    public boolean active() {
        return active;
    }

    /** DAMON's regions now. */
    public int regions() {
        return damon.regions();
    }

    /** Bytes it tried to page out, and pages it paged out, since the start. */
    public long triedBytes() {
        return triedBytes;
    }

    public long pagedOut() {
        return pagedOut;
    }

    /**
     * One sampling interval at {@code now}: the watermarks checked when due, and, while active, the
     * accesses since the last sample checked, new checks prepared, and at the end of an aggregation
     * interval the regions aggregated and the scheme applied. Returns the bytes the scheme charged
     * to its quota; the caller reports the time that page-out took with {@link #charged}.
     */
    public long sample(long now) {
        if (active || now >= nextWmarkCheck) {
            active = watermarksAllow();
            nextWmarkCheck = now + p.wmarksNanos();
        }
        if (!active) {
            checksPrepared = false;
            return 0;
        }
        long charged = 0;
        if (checksPrepared) {
            damon.checkAccesses();
            if (damon.aggregationDue()) {
                damon.aggregate();
                charged = applyScheme(now);
                damon.resetAndSplit();
            }
        }
        damon.prepareAccessChecks();
        checksPrepared = true;
        return charged;
    }

    /** The page-out of the last {@link #sample} that charged bytes took {@code nanos}: the quota's throughput. */
    public void charged(long nanos) {
        totalChargedNanos += nanos;
    }

    /** damos_wmark_wait_us: whether the scheme may run at this free-memory rate. */
    private boolean watermarksAllow() {
        long rate = kernel.freeFrames() * 1000 / kernel.frames();
        if (rate > p.high() || rate < p.low()) {
            return false;
        }
        return active || rate < p.mid();
    }

    /**
     * kdamond_apply_schemes for the one scheme. The quota's effective size is reset every reset
     * interval; {@code damos_adjust_quota} sets the lowest score (coldness) that fits it; eligible
     * regions at or above that score get the page-out in address order, starting where the last
     * quota window stopped ({@code damos_skip_charged_region}), a region larger than what is left
     * split to fit, until the quota is used.
     */
    private long applyScheme(long now) {
        if (now >= quotaResetAt) {
            totalChargedBytes += chargedBytes;
            chargedBytes = 0;
            quotaResetAt = now + p.resetNanos();
            long perMs = totalChargedNanos > 0 ? totalChargedBytes * 1_000_000 / totalChargedNanos
                    : DEFAULT_BYTES_PER_MS;
            effectiveBytes = Math.min(p.quotaBytes(), perMs * (p.quotaNanos() / 1_000_000));
        }
        long before = chargedBytes;
        if (chargedBytes >= effectiveBytes) {
            return 0;
        }
        int minScore = minScore();
        for (int r = 0; r < damon.regions() && chargedBytes < effectiveBytes; r++) {
            if (chargeFrom >= 0) {
                // damos_skip_charged_region: the window starts where the last one stopped
                if (r == damon.regions() - 1) {
                    chargeFrom = -1;
                    continue;
                }
                if (damon.end(r) <= chargeFrom) {
                    continue;
                }
                if (damon.start(r) < chargeFrom) {
                    damon.splitAt(r, chargeFrom - damon.start(r));
                    r++;
                }
                chargeFrom = -1;
            }
            if (!eligible(r) || score(r) < minScore) {
                continue;
            }
            long size = (damon.end(r) - damon.start(r)) * PAGE;
            if (chargedBytes + size > effectiveBytes) {
                int frames = (int) ((effectiveBytes - chargedBytes) / PAGE);
                if (frames == 0) {
                    break;
                }
                damon.splitAt(r, frames);
                size = frames * PAGE;
            }
            pagedOut += pageout(damon.start(r), damon.end(r));
            damon.resetAge(r);
            chargedBytes += size;
            triedBytes += size;
            if (chargedBytes >= effectiveBytes) {
                chargeFrom = damon.end(r);
            }
        }
        api.quiescentPoint();
        return chargedBytes - before;
    }

    /** The scheme's access pattern: not accessed, at least {@code min_age} old. */
    private boolean eligible(int r) {
        return damon.nrAccesses(r) == 0 && damon.age(r) >= minAgeAggregations;
    }

    /**
     * damon_cold_score with DAMON_RECLAIM's weights (age only): a not-accessed region's coldness
     * grows with the log of its age in seconds.
     */
    private int score(int r) {
        long seconds = damon.age(r) * p.aggrNanos() / 1_000_000_000L;
        return 64 - Long.numberOfLeadingZeros(seconds);
    }

    /**
     * damos_adjust_quota's minimum score: from the coldest down, the score at which the eligible
     * regions' sizes add up to the quota's effective size (or the lowest score there is).
     */
    private int minScore() {
        long[] bySize = new long[65];
        for (int r = 0; r < damon.regions(); r++) {
            if (eligible(r)) {
                bySize[score(r)] += (long) (damon.end(r) - damon.start(r)) * PAGE;
            }
        }
        long cumulated = 0;
        int score = 64;
        for (; score > 0; score--) {
            cumulated += bySize[score];
            if (cumulated >= effectiveBytes) {
                break;
            }
        }
        return score;
    }

    /** damon_pa_pageout over frames {@code from} to {@code to}; returns the pages freed. */
    private int pageout(int from, int to) {
        return api.reclaimPages(from, to);
    }
}
