package org.cmmalab.harness.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@link StateTables} as the JSON that {@code cmma states --json} prints:
 * {@code {"states": [{"state","legal","reclaim","access"}...], "transitions": [{"op","from","changed","to"}...]}}.
 */
public final class StateTablesJson {
    private StateTablesJson() {
    }

    public static ObjectNode toJson(StateTables tables, ObjectMapper mapper) {
        ObjectNode root = mapper.createObjectNode();
        ArrayNode states = root.putArray("states");
        for (StateTables.StateRow row : tables.states()) {
            ObjectNode node = states.addObject();
            node.put("state", row.state());
            node.put("legal", row.legal());
            node.put("reclaim", row.reclaim() == null ? null : row.reclaim().name());
            node.put("access", row.access() == null ? null : row.access().name());
        }
        ArrayNode transitions = root.putArray("transitions");
        for (StateTables.TransitionRow row : tables.transitions()) {
            ObjectNode node = transitions.addObject();
            node.put("op", row.op().name());
            node.put("from", row.from());
            node.put("changed", row.changed());
            node.put("to", row.to());
        }
        return root;
    }
}
