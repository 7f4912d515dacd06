package org.cmmalab.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.cmmalab.harness.cli.Cmma;
import org.cmmalab.pagestates.Race;
import org.junit.jupiter.api.Test;

/** {@code cmma stress}: the JSON fields docs/testing.md promises, a clean run, and bad options refused. */
class StressCommandTest {
    @Test
    void jsonRunIsCleanAndCountsAddUp() throws Exception {
        String[] out = new String[1];
        int status = run(out, "stress", "--seconds", "1", "--threads", "2", "--json");
        JsonNode r = new ObjectMapper().readTree(out[0]);
        assertEquals(0, status, out[0]);
        for (String field : new String[] {"operations", "stateChanges", "discardFaults", "lostPages",
            "illegalStates"}) {
            assertTrue(r.get(field).isIntegralNumber(), field + " in " + out[0]);
        }
        assertEquals(0, r.get("lostPages").asLong());
        assertEquals(0, r.get("illegalStates").asLong());
        assertEquals(0, r.get("accountingErrors").asLong());
        assertTrue(r.get("operations").asLong() > 0 && r.get("stateChanges").asLong() > 0, out[0]);
        for (Race race : Race.values()) {
            JsonNode one = r.get("races").get(Integer.toString(race.number()));
            assertEquals(race.title(), one.get("race").asText(), out[0]);
            for (String count : race.counts()) {
                assertTrue(one.get(count).isIntegralNumber() && one.get(count).asLong() >= 0, count + " in " + out[0]);
            }
        }
        assertTrue(r.get("races").get("1").get("makeStables").asLong() > 0, "a stress run makes pages stable: " + out[0]);
    }

    @Test
    void textReportNamesEveryRace() {
        String[] out = new String[1];
        int status = run(out, "stress", "--seconds", "0.2", "--threads", "1");
        assertEquals(0, status, out[0]);
        for (int race = 1; race <= 6; race++) {
            assertTrue(out[0].contains("race " + race), out[0]);
        }
        assertTrue(out[0].contains("invariants held"), out[0]);
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertEquals(Cmma.USAGE, Cmma.run("stress", "--seconds", "0"));
        assertEquals(Cmma.USAGE, Cmma.run("stress", "--threads", "0"));
        assertEquals(Cmma.USAGE, Cmma.run("stress", "--seconds", "abc"));
    }

    private static int run(String[] out, String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            return Cmma.run(args);
        } finally {
            System.setOut(saved);
            out[0] = bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
