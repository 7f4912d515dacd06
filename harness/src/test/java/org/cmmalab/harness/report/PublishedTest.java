package org.cmmalab.harness.report;

import org.cmmalab.harness.policy.registry.Policies;
import org.cmmalab.harness.scenario.ScenarioReader;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every published text is named for a shipped scenario and is in the jar. */
class PublishedTest {
    @Test
    void everyScenarioNamedHasItsTextAndIsShipped() {
        assertFalse(Published.index().isEmpty());
        for (String scenario : Published.index().stringPropertyNames()) {
            String text = Published.forScenario(scenario);
            assertNotNull(text, scenario);
            assertTrue(text.lines().findFirst().orElseThrow().endsWith("."), "the source first: " + scenario);
            ScenarioReader.read(scenario, (policy, owner, key, params) ->
                    Policies.create(policy, params, message -> owner.error(key, message)));
        }
    }

    @Test
    void aScenarioWithoutAPublicationHasNone() {
        assertNull(Published.forScenario("my-own-scenario"));
    }
}
