package org.cmmalab.harness.experiment.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.cmmalab.harness.InputError;
import org.cmmalab.harness.result.Metric;
import org.cmmalab.harness.result.MigrationResult;
import org.cmmalab.harness.result.RaceCounts;
import org.cmmalab.harness.result.RunResult;
import org.cmmalab.pagestates.Orc;
import org.cmmalab.pagestates.Race;

/**
 * A {@link RunResult} as a document and back, losing nothing: every metric, ESSA count and race
 * count under its enum constant's name, every double as Jackson writes it (which reads back to
 * the same bits), so that results merged from many machines report the same bytes as one. This is
 * the run's whole result, not the report's view of it ({@code ComparisonJson} prints that).
 */
final class RunResultJson {
    private RunResultJson() {
    }

    static ObjectNode toJson(RunResult r, ObjectMapper mapper) {
        ObjectNode n = mapper.createObjectNode();
        n.put("policy", r.policy());
        n.put("overcommit", r.overcommit());
        n.set("total", metrics(r.total(), mapper));
        ArrayNode guests = n.putArray("guests");
        for (RunResult.GuestResult g : r.guests()) {
            ObjectNode gn = guests.addObject();
            gn.put("name", g.name());
            gn.set("metrics", metrics(g.metrics(), mapper));
            gn.set("essaByOp", essa(g.essaByOp(), mapper));
            gn.set("races", races(g.races(), mapper));
        }
        if (r.hostMemory() != null) {
            ObjectNode h = n.putObject("hostMemory");
            h.put("unit", r.hostMemory().unit());
            ArrayNode seconds = h.putArray("seconds");
            for (double s : r.hostMemory().seconds()) {
                seconds.add(s);
            }
            ArrayNode values = h.putArray("values");
            for (double v : r.hostMemory().values()) {
                values.add(v);
            }
        }
        ArrayNode migrations = n.putArray("migrations");
        for (MigrationResult m : r.migrations()) {
            migrations.add(mapper.valueToTree(m));
        }
        n.set("essaByOp", essa(r.essaByOp(), mapper));
        n.set("races", races(r.races(), mapper));
        return n;
    }

    static RunResult fromJson(JsonNode n, String where, ObjectMapper mapper) {
        List<RunResult.GuestResult> guests = new ArrayList<>();
        JsonNode gs = Json.field(n, "guests", where);
        for (int i = 0; i < gs.size(); i++) {
            JsonNode g = gs.get(i);
            String at = where + ": guest " + i;
            guests.add(new RunResult.GuestResult(Json.text(g, "name", at), metrics(Json.field(g, "metrics", at), at),
                    essa(Json.field(g, "essaByOp", at), at), races(Json.field(g, "races", at), at)));
        }
        RunResult.TimeSeries host = null;
        if (n.hasNonNull("hostMemory")) {
            JsonNode h = n.get("hostMemory");
            host = new RunResult.TimeSeries(Json.text(h, "unit", where), Json.numbers(h, "seconds", where),
                    Json.numbers(h, "values", where));
        }
        List<MigrationResult> migrations = new ArrayList<>();
        for (JsonNode m : Json.field(n, "migrations", where)) {
            try {
                migrations.add(mapper.treeToValue(m, MigrationResult.class));
            } catch (JsonProcessingException e) {
                throw new InputError(where + ": a migration's result does not read back: " + e.getOriginalMessage());
            }
        }
        return new RunResult(Json.text(n, "policy", where), Json.number(n, "overcommit", where),
                metrics(Json.field(n, "total", where), where), guests, host, migrations,
                essa(Json.field(n, "essaByOp", where), where), races(Json.field(n, "races", where), where));
    }

    private static ObjectNode metrics(Map<Metric, Double> values, ObjectMapper mapper) {
        ObjectNode o = mapper.createObjectNode();
        values.forEach((m, v) -> o.put(m.name(), v));
        return o;
    }

    private static Map<Metric, Double> metrics(JsonNode o, String where) {
        Map<Metric, Double> out = new EnumMap<>(Metric.class);
        o.fields().forEachRemaining(e -> out.put(constant(Metric.class, e.getKey(), where),
                Json.number(e.getValue(), where + ": " + e.getKey())));
        return out;
    }

    private static ObjectNode essa(Map<Orc, Double> values, ObjectMapper mapper) {
        ObjectNode o = mapper.createObjectNode();
        values.forEach((orc, v) -> o.put(orc.name(), v));
        return o;
    }

    private static Map<Orc, Double> essa(JsonNode o, String where) {
        Map<Orc, Double> out = new EnumMap<>(Orc.class);
        o.fields().forEachRemaining(e -> out.put(constant(Orc.class, e.getKey(), where),
                Json.number(e.getValue(), where + ": " + e.getKey())));
        return out;
    }

    private static ObjectNode races(RaceCounts counts, ObjectMapper mapper) {
        ObjectNode o = mapper.createObjectNode();
        for (Race race : Race.values()) {
            ArrayNode a = o.putArray(race.name());
            for (double v : counts.values(race)) {
                a.add(v);
            }
        }
        return o;
    }

    private static RaceCounts races(JsonNode o, String where) {
        Map<Race, double[]> values = new EnumMap<>(Race.class);
        for (Race race : Race.values()) {
            values.put(race, Json.numbers(o, race.name(), where + ": races"));
        }
        return RaceCounts.of(values);
    }

    private static <E extends Enum<E>> E constant(Class<E> type, String name, String where) {
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            throw new InputError(where + ": unknown " + type.getSimpleName() + " '" + name + "'");
        }
    }
}
