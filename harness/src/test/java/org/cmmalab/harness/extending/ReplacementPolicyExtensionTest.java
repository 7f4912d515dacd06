package org.cmmalab.harness.extending;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cmmalab.harness.InputError;
import org.cmmalab.harness.result.Comparison;
import org.cmmalab.harness.result.Metric;
import org.cmmalab.harness.scenario.ReplacementNames;
import org.cmmalab.harness.scenario.ScenarioFixtures;
import org.cmmalab.hostpager.replacement.ReplacementPolicies;
import org.junit.jupiter.api.Test;

/**
 * docs/extending.md, "A host replacement policy": the harness takes the names from host-pager's
 * registry ({@link ReplacementPolicies}), so a policy registered there is a scenario's
 * {@code host.replacement} (unless it needs the run's future references) and a replay's
 * {@code --policy}, with no change in the harness.
 */
class ReplacementPolicyExtensionTest {
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
