package org.cmmalab.harness.sim;

import org.cmmalab.harness.scenario.CostModel;
import org.cmmalab.hostpager.device.ExpandedStorage;

/**
 * What the host's paging costs in time: DASD page-ins and page-outs queue on the paging device
 * ({@link DeviceQueue}); with z/VM expanded storage, which pages it holds is
 * {@link ExpandedStorage}'s rule, and this class prices the moves:
 * <ul>
 *   <li>a page-in from XSTOR costs {@code costs.xstorPageNs} of the faulting vCPU's time: a
 *       synchronous move between storages, no device; a page-in from DASD queues;</li>
 *   <li>a page-out into XSTOR costs the vCPU whose direct reclaim made it as much; background
 *       reclaim's moves cost nobody, as its DASD writes cost no vCPU;</li>
 *   <li>a migration from XSTOR to DASD is a DASD write that nobody waits for (CP migrates on its
 *       own), occupying the paging device like background reclaim's page-outs.</li>
 * </ul>
 * XSTOR is never full to a writer here: the migration that makes room is queued, not awaited.
 * Without XSTOR every page moves through the paging device, as before the tier existed.
 */
final class HostPaging {
    private final DeviceQueue device;
    private final CostModel costs;

    HostPaging(DeviceQueue device, CostModel costs) {
        this.device = device;
        this.costs = costs;
    }

    /** The paging device, which guests' disks may share ({@code storage.guestDisks: with-paging}). */
    DeviceQueue device() {
        return device;
    }

    /**
     * The wait, from {@code now}, of a vCPU whose direct reclaim wrote {@code outs} pages
     * ({@code xstorOuts} device writes of them into XSTOR, which pushed {@code migrated} on to DASD)
     * and whose faults read back {@code ins} ({@code xstorIns} of them from XSTOR).
     */
    long sync(long now, long ins, long outs, long xstorIns, long xstorOuts, long migrated) {
        if (xstorIns > ins) {
            throw new IllegalStateException(xstorIns + " reads from expanded storage during " + ins + " page-ins");
        }
        long t = now + xstorOuts * costs.xstorPage();
        device.async(t, migrated, costs.pageOut());
        t += device.sync(t, dasdOuts(outs, xstorOuts), costs.pageOut());
        t += xstorIns * costs.xstorPage();
        t += device.sync(t, ins - xstorIns, costs.pageIn());
        return t - now;
    }

    /**
     * Background reclaim's {@code outs} page-outs at {@code now}, of which {@code xstorOuts} went to
     * XSTOR, which pushed {@code migrated} on to DASD. The first {@code writeOutPages.length} groups
     * of them are the write-outs it left in flight, in the order it started them, of
     * {@code writeOutPages[i]} pages each (the rest, a shared frame's writes, completed at once);
     * returns when each of those is written: the time its last page leaves the paging device's
     * queue, or {@code now} where XSTOR took it (a move between storages, no device).
     */
    long[] background(long now, long outs, long xstorOuts, long migrated, int[] writeOutPages) {
        device.async(now, migrated, costs.pageOut());
        long dasd = dasdOuts(outs, xstorOuts);
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
     * Page-outs that went to DASD: those XSTOR did not take. A shared frame written for each of its
     * mappers counts one host page-out and one device write per mapper, so XSTOR may count more.
     */
    private static long dasdOuts(long outs, long xstorOuts) {
        return outs - Math.min(outs, xstorOuts);
    }
}
