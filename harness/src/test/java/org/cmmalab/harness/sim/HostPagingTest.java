package org.cmmalab.harness.sim;

import org.cmmalab.harness.scenario.CostModel;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The paging hierarchy's prices: page-ins from each tier cost that tier's time (XSTOR's move, the host's
 * zswap's decompression); migrations and writebacks occupy DASD.
 */
class HostPagingTest {
    private static final CostModel COSTS = CostModel.defaults("ssd"); // DASD 100 us a page, XSTOR 10 us
    private static final long DASD = COSTS.pageIn();
    private static final long XSTOR = COSTS.xstorPage();

    private static HostPaging paging() {
        return new HostPaging(DeviceQueue.of(1), COSTS);
    }

    @Test
    void pageInsFromEachTierCostTheirTiersTime() {
        assertEquals(3 * XSTOR + 2 * DASD, paging().sync(0, 5, 0, 3, 0, 0), "three from XSTOR, two from DASD");
        assertEquals(5 * DASD, paging().sync(0, 5, 0, 0, 0, 0));
        assertEquals(5 * XSTOR, paging().sync(0, 5, 0, 5, 0, 0), "XSTOR moves wait for no device");
    }

    @Test
    void pageOutsIntoXstorCostTheMoveAndMigrationsQueueOnDasd() {
        HostPaging p = paging();
        assertEquals(4 * XSTOR, p.sync(0, 0, 4, 0, 4, 2), "four moves into XSTOR; two migrations nobody waits for");
        assertEquals(2 * COSTS.pageOut() + DASD, p.sync(4 * XSTOR, 1, 0, 0, 0, 0),
                "a DASD page-in behind the two migrations");
    }

    @Test
    void withoutXstorEveryPageMovesThroughTheDevice() {
        HostPaging p = paging();
        assertEquals(3 * COSTS.pageOut() + 2 * DASD, p.sync(0, 2, 3, 0, 0, 0));
        p.background(1_000_000, 4, 0, 0, new int[0]);
        assertEquals(4 * COSTS.pageOut() + DASD, p.sync(1_000_000, 1, 0, 0, 0, 0), "behind background page-outs");
        HostPaging q = paging();
        q.background(0, 4, 4, 0, new int[0]);
        assertEquals(DASD, q.sync(0, 1, 0, 0, 0, 0), "background page-outs into XSTOR leave DASD idle");
    }

    @Test
    void aBackgroundWriteOutLandsWhenItsLastPageLeavesTheQueue() {
        HostPaging p = paging();
        long out = COSTS.pageOut();
        long[] done = p.background(1_000, 4, 0, 1, new int[] {1, 2});
        assertEquals(1_000 + 2 * out, done[0], "behind the migration");
        assertEquals(1_000 + 4 * out, done[1], "its two pages behind the first write-out's");
        assertEquals(5 * out + DASD, p.sync(1_000, 1, 0, 0, 0, 0), "a page-in behind all five, the last a shared frame's write");
        long[] intoXstor = paging().background(1_000, 2, 2, 0, new int[] {2});
        assertEquals(1_000, intoXstor[0], "a write-out into XSTOR lands at once");
    }

    @Test
    void aCompressedTierCostsCompressionsAndDecompressionsNotDeviceTime() {
        HostPaging p = paging();
        p.priceCompressed(10_000, 6_000);
        assertEquals(2 * 6_000 + DASD, p.sync(0, 3, 0, 2, 0, 0), "two page-ins decompressed, one read from the device");
        HostPaging q = paging();
        q.priceCompressed(10_000, 6_000);
        assertEquals(4 * 10_000, q.sync(0, 0, 4, 0, 4, 1), "four compressions; the writeback is the shrink worker's");
        assertEquals(COSTS.pageOut() + DASD, q.sync(4 * 10_000, 1, 0, 0, 0, 0), "a device page-in behind the writeback");
        assertEquals(3 * 10_000 + 2 * 6_000, q.hostNanos(3, 2),
                "background compressions and writebacks' decompressions are host CPU");
        assertEquals(0, paging().hostNanos(3, 2), "XSTOR's moves cost no CPU");
    }

    @Test
    void moreXstorReadsThanPageInsIsAModelBug() {
        assertThrows(IllegalStateException.class, () -> paging().sync(0, 1, 0, 2, 0, 0));
    }
}
