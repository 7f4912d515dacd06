package org.cmmalab.harness.extending;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cmmalab.guestmm.balloon.Balloon;
import org.cmmalab.harness.InputError;
import org.cmmalab.harness.Registration;
import org.cmmalab.harness.policy.GuestHandle;
import org.cmmalab.harness.policy.Policy;
import org.cmmalab.harness.policy.RunContext;
import org.cmmalab.harness.policy.registry.Policies;
import org.cmmalab.harness.result.Comparison;
import org.cmmalab.harness.result.Metric;
import org.cmmalab.harness.result.RunResult;
import org.cmmalab.harness.scenario.ScenarioFixtures;
import org.cmmalab.harness.yaml.YamlMapping;
import org.junit.jupiter.api.Test;

/**
 * docs/extending.md, "A policy": one class against {@link Policy}, one registration, and a
 * scenario can name it, give it parameters and compare it with the others.
 */
class PolicyExtensionTest {
    /** At {@code atSeconds} (2), takes {@code share} (0.1) of every guest's memory into its balloon, once. */
    static final class OneShotBalloon implements Policy {
        private final double share;
        private final long atNanos;

        private OneShotBalloon(double share, long atNanos) {
            this.share = share;
            this.atNanos = atNanos;
        }

        static OneShotBalloon parse(YamlMapping p) {
            OneShotBalloon b = new OneShotBalloon(p.number("share", 0.1, 0, 1),
                    Math.round(p.number("atSeconds", 2, 0, 1e6) * 1e9));
            p.done();
            return b;
        }

        @Override
        public String name() {
            return "one-shot-balloon";
        }

        @Override
        public void start(RunContext run) {
            run.at(atNanos, now -> {
                for (GuestHandle guest : run.guests()) {
                    Balloon balloon = guest.balloon(256, true);
                    int[] moved = {0};
                    guest.driverWork(now, 0, () -> moved[0] = balloon.inflate((int) Math.round(share * guest.frames())));
                    long nanos = moved[0] * run.costs().balloonPage();
                    guest.delay(nanos);
                    guest.chargeBalloon(moved[0], nanos);
                }
            });
        }
    }

    @Test
    void aRegisteredPolicyIsComparedWithTheOthers() {
        Registration r = Policies.register("one-shot-balloon", OneShotBalloon::parse);
        try {
            Comparison c = ToyScenario.compare(ToyScenario.text("none, one-shot-balloon", "idle", "",
                    "policyParams:\n  one-shot-balloon: {share: 0.05}"));
            RunResult none = c.results().get(0);
            RunResult toy = c.results().get(1);
            assertEquals("one-shot-balloon", toy.policy());
            assertEquals(0, none.get(Metric.BALLOON_PAGES));
            assertEquals(2 * Math.round(0.05 * 32 * 256), toy.get(Metric.BALLOON_PAGES), "5% of each of two idle guests");
            assertTrue(toy.get(Metric.BALLOON_CPU_MS) > 0, "the balloon's pages were charged");
            assertEquals(0, toy.get(Metric.LOST_PAGES) + toy.get(Metric.LEAKS));
        } finally {
            r.close();
        }
    }

    @Test
    void theRegistryNamesItInErrorsWhileItIsRegisteredAndOnlyThen() {
        Registration r = Policies.register("one-shot-balloon", OneShotBalloon::parse);
        try {
            assertTrue(Policies.names().contains("one-shot-balloon"));
            InputError e = assertThrows(InputError.class, () -> ScenarioFixtures.parse(ToyScenario.text("nonesuch", "idle", "", "")));
            assertTrue(e.getMessage().contains("known policies: " + String.join(", ", Policies.names())), e.getMessage());
            InputError bad = assertThrows(InputError.class, () -> ScenarioFixtures.parse(ToyScenario.text("one-shot-balloon",
                    "idle", "", "policyParams:\n  one-shot-balloon: {shar: 0.05}")));
            assertTrue(bad.getMessage().contains("unknown key 'shar'"), bad.getMessage());
        } finally {
            r.close();
        }
        assertFalse(Policies.names().contains("one-shot-balloon"));
    }
}
