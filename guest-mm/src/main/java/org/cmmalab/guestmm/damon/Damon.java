package org.cmmalab.guestmm.damon;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.cmmalab.guestmm.DriverApi;
import org.cmmalab.guestmm.GuestKernel;

/**
 * DAMON's region-based access monitoring of a guest's physical memory: Linux
 * {@code mm/damon/core.c} ({@code kdamond_fn}, {@code kdamond_merge_regions},
 * {@code kdamond_split_regions}, {@code kdamond_reset_aggregated}) with the physical-address
 * operations of {@code mm/damon/paddr.c} ({@code damon_pa_prepare_access_checks},
 * {@code damon_pa_check_accesses}), Linux 6.7.
 *
 * <p>The monitored range, split into regions of contiguous frames. Every sampling interval, for
 * each region, the page at a random frame of it is checked: accessed since the last sample or not
 * ({@link #checkAccesses}), and made old for the next ({@link #prepareAccessChecks}); a region's
 * {@code nr_accesses} counts the samples that found its page accessed. Every aggregation interval
 * ({@link #aggregate}): each region's age grows by one, or restarts at 0 when its access count
 * moved by more than the merge threshold; adjacent regions whose counts differ by at most the
 * threshold (a tenth of the largest count, at least 1) merge if their size stays within the
 * total over {@code min_nr_regions}; then, after the caller applied its schemes, counts reset
 * and, while there are at most half of {@code max_nr_regions}, each region splits in two (three,
 * if the last split changed nothing and there are at most a third) at random points, 10% to 90%
 * in. Only pages on an LRU list count (damon_get_folio): a free or kernel page is never accessed.
 *
 * <p>How the model checks an access ({@link DriverApi#mkold}, {@link DriverApi#young}): a per-page
 * idle flag that {@code mkold} sets and every access clears, through a system call (as
 * {@code folio_mark_accessed} clears PG_idle) or a page table (where Linux reads and clears the
 * PTE's young bit, and sets PG_young so that reclaim still sees the access; here reclaim's young
 * bit is left alone). The
 * samples are the kernel's, on the virtual clock, with the harness's {@link SplittableRandom}
 * for the random choices, so a run is deterministic; accesses between a guest's steps are as
 * fine-grained as its steps. Not modelled: {@code ops_update_interval} (the monitored range is the
 * guest's memory for the whole run) and DAMON's adaptive intervals tuning.
 */
public final class Damon {
    /** {@code DAMON_MIN_REGION}: a page. */
    private static final int MIN_REGION = 1;

    private final DriverApi api;
    private final SplittableRandom random;
    private final int minRegions;
    private final int maxRegions;
    private final int samplesPerAggregation;
    private final long totalFrames;
    /** Regions in address order: [start, end) frames, sampled frame, counts, age. */
    private int[] start;
    private int[] end;
    private int[] sampled;
    private int[] nrAccesses;
    private int[] lastNrAccesses;
    private int[] age;
    private int count;
    private int lastCount;
    private int samples;
    private int maxNrAccesses;

