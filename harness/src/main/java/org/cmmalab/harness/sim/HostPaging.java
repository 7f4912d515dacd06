package org.cmmalab.harness.sim;

import org.cmmalab.harness.result.Metric;
import org.cmmalab.harness.scenario.CostModel;
import org.cmmalab.hostpager.device.MemoryTier;

/**
 * What the host's paging costs in time: DASD page-ins and page-outs queue on the paging device
 * ({@link DeviceQueue}); with a memory tier in front of it, which pages it holds is the tier's rule
 * ({@link MemoryTier}), and this class prices the moves. The tier is z/VM expanded storage
 * ({@code host.xstorMiB}) unless a policy attaches a compressed one (the host's zswap,
 * {@link #priceCompressed}):
 * <ul>
 *   <li>a page-in from the tier costs the faulting vCPU {@code tierInNanos} (XSTOR:
 *       {@code costs.xstorPageNs}, a synchronous move between storages; zswap: a decompression), no
 *       device; a page-in from DASD queues;</li>
 *   <li>a page-out into the tier costs the vCPU whose direct reclaim made it {@code tierOutNanos}
 *       (XSTOR: as much again; zswap: a compression); background reclaim's moves into XSTOR cost
 *       nobody, as its DASD writes cost no vCPU, while its compressions into zswap cost host CPU
 *       ({@link #hostNanos});</li>
 *   <li>a move from the tier to DASD (XSTOR's migration, zswap's writeback) is a DASD write that
 *       nobody waits for (CP migrates on its own; zswap's shrink worker is a kernel thread),
 *       occupying the paging device like background reclaim's page-outs; a zswap writeback also
 *       costs host CPU its decompression.</li>
 * </ul>
 * The tier is never full to a writer here: the moves that make room are queued, not awaited.
 * Without a tier every page moves through the paging device.
 */
final class HostPaging {
    private final DeviceQueue device;
    private final CostModel costs;
    private long tierInNanos;
    private long tierOutNanos;
    private boolean compressed;

    HostPaging(DeviceQueue device, CostModel costs) {
        this.device = device;
        this.costs = costs;
        this.tierInNanos = costs.xstorPage();
        this.tierOutNanos = costs.xstorPage();
    }

    /** The tier is a compressed pool in host memory (zswap) from now on, its moves priced at these. */
    void priceCompressed(long compressNanos, long decompressNanos) {
        compressed = true;
        tierInNanos = decompressNanos;
        tierOutNanos = compressNanos;
    }

    /** The paging device, which guests' disks may share ({@code storage.guestDisks: with-paging}). */
    DeviceQueue device() {
        return device;
    }

    /**
     * The wait, from {@code now}, of a vCPU whose direct reclaim wrote {@code outs} pages
     * ({@code tierOuts} device writes of them into the tier, which pushed {@code migrated} on to
     * DASD) and whose faults read back {@code ins} ({@code tierIns} of them from the tier).
     */
    long sync(long now, long ins, long outs, long tierIns, long tierOuts, long migrated) {
        if (tierIns > ins) {
            throw new IllegalStateException(tierIns + " reads from the memory tier during " + ins + " page-ins");
        }
        long t = now + tierOuts * tierOutNanos;
        device.async(t, migrated, costs.pageOut());
        t += device.sync(t, dasdOuts(outs, tierOuts), costs.pageOut());
        t += tierIns * tierInNanos;
        t += device.sync(t, ins - tierIns, costs.pageIn());
        return t - now;
    }

    /**
     * Background reclaim's {@code outs} page-outs at {@code now}, of which {@code tierOuts} went to
     * the tier, which pushed {@code migrated} on to DASD. The first {@code writeOutPages.length}
     * groups of them are the write-outs it left in flight, in the order it started them, of
     * {@code writeOutPages[i]} pages each (the rest, a shared frame's writes, completed at once);
     * returns when each of those is written: the time its last page leaves the paging device's
     * queue, or {@code now} where the tier took it (no device).
     */
    long[] background(long now, long outs, long tierOuts, long migrated, int[] writeOutPages) {
        device.async(now, migrated, costs.pageOut());
        long dasd = dasdOuts(outs, tierOuts);
        long[] done = new long[writeOutPages.length];
        for (int i = 0; i < writeOutPages.length; i++) {
            long pages = Math.min(writeOutPages[i], dasd);
            done[i] = device.async(now, pages, costs.pageOut());
            dasd -= pages;
        }
        device.async(now, dasd, costs.pageOut());
        return done;
    }

    /**
     * Host CPU that {@code backgroundOuts} page-outs of background reclaim into the tier and
     * {@code migrated} moves on to DASD cost: a compressed tier's compressions and writebacks'
     * decompressions; nothing for XSTOR.
     */
    long hostNanos(long backgroundOuts, long migrated) {
        return compressed ? backgroundOuts * tierOutNanos + migrated * tierInNanos : 0;
    }

    /** The tier's counts since the start under its own metrics: the host's zswap's, or expanded storage's. */
    void tally(MetricTally t, MemoryTier tier) {
        t.set(compressed ? Metric.HOST_ZSWAP_PAGE_INS : Metric.XSTOR_PAGE_INS, tier.reads());
        t.set(compressed ? Metric.HOST_ZSWAP_PAGE_OUTS : Metric.XSTOR_PAGE_OUTS, tier.writes());
        t.set(compressed ? Metric.HOST_ZSWAP_WRITEBACKS : Metric.XSTOR_MIGRATIONS, tier.migrated());
    }

    /**
     * Page-outs that went to DASD: those the tier did not take. A shared frame written for each of
     * its mappers counts one host page-out and one device write per mapper, so the tier may count
     * more.
     */
    private static long dasdOuts(long outs, long tierOuts) {
        return outs - Math.min(outs, tierOuts);
    }
}
