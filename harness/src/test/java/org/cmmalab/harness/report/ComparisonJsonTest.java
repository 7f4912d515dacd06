package org.cmmalab.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cmmalab.harness.result.Metric;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComparisonJsonTest {
    private final ObjectMapper mapper = new ObjectMapper();
    private final ObjectNode json = ComparisonJson.toJson(ComparisonFixture.comparison(), mapper);

    @Test
    void fieldNamesAndOrderAreExactlyThePublishedOnes() {
        assertEquals(List.of("scenario", "seed", "results", "wallSeconds", "referencesPerSecond"), names(json));
        List<String> run = new ArrayList<>(List.of("policy", "overcommit"));
        run.addAll(metricKeys());
        run.add("essaByOp");
        run.add("races");
        run.add("guests");
        List<String> guest = new ArrayList<>(List.of("name"));
        guest.addAll(metricKeys());
        guest.add("essaByOp");
        guest.add("races");
        List<String> races = java.util.Arrays.stream(org.cmmalab.pagestates.Race.values())
                .map(r -> Integer.toString(r.number())).toList();
        List<String> codes = java.util.Arrays.stream(org.cmmalab.pagestates.Orc.values()).map(Enum::name).toList();
        assertEquals(4, json.get("results").size());
        for (JsonNode result : json.get("results")) {
            assertEquals(run, names(result));
            assertEquals(codes, names(result.get("essaByOp")), "every ESSA code, in code order");
            assertEquals(races, names(result.get("races")), "every race, in number order");
            for (org.cmmalab.pagestates.Race r : org.cmmalab.pagestates.Race.values()) {
                List<String> counts = new ArrayList<>(List.of("race"));
                counts.addAll(r.counts());
                assertEquals(counts, names(result.get("races").get(Integer.toString(r.number()))));
            }
            assertEquals(2, result.get("guests").size());
            for (JsonNode g : result.get("guests")) {
                assertEquals(guest, names(g));
                assertEquals(codes, names(g.get("essaByOp")));
                assertEquals(races, names(g.get("races")));
            }
        }
    }

    @Test
    void valuesAreTheComparisonsInItsOrder() {
        assertEquals("web-farm", json.get("scenario").asText());
        assertTrue(json.get("seed").isIntegralNumber());
        assertEquals(42, json.get("seed").asLong());
        assertEquals(1.234, json.get("wallSeconds").doubleValue());
        assertEquals(2_345_678.9, json.get("referencesPerSecond").doubleValue());
        JsonNode cmma2 = json.get("results").get(3);
        assertEquals("cmma", cmma2.get("policy").asText());
        assertEquals(2.0, cmma2.get("overcommit").doubleValue());
        assertEquals(1100.75, cmma2.get("throughput").doubleValue());
        assertEquals("db \"2\", main", cmma2.get("guests").get(1).get("name").asText());
    }

    @Test
    void wholeCountsAreIntegersAndMeasuresStayDoubles() throws IOException {
        String text = mapper.writeValueAsString(json);
        assertTrue(text.contains("\"lostPages\":0,"), text);
        assertTrue(text.contains("\"hostPageIns\":123456,"), text);
        assertFalse(text.contains("\"lostPages\":0.0"), text);
        JsonNode none2 = json.get("results").get(2);
        assertTrue(none2.get("discards").isIntegralNumber());
        assertTrue(none2.get("throughput").isDouble(), "650.0 is a rate, not a count");
        assertTrue(text.contains("\"throughput\":650.0,"), text);
        assertTrue(json.get("results").get(0).get("guests").get(0).get("hostMemoryPeakMiB").isNull(),
                "a metric a guest does not have is null");
    }

    @Test
    void theFileHoldsTheSameJson(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("comparison.json");
        ComparisonJson.write(ComparisonFixture.comparison(), file);
        assertEquals(mapper.writeValueAsString(json), mapper.writeValueAsString(mapper.readTree(file.toFile())));
        assertTrue(Files.readString(file).endsWith("}\n"));
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> metricKeys() {
        List<String> keys = new ArrayList<>();
        for (Metric metric : Metric.values()) {
            keys.add(metric.key());
        }
        return keys;
    }
}