    /**
     * Monitoring of frames {@code from} to {@code to} (exclusive) of {@code kernel}, aggregating
     * every {@code samplesPerAggregation} samples, with {@code minRegions} to {@code maxRegions}
     * regions ({@code min_nr_regions}, {@code max_nr_regions}). It starts with {@code minRegions}
     * regions of equal size, as {@code damon_set_regions} leaves a range that the adaptive
     * splitting then refines.
     */
    public Damon(GuestKernel kernel, int from, int to, int samplesPerAggregation, int minRegions, int maxRegions,
                 SplittableRandom random) {
        if (from < 0 || to > kernel.frames() || to - from < minRegions) {
            throw new IllegalArgumentException("DAMON monitors frames " + from + " to " + to + " of a guest of "
                    + kernel.frames() + " with at least " + minRegions + " regions");
        }
        if (minRegions < 3 || maxRegions < minRegions || samplesPerAggregation < 1) {
            throw new IllegalArgumentException("DAMON needs 3 <= min_nr_regions <= max_nr_regions and at least one"
                    + " sample per aggregation, had " + minRegions + ", " + maxRegions + ", " + samplesPerAggregation);
        }
        this.api = kernel.driverApi();
        this.random = random;
        this.minRegions = minRegions;
        this.maxRegions = maxRegions;
        this.samplesPerAggregation = samplesPerAggregation;
        this.totalFrames = to - from;
        int cap = maxRegions * 3 + 3;
        start = new int[cap];
        end = new int[cap];
        sampled = new int[cap];
        nrAccesses = new int[cap];
        lastNrAccesses = new int[cap];
        age = new int[cap];
        long size = totalFrames / minRegions;
        for (int i = 0; i < minRegions; i++) {
            start[i] = (int) (from + i * size);
            end[i] = i == minRegions - 1 ? to : (int) (from + (i + 1) * size);
            sampled[i] = -1;
        }
        count = minRegions;
    }

    /** Regions now. */
    public int regions() {
        return count;
    }

    int start(int region) {
        return start[region];
    }

    int end(int region) {
        return end[region];
    }

    int nrAccesses(int region) {
        return nrAccesses[region];
    }

    /** A region's age, in aggregation intervals. */
    int age(int region) {
        return age[region];
    }

    void resetAge(int region) {
        age[region] = 0;
    }

    /** Whether the samples since the last aggregation make a full aggregation interval. */
    public boolean aggregationDue() {
        return samples >= samplesPerAggregation;
    }

    /** damon_pa_prepare_access_checks: a random page of each region is made old. */
    public void prepareAccessChecks() {
        for (int r = 0; r < count; r++) {
            int f = start[r] + random.nextInt(end[r] - start[r]);
            sampled[r] = f;
            api.mkold(f);
        }
    }

    /** damon_pa_check_accesses: each region's sampled page, accessed since it was made old or not. */
    public void checkAccesses() {
        int max = 0;
        for (int r = 0; r < count; r++) {
            int f = sampled[r];
            if (f >= 0 && api.young(f)) {
                nrAccesses[r]++;
            }
            max = Math.max(max, nrAccesses[r]);
        }
        maxNrAccesses = max;
        samples++;
    }

    /** kdamond_merge_regions: ages move on, similar neighbours merge. Call when {@link #aggregationDue}. */
    public void aggregate() {
        int threshold = Math.max(1, maxNrAccesses / 10);
        long sizeLimit = Math.max(MIN_REGION, totalFrames / minRegions);
        int out = -1;
        for (int r = 0; r < count; r++) {
            age[r] = Math.abs(nrAccesses[r] - lastNrAccesses[r]) > threshold ? 0 : age[r] + 1;
            if (out >= 0 && end[out] == start[r] && Math.abs(nrAccesses[out] - nrAccesses[r]) <= threshold
                    && (long) end[r] - start[out] <= sizeLimit) {
                mergeInto(out, r);
            } else {
                out++;
                copy(r, out);
            }
        }
        count = out + 1;
    }

