package org.cmmalab.harness.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.cmmalab.harness.result.Comparison;
import org.cmmalab.harness.result.Metric;
import org.cmmalab.harness.result.RunResult;

/**
 * A comparison as the JSON that {@code cmma compare --json} prints and {@code --out} writes to
 * {@value #FILE}. Field names and order are a published format; keep them stable:
 * <pre>
 * {"scenario": NAME, "seed": N,
 *  "results": [{"policy": NAME, "overcommit": X, &lt;every Metric key&gt;: value, ...,
 *               "guests": [{"name": NAME, &lt;every Metric key&gt;: value, ...}, ...]}, ...],
 *  "wallSeconds": S, "referencesPerSecond": R}
 * </pre>
 * Results come in the comparison's order and metrics in {@link Metric} order. A count (pages,
 * frames, faults, ops) that is a whole number is written as an integer ({@code "lostPages": 0});
 * other values as doubles. A value that is NaN, or a metric a guest does not have, is {@code null}.
 */
public final class ComparisonJson {
    public static final String FILE = "comparison.json";

    private ComparisonJson() {
    }

    public static ObjectNode toJson(Comparison comparison, ObjectMapper mapper) {
        ObjectNode root = mapper.createObjectNode();
        root.put("scenario", comparison.scenario());
        root.put("seed", comparison.seed());
        ArrayNode results = root.putArray("results");
        for (RunResult run : comparison.results()) {
            ObjectNode node = results.addObject();
            node.put("policy", run.policy());
            node.put("overcommit", run.overcommit());
            for (Metric metric : Metric.values()) {
                putMetric(node, metric, run.get(metric));
            }
            ArrayNode guests = node.putArray("guests");
            for (RunResult.GuestResult guest : run.guests()) {
                ObjectNode guestNode = guests.addObject();
                guestNode.put("name", guest.name());
                Map<Metric, Double> metrics = guest.metrics();
                for (Metric metric : Metric.values()) {
                    Double value = metrics.get(metric);
                    putMetric(guestNode, metric, value == null ? Double.NaN : value);
                }
            }
        }
        root.put("wallSeconds", comparison.wallSeconds());
        root.put("referencesPerSecond", comparison.referencesPerSecond());
        return root;
    }

    /** Writes the JSON, indented and ending in a newline, to {@code file} in UTF-8. */
    public static void write(Comparison comparison, Path file) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        String json = mapper.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(comparison, mapper));
        Files.writeString(file, json + "\n", StandardCharsets.UTF_8);
    }

    private static void putMetric(ObjectNode node, Metric metric, double value) {
        if (Double.isNaN(value)) {
            node.putNull(metric.key());
        } else if (ComparisonNumbers.isCount(metric) && ComparisonNumbers.isWhole(value)) {
            node.put(metric.key(), (long) value);
        } else {
            node.put(metric.key(), value);
        }
    }
}
