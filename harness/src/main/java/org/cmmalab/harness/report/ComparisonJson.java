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
import org.cmmalab.harness.result.MigrationResult;
import org.cmmalab.harness.result.RaceCounts;
import org.cmmalab.harness.result.RunResult;
import org.cmmalab.pagestates.Orc;
import org.cmmalab.pagestates.Race;

/**
 * A comparison as the JSON that {@code cmma compare --json} prints and {@code --out} writes to
 * {@value #FILE}. Field names and order are a published format; keep them stable:
 * <pre>
 * {"scenario": NAME, "seed": N,
 *  "results": [{"policy": NAME, "overcommit": X, &lt;every Metric key&gt;: value, ...,
 *               "essaByOp": {&lt;every ESSA code's name&gt;: count, ...},
 *               "races": {"1": {"race": TITLE, &lt;each of its counts&gt;: count, ...}, ..., "6": {...}},
 *               "guests": [{"name": NAME, &lt;every Metric key&gt;: value, ..., "essaByOp": {...},
 *                           "races": {...}}, ...],
 *               "migrations": [{"guest": NAME, "completed": B, "totalMs": X, ...}, ...]}, ...],
 *  "wallSeconds": S, "referencesPerSecond": R}
 * </pre>
 * Results come in the comparison's order and metrics in {@link Metric} order. A count (pages,
 * frames, faults, ops) that is a whole number is written as an integer ({@code "lostPages": 0});
 * other values as doubles. A value that is NaN, or a metric a guest does not have, is {@code null}.
 * {@code "migrations"} is there only for a scenario with a {@code migration:} section: each guest's
 * {@link MigrationResult}, its fields by their record names, and {@code slowdownMs}.
 * {@code "races"} has one object per {@link Race}, keyed by its number in docs/state-model.md
 * section 6, with its title and its counts ({@link Race#counts()}).
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
            putEssaByOp(node, run.essaByOp());
            putRaces(node, run.races());
            ArrayNode guests = node.putArray("guests");
            for (RunResult.GuestResult guest : run.guests()) {
                ObjectNode guestNode = guests.addObject();
                guestNode.put("name", guest.name());
                Map<Metric, Double> metrics = guest.metrics();
                for (Metric metric : Metric.values()) {
                    Double value = metrics.get(metric);
                    putMetric(guestNode, metric, value == null ? Double.NaN : value);
                }
                putEssaByOp(guestNode, guest.essaByOp());
                putRaces(guestNode, guest.races());
            }
            if (!run.migrations().isEmpty()) {
                ArrayNode migrations = node.putArray("migrations");
                run.migrations().forEach(m -> putMigration(migrations.addObject(), m));
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

    private static void putMigration(ObjectNode node, MigrationResult m) {
        node.put("guest", m.guest());
        node.put("completed", m.completed());
        putNumber(node, "totalMs", m.totalMs());
        putNumber(node, "downtimeMs", m.downtimeMs());
        node.put("rounds", m.rounds());
        node.put("pagesSent", m.pagesSent());
        node.put("zeroPages", m.zeroPages());
        node.put("skippedHinted", m.skippedHinted());
        node.put("skippedUnused", m.skippedUnused());
        node.put("skippedDiscarded", m.skippedDiscarded());
        node.put("skippedZero", m.skippedZero());
        node.put("bytesSent", m.bytesSent());
        node.put("attributeBytes", m.attributeBytes());
        node.put("pausedMs", m.pausedMs());
        node.put("hintCpuMs", m.hintCpuMs());
        node.put("slowdownMs", m.slowdownMs());
        node.put("guestDiskReads", m.guestDiskReads());
        node.put("lostPages", m.lostPages());
    }

    /** ESSA operations after warm-up by code (a median across seeds may be a half). */
    private static void putEssaByOp(ObjectNode node, Map<Orc, Double> byOp) {
        ObjectNode essa = node.putObject("essaByOp");
        byOp.forEach((orc, n) -> {
            if (ComparisonNumbers.isWhole(n)) {
                essa.put(orc.name(), n.longValue());
            } else {
                essa.put(orc.name(), n);
            }
        });
    }

    /** The races met after warm-up, by race number (a median across seeds may be a half). */
    private static void putRaces(ObjectNode node, RaceCounts races) {
        ObjectNode all = node.putObject("races");
        for (Race race : Race.values()) {
            ObjectNode one = all.putObject(Integer.toString(race.number()));
            one.put("race", race.title());
            double[] values = races.values(race);
            for (int i = 0; i < values.length; i++) {
                if (ComparisonNumbers.isWhole(values[i])) {
                    one.put(race.counts().get(i), (long) values[i]);
                } else {
                    one.put(race.counts().get(i), values[i]);
                }
            }
        }
    }

    private static void putNumber(ObjectNode node, String key, double value) {
        if (Double.isNaN(value)) {
            node.putNull(key);
        } else {
            node.put(key, value);
        }
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
