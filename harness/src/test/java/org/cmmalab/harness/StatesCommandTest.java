package org.cmmalab.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.cmmalab.harness.cli.Cmma;
import org.junit.jupiter.api.Test;

/** {@code cmma states --json} has the shape the README promises and agrees with the spec. */
class StatesCommandTest {
    @Test
    void jsonHasAllPairsAndAllTransitions() throws Exception {
        JsonNode root = new ObjectMapper().readTree(run("states", "--json"));
        assertEquals(12, root.get("states").size());
        long legal = 0;
        for (JsonNode s : root.get("states")) {
            if (s.get("legal").asBoolean()) {
                legal++;
                assertTrue(s.get("reclaim").isTextual() && s.get("access").isTextual(), s.toString());
            } else {
                assertTrue(s.get("reclaim").isNull() && s.get("access").isNull(), s.toString());
            }
        }
        assertEquals(8, legal);
        JsonNode transitions = root.get("transitions");
        assertEquals(128, transitions.size());
        Set<String> keys = new HashSet<>();
        for (JsonNode t : transitions) {
            keys.add(t.get("op").asText() + t.get("from").asText() + t.get("changed").asBoolean());
        }
        assertEquals(128, keys.size(), "every (op, from, changed) exactly once");
        assertEquals("Vz", to(transitions, "SET_POT_VOLATILE", "Sp", false));
        assertEquals("Sp", to(transitions, "SET_POT_VOLATILE", "Sp", true));
        assertEquals("Sz", to(transitions, "SET_STABLE", "Vz", false));
        assertEquals("Vz", to(transitions, "SET_STABLE_IF_RESIDENT", "Vz", false));
    }

    @Test
    void kvmModeWritesOutVolatileFrames() throws Exception {
        JsonNode root = new ObjectMapper().readTree(run("states", "--json", "--mode", "kvm"));
        for (JsonNode s : root.get("states")) {
            if (s.get("state").asText().equals("Vr")) {
                assertEquals("WRITE_OUT", s.get("reclaim").asText());
                return;
            }
        }
        throw new AssertionError("no Vr row");
    }

    @Test
    void unknownModeIsAUsageError() {
        assertEquals(Cmma.USAGE, Cmma.run("states", "--mode", "xen"));
    }

    private static String to(JsonNode transitions, String op, String from, boolean changed) {
        for (JsonNode t : transitions) {
            if (t.get("op").asText().equals(op) && t.get("from").asText().equals(from)
                    && t.get("changed").asBoolean() == changed) {
                return t.get("to").asText();
            }
        }
        throw new AssertionError(op + " " + from + " " + changed);
    }

    private static String run(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, Cmma.run(args));
        } finally {
            System.setOut(saved);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
