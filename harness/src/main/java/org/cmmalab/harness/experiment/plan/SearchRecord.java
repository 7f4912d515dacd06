package org.cmmalab.harness.experiment.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.cmmalab.harness.InputError;
import org.cmmalab.harness.result.DensityResult;

/**
 * A policy's density search as it ended: the search's result for that one policy, whole (every
 * run tried, the answer's run result, why it stopped), with the scenario's host figures, so that
 * {@link StudyMerge} can put the policies side by side as one search of all of them does.
 *
 * @param task   the search as planned
 * @param result the search's result, of the one policy
 */
public record SearchRecord(PlannedSearch task, DensityResult result) implements TaskRecord {
    @Override
    public double wallSeconds() {
        return result.wallSeconds();
    }

    @Override
    public ObjectNode resultJson(ObjectMapper mapper) {
        ObjectNode n = mapper.createObjectNode();
        n.put("scenario", result.scenario());
        n.put("seed", result.seed());
        n.put("hostMemoryGiB", result.hostMemoryGiB());
        n.put("usableGiB", result.usableGiB());
        n.put("guestMiB", result.guestMiB());
        n.put("wallSeconds", result.wallSeconds());
        DensityResult.PolicyDensity p = result.policies().get(0);
        ObjectNode pn = n.putObject("policy");
        pn.put("policy", p.policy());
        pn.put("guests", p.guests());
        pn.put("failedAt", p.failedAt());
        pn.put("failure", p.failure());
        ArrayNode runs = pn.putArray("runs");
        p.runs().forEach(t -> runs.add(mapper.valueToTree(t)));
        ArrayNode walls = pn.putArray("runWallSeconds");
        p.runWallSeconds().forEach(walls::add);
        if (p.atGuests() != null) {
            pn.set("atGuests", RunResultJson.toJson(p.atGuests(), mapper));
        }
        pn.put("notFinished", p.notFinished());
        return n;
    }

    static SearchRecord fromJson(PlannedSearch task, JsonNode n, String where, ObjectMapper mapper) {
        JsonNode pn = Json.field(n, "policy", where);
        List<DensityResult.Trial> runs = new ArrayList<>();
        for (JsonNode t : Json.field(pn, "runs", where)) {
            try {
                runs.add(mapper.treeToValue(t, DensityResult.Trial.class));
            } catch (JsonProcessingException e) {
                throw new InputError(where + ": a search's run does not read back: " + e.getOriginalMessage());
            }
        }
        List<Double> walls = new ArrayList<>();
        for (double w : Json.numbers(pn, "runWallSeconds", where)) {
            walls.add(w);
        }
        DensityResult.PolicyDensity p = new DensityResult.PolicyDensity(Json.text(pn, "policy", where),
                Json.integer(pn, "guests", where), Json.integer(pn, "failedAt", where), Json.text(pn, "failure", where),
                runs, walls, pn.hasNonNull("atGuests") ? RunResultJson.fromJson(pn.get("atGuests"), where, mapper) : null,
                Json.text(pn, "notFinished", where));
        return new SearchRecord(task, new DensityResult(Json.text(n, "scenario", where), Json.longValue(n, "seed", where),
                Json.number(n, "hostMemoryGiB", where), Json.number(n, "usableGiB", where), Json.integer(n, "guestMiB", where),
                List.of(p), Json.number(n, "wallSeconds", where)));
    }
}
