package org.cmmalab.harness.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.cmmalab.harness.policy.registry.Policies;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The memory-return table ({@link MemoryReturn}) for every registered policy, printed, and what
 * each mechanism promises, checked: free page reporting within its 2 s delay and a pass, PPR
 * within one 10 s period, virtio-mem's region within its controller's second but never its boot
 * memory, CMMA and no cooperation never without host pressure, nor DAMON_RECLAIM (free memory is
 * not cold memory) nor compressed swap; CMMA under pressure by discarding where no cooperation
 * writes out.
 */
class MemoryReturnTest {
    private static final double HORIZON = 120;
    private static final int EARLY = 5;
    private static final int LATE = 15;

    @Test
    void everyPolicyGivesFreedMemoryBackAsItsMechanismSays() throws Exception {
        List<String> names = Policies.names();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors())));
        List<Future<MemoryReturn.Result>> calm = new ArrayList<>();
        List<Future<MemoryReturn.Result>> early = new ArrayList<>();
        List<Future<MemoryReturn.Result>> late = new ArrayList<>();
        try {
            for (String name : names) {
                calm.add(pool.submit(() -> MemoryReturn.measure(name, MemoryReturn.NO_PRESSURE, HORIZON)));
                early.add(pool.submit(() -> MemoryReturn.measure(name, EARLY, HORIZON)));
                late.add(pool.submit(() -> MemoryReturn.measure(name, LATE, HORIZON)));
            }
            StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                    "| policy | no host pressure: 50%% back | 90%% back | pressure %d s after the free: 90%% back | host page-outs"
                    + " | host discards | pressure %d s after: 90%% back | host page-outs | host discards |%n", EARLY, LATE));
            table.append("|---|---|---|---|---|---|---|---|---|\n");
            for (int i = 0; i < names.size(); i++) {
                MemoryReturn.Result c = calm.get(i).get();
                MemoryReturn.Result e = early.get(i).get();
                MemoryReturn.Result l = late.get(i).get();
                table.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %d | %d | %s | %d | %d |%n", names.get(i),
                        MemoryReturn.seconds(c.halfSeconds()), MemoryReturn.seconds(c.ninetySeconds()),
                        MemoryReturn.seconds(e.ninetySeconds()), e.pageOuts(), e.discards(),
                        MemoryReturn.seconds(l.ninetySeconds()), l.pageOuts(), l.discards()));
                for (MemoryReturn.Result r : List.of(c, e, l)) {
                    assertEquals(0, r.lostPages(), r.toString());
                    assertEquals(0, r.leaks(), r.toString());
                }
            }
            System.out.print(table);

            MemoryReturn.Result fpr = calm.get(names.indexOf("free-page-reporting")).get();
            assertTrue(fpr.ninetySeconds() >= 2 && fpr.ninetySeconds() <= 4.1,
                    "free page reporting: after the 2 s delay, within two passes: " + fpr);
            MemoryReturn.Result ppr = calm.get(names.indexOf("ppr")).get();
            assertTrue(ppr.ninetySeconds() > 0 && ppr.ninetySeconds() <= 10, "ppr: within one period: " + ppr);
            MemoryReturn.Result virtioMem = calm.get(names.indexOf("virtio-mem")).get();
            assertTrue(virtioMem.halfSeconds() >= 0 && virtioMem.halfSeconds() <= 1,
                    "virtio-mem: its region, within its controller's second: " + virtioMem);
            assertTrue(virtioMem.ninetySeconds() < 0, "but not its boot memory, half of this guest: " + virtioMem);
            for (String never : List.of("none", "cmma", "free-page-hint", "ksm", "balloon-vmrm", "balloon-mom",
                    "damon-reclaim", "zram", "zswap")) {
                MemoryReturn.Result r = calm.get(names.indexOf(never)).get();
                assertTrue(r.halfSeconds() < 0, never + " gives nothing back while the host has room: " + r);
            }
            MemoryReturn.Result none = early.get(names.indexOf("none")).get();
            MemoryReturn.Result cmma = early.get(names.indexOf("cmma")).get();
            assertTrue(cmma.ninetySeconds() >= EARLY, "cmma: when the host reclaims: " + cmma);
            assertTrue(none.pageOuts() > MemoryReturn.FREED_PAGES * 8L / 10, "none writes the freed pages out: " + none);
            assertTrue(cmma.discards() > MemoryReturn.FREED_PAGES * 8L / 10, "cmma discards them: " + cmma);
            assertTrue(cmma.pageOuts() < none.pageOuts() / 10, "and writes almost nothing: " + cmma);
            MemoryReturn.Result pprLate = late.get(names.indexOf("ppr")).get();
            assertTrue(pprLate.pageOuts() < none.pageOuts() / 10, "ppr recycled before the pressure came: " + pprLate);
        } finally {
            pool.shutdownNow();
        }
    }
}
