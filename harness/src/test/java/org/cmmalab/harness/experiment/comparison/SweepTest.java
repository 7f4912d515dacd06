package org.cmmalab.harness.experiment.comparison;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.cmmalab.harness.InputError;
import org.cmmalab.harness.policy.Policy;
import org.cmmalab.harness.policy.registry.Policies;
import org.cmmalab.harness.report.ComparisonJson;
import org.cmmalab.harness.report.SweepJson;
import org.cmmalab.harness.result.Metric;
import org.cmmalab.harness.result.SweepResult;
import org.cmmalab.harness.scenario.Scenario;
import org.cmmalab.harness.scenario.ScenarioFixtures;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A sweep runs every run of every scenario and seed on one pool, and its results are those of
 * running each comparison alone, one run after another: the JSON, bit for bit.
 */
class SweepTest {
    private static final List<Long> SEEDS = List.of(1L, 2L, 3L);

    /** Two small scenarios: the mixed machine at two ratios, and a fixed host with a finite job. */
    private static List<Sweep.Entry> entries() {
        Scenario mixed = ScenarioFixtures.parse(ScenarioFixtures.MIXED.replace("durationSeconds: 20", "durationSeconds: 3")
                .replace("overcommit: [2.5]", "overcommit: [1.5, 2.5]").replace("policies: [none]", "policies: [none, cmma]"));
        Scenario compile = ScenarioFixtures.parse(String.join("\n",
                "name: compile",
                "durationSeconds: 600",
                "policies: [none, tmem]",
                "host: {memoryMiB: 80}",
                "guests:",
                "  - name: compile",
                "    count: 2",
                "    memoryMiB: 32",
                "    maxMemoryMiB: 48",
                "    workload: kernel-compile",
                "    params: {builds: 1, jobs: 2, sources: 40, headers: 50, headersPerSource: 5, burstPages: 256}",
                ""));
        return List.of(entry(mixed), entry(compile));
    }

    private static Sweep.Entry entry(Scenario s) {
        List<Policy> policies = new ArrayList<>();
        for (String p : s.policies()) {
            policies.add(Policies.create(p, s.policyParams(), InputError::new));
        }
        return new Sweep.Entry(s, policies);
    }

    private static String json(SweepResult r) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        return mapper.writeValueAsString(SweepJson.toJson(r, mapper));
    }

    @Test
    void parallelSweepEqualsOneThreadSweepBitForBit() throws Exception {
        Sweep sweep = new Sweep(entries(), SEEDS);
        assertEquals(2 * 2 * 3 + 2 * 3, sweep.runs(), "2 ratios x 2 policies and 1 x 2, each at 3 seeds");
        String one = json(sweep.run(1, t -> { }));
        String four = json(sweep.run(4, t -> { }));
        assertEquals(one, four);
    }

    @Test
    void eachSeedsResultsAreThoseOfTheComparisonRunAlone() throws Exception {
        SweepResult r = new Sweep(entries(), SEEDS).run(3, t -> { });
        ObjectMapper mapper = new ObjectMapper();
        JsonNode sweep = SweepJson.toJson(r, mapper);
        for (int i = 0; i < entries().size(); i++) {
            Sweep.Entry e = entries().get(i);
            for (int k = 0; k < SEEDS.size(); k++) {
                Scenario s = e.scenario().withSeed(SEEDS.get(k));
                JsonNode alone = ComparisonJson.toJson(new ComparisonRunner(s, s.overcommit(), e.policies()).run(1, t -> { }),
                        mapper).get("results");
                assertEquals(alone, sweep.get("scenarios").get(i).get("bySeed").get(k).get("results"),
                        s.name() + " at seed " + SEEDS.get(k));
            }
        }
    }

    @Test
    void theMedianIsTheMiddleSeedsValue() {
        SweepResult r = new Sweep(entries(), SEEDS).run(2, t -> { });
        SweepResult.ScenarioSweep mixed = r.scenarios().get(0);
        for (int run = 0; run < mixed.median().size(); run++) {
            int at = run;
            double[] throughput = mixed.bySeed().stream().mapToDouble(c -> c.results().get(at).get(Metric.THROUGHPUT))
                    .sorted().toArray();
            assertEquals(throughput[1], mixed.median().get(run).get(Metric.THROUGHPUT));
        }
    }
}
