package org.cmmalab.harness.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cmmalab.harness.result.Comparison;
import org.cmmalab.harness.result.SweepResult;

/**
 * A sweep as the JSON that {@code cmma sweep --json} prints and {@code --out} writes to
 * {@value #FILE}. It is a pure function of the scenarios and seeds, with no wall-clock field, so
 * that a sweep on many threads and the same sweep on one give the same bytes:
 * <pre>
 * {"scenarios": [{"scenario": NAME, "seeds": [N, ...],
 *                 "bySeed": [{"seed": N, "results": [...as in cmma compare --json...]}, ...],
 *                 "median": [...results of the same shape: per metric, the median across seeds...]}, ...]}
 * </pre>
 */
public final class SweepJson {
    public static final String FILE = "sweep.json";

    private SweepJson() {
    }

    public static ObjectNode toJson(SweepResult sweep, ObjectMapper mapper) {
        ObjectNode root = mapper.createObjectNode();
        ArrayNode scenarios = root.putArray("scenarios");
        for (SweepResult.ScenarioSweep s : sweep.scenarios()) {
            ObjectNode node = scenarios.addObject();
            node.put("scenario", s.scenario());
            ArrayNode seeds = node.putArray("seeds");
            s.seeds().forEach(seeds::add);
            ArrayNode bySeed = node.putArray("bySeed");
            for (Comparison c : s.bySeed()) {
                ObjectNode one = bySeed.addObject();
                one.put("seed", c.seed());
                one.set("results", ComparisonJson.toJson(c, mapper).get("results"));
            }
            Comparison median = new Comparison(s.scenario(), 0, s.median(), 0, 0);
            node.set("median", ComparisonJson.toJson(median, mapper).get("results"));
        }
        return root;
    }

    /** Writes the JSON, indented and ending in a newline, to {@code file} in UTF-8. */
    public static void write(SweepResult sweep, Path file) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        Files.writeString(file, mapper.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(sweep, mapper)) + "\n",
                StandardCharsets.UTF_8);
    }
}
