package org.cmmalab.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.cmmalab.harness.InputError;
import org.cmmalab.harness.result.Comparison;
import org.cmmalab.harness.result.RunResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComparisonReportTest {
    private static final Set<String> REPORT = Set.of("results.csv", "guests.csv", "host-memory.csv",
            "comparison.json", "throughput.png", "host-io.png", "host-memory-1.0.png", "host-memory-2.0.png",
            "index.html");

    @TempDir
    Path parent;

    @Test
    void writesEveryReportIntoANewDirectoryAndLeavesNoTemporaryOne() throws IOException {
        Path out = parent.resolve("out");
        List<Path> files = ComparisonReport.writeAll(ComparisonFixture.comparison(), ComparisonFixture.context(), out);
        assertEquals(REPORT, names(out));
        assertEquals(REPORT, files.stream().map(f -> f.getFileName().toString()).collect(Collectors.toSet()));
        assertEquals(out.resolve("index.html"), files.get(files.size() - 1));
        assertEquals(Set.of("out"), names(parent));
    }

    @Test
    void thePageLinksEveryFileInTheDirectoryAndNoMissingOne() throws IOException {
        Path out = parent.resolve("out");
        ComparisonReport.writeAll(ComparisonFixture.comparison(), ComparisonFixture.context(), out);
        Set<String> files = new HashSet<>(names(out));
        files.remove("index.html");
        List<String> linked = ComparisonHtmlTest.links(Files.readString(out.resolve("index.html")));
        assertEquals(files, new HashSet<>(linked));
        assertEquals(linked.size(), files.size());
    }

    @Test
    void aNewDirectoryHasTheUsualPermissionsNotThoseOfATemporaryDirectory() throws IOException {
        Path usual = Files.createDirectory(parent.resolve("usual"));
        Path out = parent.resolve("out");
        ComparisonReport.writeAll(ComparisonFixture.comparison(), ComparisonFixture.context(), out);
        assertEquals(Files.getPosixFilePermissions(usual), Files.getPosixFilePermissions(out));
    }

    @Test
    void createsMissingParents() throws IOException {
        Path out = parent.resolve("a").resolve("b").resolve("out");
        ComparisonReport.writeAll(ComparisonFixture.comparison(), ComparisonFixture.context(), out);
        assertEquals(REPORT, names(out));
        assertEquals(Set.of("out"), names(out.getParent()));
    }

    @Test
    void rewritingReplacesOnlyTheReportsOwnFiles() throws IOException {
        Path out = Files.createDirectory(parent.resolve("out"));
        Files.writeString(out.resolve("notes.txt"), "mine");
        Files.writeString(out.resolve("results.csv"), "old");
        Files.writeString(out.resolve("host-memory-3.0.png"), "from a run with another ratio");
        ComparisonReport.writeAll(ComparisonFixture.comparison(), ComparisonFixture.context(), out);
        Set<String> expected = new HashSet<>(REPORT);
        expected.add("notes.txt");
        assertEquals(expected, names(out));
        assertEquals("mine", Files.readString(out.resolve("notes.txt")));
        assertTrue(Files.readString(out.resolve("results.csv")).startsWith("policy,overcommit,"));
        assertEquals(Set.of("out"), names(parent));
    }

    @Test
    void aTargetBelowAFileIsAnInputErrorNamingItAndNothingIsWritten() throws IOException {
        Path blocker = Files.writeString(parent.resolve("file"), "x");
        Path out = blocker.resolve("out");
        InputError error = assertThrows(InputError.class, () -> ComparisonReport.writeAll(ComparisonFixture.comparison(), ComparisonFixture.context(), out));
        assertEquals(out + ": cannot write the report there: " + blocker + " exists and is not a directory",
                error.getMessage());
        assertEquals(Set.of("file"), names(parent));
        assertEquals("x", Files.readString(blocker));
    }

    @Test
    void aTargetThatIsAFileIsAnInputError() throws IOException {
        Path out = Files.writeString(parent.resolve("out"), "x");
        InputError error = assertThrows(InputError.class, () -> ComparisonReport.writeAll(ComparisonFixture.comparison(), ComparisonFixture.context(), out));
        assertEquals(out + ": cannot write the report there: it is not a directory", error.getMessage());
        assertEquals(Set.of("out"), names(parent));
        assertEquals("x", Files.readString(out));
    }

    @Test
    void aFailureWhileWritingLeavesTheEarlierReportAsItWasAndNoTemporaryDirectory() throws IOException {
        Path out = parent.resolve("out");
        ComparisonReport.writeAll(ComparisonFixture.comparison(), ComparisonFixture.context(), out);
        Map<String, String> before = contents(out);

        List<RunResult> runs = ComparisonFixture.runs();
        RunResult.TimeSeries broken = new RunResult.TimeSeries("MiB", new double[] {0, 10}, new double[] {1});
        runs.set(3, ComparisonFixture.run("cmma", 2.0, Map.of(), broken));
        Comparison failing = ComparisonFixture.comparison(runs);
        assertThrows(IllegalArgumentException.class, () -> ComparisonReport.writeAll(failing, ComparisonFixture.context(), out));
        assertEquals(before, contents(out));
        assertEquals(Set.of("out"), names(parent));

        Path fresh = parent.resolve("fresh");
        assertThrows(IllegalArgumentException.class, () -> ComparisonReport.writeAll(failing, ComparisonFixture.context(), fresh));
        assertFalse(Files.exists(fresh));
        assertEquals(Set.of("out"), names(parent));
    }

    @Test
    void ownsItsFileNamesOnly() {
        assertTrue(ComparisonReport.owns("index.html"));
        assertTrue(ComparisonReport.owns("host-memory-12.75.png"));
        assertFalse(ComparisonReport.owns("host-memory-.png.bak"));
        assertFalse(ComparisonReport.owns("notes.txt"));
    }

    private static Set<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    private static Map<String, String> contents(Path dir) throws IOException {
        Map<String, String> contents = new TreeMap<>();
        for (String name : names(dir)) {
            contents.put(name, Base64.getEncoder().encodeToString(Files.readAllBytes(dir.resolve(name))));
        }
        return contents;
    }
}
