package org.cmmalab.harness.extending;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cmmalab.guestmm.list.AgeList;
import org.cmmalab.harness.InputError;
import org.cmmalab.harness.result.Comparison;
import org.cmmalab.harness.result.Metric;
import org.cmmalab.harness.scenario.ReplacementNames;
import org.cmmalab.harness.scenario.ScenarioFixtures;
import org.cmmalab.hostpager.replacement.ReplacementPolicies;
import org.cmmalab.hostpager.replacement.ReplacementPolicy;
import org.junit.jupiter.api.Test;

/**
 * docs/extending.md, "A host replacement policy": the harness takes the names from host-pager's
 * registry ({@link ReplacementPolicies}), so a policy registered there is a scenario's
 * {@code host.replacement} (unless it needs the run's future references) and a replay's
 * {@code --policy}, with no change in the harness.
 */
class ReplacementPolicyExtensionTest {
    /**
     * A toy policy, FIFO (the oldest resident unit goes first, whatever its use), registered from
     * here through the public registry and run as a scenario's host: it pages, keeps the invariants
     * and, since it ignores every access, pages in more than LRU on the same run.
     */
    @Test
    void aPolicyRegisteredFromOutsideRunsAsAScenariosHost() throws Exception {
        String busy = "host: {replacement: %s}";
        try (AutoCloseable fifo = ReplacementPolicies.register("fifo", config -> new Fifo(config.capacity()))) {
            assertTrue(ReplacementNames.withoutFuture().contains("fifo"));
            Comparison byFifo = ToyScenario.compare(ToyScenario.text("none", "web-farm", "", String.format(busy, "fifo")));
            Comparison byLru = ToyScenario.compare(ToyScenario.text("none", "web-farm", "", String.format(busy, "lru")));
            assertEquals(0, byFifo.results().get(0).get(Metric.LOST_PAGES));
            assertEquals(0, byFifo.results().get(0).get(Metric.LEAKS));
            double fifoIns = byFifo.results().get(0).get(Metric.HOST_PAGE_INS);
            double lruIns = byLru.results().get(0).get(Metric.HOST_PAGE_INS);
            assertTrue(fifoIns > 0 && fifoIns != lruIns, "fifo " + fifoIns + " host page-ins, lru " + lruIns);
        }
        assertFalse(ReplacementPolicies.names().contains("fifo"), "closing the registration takes it out");
    }

    /** First in, first out: the resident slots on an {@link AgeList} by arrival, which an access leaves where it is. */
    static final class Fifo implements ReplacementPolicy {
        private final AgeList resident;

        Fifo(int capacity) {
            resident = new AgeList(capacity);
        }

        @Override
        public void onResident(int slot, long key) {
            resident.addNewest(slot);
        }

        @Override
        public void onAccess(int slot, long key) {
        }

        @Override
        public void onRemove(int slot) {
            resident.remove(slot);
        }

        @Override
        public int victim() {
            return resident.oldest();
        }

        @Override
        public void onSkip(int slot) {
            resident.moveToNewest(slot);
        }
    }

    @Test
    void everyRegisteredPolicyWithoutTheFutureRunsAsAScenariosHost() {
        assertFalse(ReplacementNames.withoutFuture().isEmpty());
        for (String name : ReplacementNames.withoutFuture()) {
            Comparison c = ToyScenario.compare(ToyScenario.text("none", "idle", "", "host: {replacement: " + name + "}"));
            assertEquals(0, c.results().get(0).get(Metric.LOST_PAGES), name);
        }
    }

    @Test
    void theScenarioErrorListsTheRegistrysNames() {
        assertEquals(ReplacementPolicies.names().size(), ReplacementNames.all().size());
        InputError e = assertThrows(InputError.class,
                () -> ScenarioFixtures.parse(ToyScenario.text("none", "idle", "", "host: {replacement: nonesuch}")));
        assertTrue(e.getMessage().contains("must be one of " + String.join(", ", ReplacementNames.withoutFuture())),
                e.getMessage());
        for (String name : ReplacementNames.all()) {
            if (!ReplacementNames.withoutFuture().contains(name)) {
                assertTrue(ReplacementNames.needsFuture(name), name);
            }
        }
    }
}
