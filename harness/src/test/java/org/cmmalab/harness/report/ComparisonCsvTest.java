package org.cmmalab.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cmmalab.harness.result.Metric;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComparisonCsvTest {
    @TempDir
    Path dir;

    @BeforeEach
    void write() throws IOException {
        List<Path> files = ComparisonCsv.write(ComparisonFixture.comparison(), dir);
        assertEquals(List.of(dir.resolve("results.csv"), dir.resolve("guests.csv"), dir.resolve("host-memory.csv")), files);
    }

    @Test
    void resultsHaveAHeaderWithEveryMetricKeyAndOneRowPerRun() throws IOException {
        List<String> lines = lines("results.csv");
        assertEquals(header("policy", "overcommit"), lines.get(0));
        assertEquals(1 + 4, lines.size());
        assertTrue(lines.get(4).startsWith("cmma,2.0,"), lines.get(4));
    }

    @Test
    void guestsHaveAHeaderAndOneRowPerGuestOfEachRun() throws IOException {
        List<String> lines = lines("guests.csv");
        assertEquals(header("policy", "overcommit", "guest"), lines.get(0));
        assertEquals(1 + 4 * 2, lines.size());
    }

    @Test
    void hostMemoryHasOneRowPerSample() throws IOException {
        List<String> lines = lines("host-memory.csv");
        assertEquals("policy,overcommit,seconds,value", lines.get(0));
        assertEquals(1 + 4 * ComparisonFixture.SECONDS.length, lines.size());
        assertEquals("cmma,2.0,40,1850", lines.get(lines.size() - 1));
    }

    @Test
    void valuesRoundTripExactly() throws IOException {
        List<String> header = Arrays.asList(lines("results.csv").get(0).split(","));
        List<String> none2 = Arrays.asList(lines("results.csv").get(3).split(","));
        List<String> cmma2 = Arrays.asList(lines("results.csv").get(4).split(","));
        assertEquals(0.1 + 0.2, Double.parseDouble(none2.get(header.indexOf("hintCpuMs"))));
        assertEquals(1100.75, Double.parseDouble(cmma2.get(header.indexOf("throughput"))));
        assertEquals("123456", none2.get(header.indexOf("hostPageIns")), "whole numbers have no decimals");
        assertEquals("0", cmma2.get(header.indexOf("lostPages")));
    }

    @Test
    void fieldsAreQuotedAsRfc4180SaysAndMissingValuesAreEmpty() throws IOException {
        String guest = lines("guests.csv").get(2);
        assertTrue(guest.startsWith("none,1.0,\"db \"\"2\"\", main\",600.2,"), guest);
        assertTrue(guest.endsWith(",,,0,0"), "no hostMemory* per guest: " + guest);
    }

    @Test
    void linesEndInCrLf() throws IOException {
        String text = Files.readString(dir.resolve("results.csv"), StandardCharsets.UTF_8);
        assertEquals(5, text.split("\r\n", -1).length - 1);
        assertTrue(text.endsWith("\r\n"));
        assertEquals(-1, text.replace("\r\n", "").indexOf('\n'));
    }

    private List<String> lines(String file) throws IOException {
        return Arrays.asList(Files.readString(dir.resolve(file), StandardCharsets.UTF_8).split("\r\n"));
    }

    private static String header(String... first) {
        List<String> names = new ArrayList<>(List.of(first));
        for (Metric metric : Metric.values()) {
            names.add(metric.key());
        }
        return String.join(",", names);
    }
}