    /** kdamond_reset_aggregated and kdamond_split_regions: counts start again, regions split. */
    public void resetAndSplit() {
        for (int r = 0; r < count; r++) {
            lastNrAccesses[r] = nrAccesses[r];
            nrAccesses[r] = 0;
        }
        samples = 0;
        if (count > maxRegions / 2) {
            lastCount = count;
            return;
        }
        int parts = lastCount == count && count < maxRegions / 3 ? 3 : 2;
        lastCount = count;
        int n = count;
        // split from the last region down, so that each region's pieces stay in address order
        int total = n;
        for (int r = 0; r < n; r++) {
            total += parts - 1;
        }
        ensureCapacity(total);
        int write = total - 1;
        for (int r = n - 1; r >= 0; r--) {
            int s = start[r];
            int e = end[r];
            int[] cuts = new int[parts - 1];
            int pieces = 0;
            int rest = s;
            for (int i = 0; i < parts - 1; i++) {
                int size = e - rest;
                if (size <= MIN_REGION) {
                    break;
                }
                int sub = (int) ((long) (1 + random.nextInt(9)) * size / 10);
                if (sub == 0 || sub >= size) {
                    continue;
                }
                cuts[pieces++] = rest + sub;
                rest += sub;
            }
            int hi = e;
            for (int i = pieces - 1; i >= -1; i--) {
                int lo = i >= 0 ? cuts[i] : s;
                start[write] = lo;
                end[write] = hi;
                nrAccesses[write] = nrAccesses[r];
                lastNrAccesses[write] = lastNrAccesses[r];
                age[write] = age[r];
                sampled[write] = -1;
                write--;
                hi = lo;
            }
        }
        // the pieces were written to the top of the arrays; close the gap at the bottom
        int first = write + 1;
        int newCount = total - first;
        if (first > 0) {
            System.arraycopy(start, first, start, 0, newCount);
            System.arraycopy(end, first, end, 0, newCount);
            System.arraycopy(nrAccesses, first, nrAccesses, 0, newCount);
            System.arraycopy(lastNrAccesses, first, lastNrAccesses, 0, newCount);
            System.arraycopy(age, first, age, 0, newCount);
            System.arraycopy(sampled, first, sampled, 0, newCount);
        }
        count = newCount;
    }

    /**
     * Splits region {@code region} after its first {@code frames} frames (damon_split_region_at):
     * the two parts keep its counts and age. Returns the index of the second part.
     */
    int splitAt(int region, int frames) {
        ensureCapacity(count + 1);
        int n = count - region - 1;
        System.arraycopy(start, region + 1, start, region + 2, n);
        System.arraycopy(end, region + 1, end, region + 2, n);
        System.arraycopy(nrAccesses, region + 1, nrAccesses, region + 2, n);
        System.arraycopy(lastNrAccesses, region + 1, lastNrAccesses, region + 2, n);
        System.arraycopy(age, region + 1, age, region + 2, n);
        System.arraycopy(sampled, region + 1, sampled, region + 2, n);
        int cut = start[region] + frames;
        start[region + 1] = cut;
        end[region + 1] = end[region];
        end[region] = cut;
        nrAccesses[region + 1] = nrAccesses[region];
        lastNrAccesses[region + 1] = lastNrAccesses[region];
        age[region + 1] = age[region];
        sampled[region + 1] = -1;
        count++;
        return region + 1;
    }

    /** damon_merge_two_regions: {@code r} joins {@code into}; counts and age are size-weighted. */
    private void mergeInto(int into, int r) {
        long a = end[into] - start[into];
        long b = end[r] - start[r];
        nrAccesses[into] = (int) ((nrAccesses[into] * a + nrAccesses[r] * b) / (a + b));
        age[into] = (int) ((age[into] * a + age[r] * b) / (a + b));
        end[into] = end[r];
    }

    private void copy(int from, int to) {
        if (from != to) {
            start[to] = start[from];
            end[to] = end[from];
            sampled[to] = sampled[from];
            nrAccesses[to] = nrAccesses[from];
            lastNrAccesses[to] = lastNrAccesses[from];
            age[to] = age[from];
        }
    }

    private void ensureCapacity(int n) {
        if (n > start.length) {
            int cap = Math.max(n, start.length * 2);
            start = Arrays.copyOf(start, cap);
            end = Arrays.copyOf(end, cap);
            sampled = Arrays.copyOf(sampled, cap);
            nrAccesses = Arrays.copyOf(nrAccesses, cap);
            lastNrAccesses = Arrays.copyOf(lastNrAccesses, cap);
            age = Arrays.copyOf(age, cap);
        }
    }
}
