package org.cmmalab.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cmmalab.harness.cli.Cmma;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cmma replay} end to end: its JSON, and one clear message with exit status 2 for bad input. */
class ReplayCommandTest {
    @TempDir
    Path dir;

    @Test
    void jsonHasEveryPromisedField() throws IOException {
        Captured c = run("replay", "--trace", "../traces/lirs-cpp.trace.gz", "--frames", "400", "--json");
        assertEquals(0, c.status, c.err);
        JsonNode r = new ObjectMapper().readTree(c.out);
        for (String field : new String[] {"references", "distinctPages", "hostFaults", "pageIns", "pageOuts", "discards",
            "discardFaults", "zeroFills", "guestReads", "lostPages", "essaOps", "referencesPerSecond"}) {
            assertTrue(r.has(field), field);
        }
        assertEquals(9047, r.get("references").asLong());
        assertEquals(1223, r.get("distinctPages").asLong());
        assertEquals(0, r.get("lostPages").asLong());
    }

    @Test
    void malformedLineNamesFileAndLine() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.trace"), "1\n2\nx3\n");
        Captured c = run("replay", "--trace", bad.toString(), "--frames", "4");
        assertEquals(2, c.status);
        assertEquals("cmma: " + bad + ":3: not a block number: 'x3'", c.err.strip());
        assertFalse(c.err.contains("Exception"), c.err);
    }

    @Test
    void badOptionsAreOneMessageEach() {
        assertUsage(run("replay", "--trace", "../traces/lirs-cpp.trace.gz", "--frames", "0"), "--frames must be positive, was 0");
        assertUsage(run("replay", "--trace", dir.resolve("missing").toString(), "--frames", "4"), "no such file");
        assertUsage(run("replay", "--trace", "../traces/lirs-cpp.trace.gz", "--frames", "4", "--format", "csv"),
                "--format must be lirs or address, was 'csv'");
        assertUsage(run("replay", "--trace", "../traces/lirs-cpp.trace.gz", "--frames", "4", "--policy", "opt"),
                "--policy opt needs every trace page to keep its guest frame");
    }

    private static void assertUsage(Captured c, String message) {
        assertEquals(2, c.status, c.err);
        assertTrue(c.err.startsWith("cmma: ") && c.err.contains(message), c.err);
        assertEquals(1, c.err.strip().lines().count(), c.err);
    }

    record Captured(int status, String out, String err) {
    }

    static Captured run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            int status = Cmma.run(args);
            return new Captured(status, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
