package org.cmmalab.harness.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@link StateTables} as the JSON that {@code cmma states --json} prints:
 * <pre>
 * {"mode": "zvm",
 *  "states": [{"state", "host", "legal", "reclaim", "access", "code"}...],
 *  "transitions": [{"op", "from", "fromHost", "changed", "to", "toHost", "collects"}...]}
 * </pre>
 * {@code state}, {@code from} and {@code to} are the pairs ESSA reports; {@code host} says what
 * the host holds ({@code frame}, {@code device} or {@code none}); {@code code} is the architected
 * ESSA result (usage in bits 2-3 as S0 U1 P2 V3, content in bits 0-1 as r0 p2 z3);
 * {@code collects} says the ESSA puts the frame into the collection buffer (kvm).
 */
public final class StateTablesJson {
    private StateTablesJson() {
    }

    public static ObjectNode toJson(StateTables tables, ObjectMapper mapper) {
        ObjectNode root = mapper.createObjectNode();
        root.put("mode", tables.mode().id());
        ArrayNode states = root.putArray("states");
        for (StateTables.StateRow row : tables.states()) {
            ObjectNode node = states.addObject();
            node.put("state", row.state());
            node.put("host", row.holding());
            node.put("legal", row.legal());
            node.put("reclaim", row.reclaim() == null ? null : row.reclaim().name());
            node.put("access", row.access() == null ? null : row.access().name());
            node.put("code", row.code());
        }
        ArrayNode transitions = root.putArray("transitions");
        for (StateTables.TransitionRow row : tables.transitions()) {
            ObjectNode node = transitions.addObject();
            node.put("op", row.op().name());
            node.put("from", row.from().state());
            node.put("fromHost", row.from().holding());
            node.put("changed", row.changed());
            node.put("to", row.to().state());
            node.put("toHost", row.to().holding());
            node.put("collects", row.collects());
        }
        return root;
    }
}
