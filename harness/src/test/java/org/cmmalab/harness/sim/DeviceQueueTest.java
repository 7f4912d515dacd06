package org.cmmalab.harness.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The one queue rule: pages are served in the order they are issued, each on a channel free at
 * its arrival (the one busy last) or else the one free first, from its arrival or that channel's
 * end, whichever is later; waits add up; an unlimited device never makes anyone wait.
 */
class DeviceQueueTest {
    private static final int EXAMPLES = Integer.getInteger("cmma.examples", 200);

    @Test
    void oneChannelServesInIssueOrderAndWaitsAddUp() {
        DeviceQueue d = DeviceQueue.of(1);
        assertEquals(300, d.sync(0, 3, 100), "three pages back to back on an idle channel");
        assertEquals(100 + 100, d.sync(200, 1, 100), "issued at 200, it waits for the third page to end at 300");
        d.async(1_000, 5, 100);
        assertEquals(500 + 100, d.sync(1_000, 1, 100), "behind five page-outs nobody waits for");
        assertEquals(100, d.sync(10_000, 1, 100), "an idle device again");
    }

    @Test
    void channelsServeThatManyPagesAtOnce() {
        DeviceQueue d = DeviceQueue.of(3);
        d.async(0, 3, 1_000);
        assertEquals(1_000 + 10, d.sync(0, 1, 10), "all three channels busy until 1,000");
        DeviceQueue e = DeviceQueue.of(3);
        assertEquals(10, e.sync(0, 1, 10));
        assertEquals(10, e.sync(0, 1, 10), "a second issuer at the same time takes another channel");
        assertEquals(10, e.sync(0, 1, 10));
        assertEquals(20, e.sync(0, 1, 10), "the fourth waits for the first channel to come free");
    }

    @Test
    void anUnlimitedDeviceChargesServiceOnly() {
        DeviceQueue d = DeviceQueue.unlimited();
        d.async(0, 1_000, 100);
        assertEquals(700, d.sync(0, 7, 100));
        assertEquals(700, d.sync(0, 7, 100));
        assertThrows(IllegalArgumentException.class, () -> DeviceQueue.of(0));
    }

    @Test
    void backToBackPagesStayOnOneChannel() {
        DeviceQueue d = DeviceQueue.of(2);
        assertEquals(400, d.sync(0, 4, 100), "one issuer's four pages, one after another");
        assertEquals(100, d.sync(0, 1, 100), "the other channel stayed free for a second issuer");
        assertEquals(100 + 100, d.sync(0, 1, 100), "a third waits for the channel that comes free first");
    }

    /**
     * For any issue sequence (a time, a page count, a service time, waited for or not), every
     * waiter's wait is what a reference queue gives: {@code c} channels as a sorted multiset of
     * the times they come free, pages in issue order.
     */
    @Test
    void agreesWithAReferenceQueue() {
        qt().withExamples(EXAMPLES).forAll(integers().between(1, 4),
                        lists().of(integers().between(0, 1 << 20)).ofSizeBetween(0, 60))
                .checkAssert((channels, issues) -> {
                    DeviceQueue d = DeviceQueue.of(channels);
                    TreeMap<Long, Integer> free = new TreeMap<>(Map.of(0L, channels));
                    long now = 0;
                    for (int issue : issues) {
                        now += issue & 0x3ff; // issues come in time order, as events do
                        long pages = (issue >>> 10 & 7) + 1;
                        long nanos = (issue >>> 13 & 63) + 1;
                        boolean waits = (issue >>> 19 & 1) == 1;
                        long t = now;
                        for (long p = 0; p < pages; p++) {
                            long arrival = waits ? t : now;
                            Long idle = free.floorKey(arrival);
                            long channel = idle != null ? idle : free.firstKey();
                            free.merge(channel, -1, Integer::sum);
                            free.remove(channel, 0);
                            long end = Math.max(arrival, channel) + nanos;
                            free.merge(end, 1, Integer::sum);
                            t = end;
                        }
                        if (waits) {
                            assertEquals(t - now, d.sync(now, pages, nanos), channels + " channels, " + issues);
                        } else {
                            d.async(now, pages, nanos);
                        }
                    }
                });
    }
}
