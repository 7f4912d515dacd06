package org.cmmalab.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every command that writes checks its {@code --out} before any simulation: one message naming the
 * user's path and the cause, status 2, nothing printed to standard output (no table: no run
 * happened) and nothing written.
 */
class OutputPathTest {
    /** A comparison of a few seconds. */
    static final String SMALL = String.join("\n",
            "name: small",
            "durationSeconds: 2",
            "overcommit: [2.0]",
            "policies: [none, cmma]",
            "guests:",
            "  - {name: web, count: 2, memoryMiB: 32, workload: web-farm, params: {files: 600}}",
            "");
    /** A density search of a few runs. */
    static final String DENSITY = String.join("\n",
            "name: tiny-density",
            "durationSeconds: 2",
            "policies: [none]",
            "density: {hostMemoryGiB: 0.0625, minGuests: 1, maxGuests: 2}",
            "guests:",
            "  - {name: vm, count: 1, memoryMiB: 16, swapMiB: 0, workload: idle, params: {bootFilePages: 64, daemonPages: 64}}",
            "");

    @TempDir
    Path dir;

    private List<String> command(String which, Path out) throws IOException {
        Path small = Files.writeString(dir.resolve("small.yaml"), SMALL);
        Path density = Files.writeString(dir.resolve("density.yaml"), DENSITY);
        List<String> args = new ArrayList<>(switch (which) {
            case "compare" -> List.of("compare", "--scenario", small.toString());
            case "sweep" -> List.of("sweep", "--scenario", small.toString(), "--seeds", "1,2");
            case "density" -> List.of("compare", "--scenario", density.toString());
            default -> throw new IllegalArgumentException(which);
        });
        args.addAll(List.of("--threads", "1", "--out", out.toString()));
        return args;
    }

    @ParameterizedTest
    @ValueSource(strings = {"compare", "sweep", "density"})
    void aFileGivenAsTheDirectory(String which) throws IOException {
        Path file = Files.writeString(dir.resolve("report.txt"), "mine");
        ReplayCommandTest.Captured c = ReplayCommandTest.run(command(which, file).toArray(String[]::new));
        assertRefused(c, file + ": cannot write the report there: it is not a directory");
        assertEquals("mine", Files.readString(file));
    }

    @ParameterizedTest
    @ValueSource(strings = {"compare", "sweep", "density"})
    void aReadOnlyDirectory(String which) throws IOException {
        Path out = Files.createDirectory(dir.resolve("out"));
        List<String> args = command(which, out);
        Set<String> before = names(dir);
        try (ReadOnly ignored = ReadOnly.make(out)) {
            assertRefused(ReplayCommandTest.run(args.toArray(String[]::new)),
                    out + ": cannot write the report there: it is not writable");
            assertEquals(Set.of(), names(out));
        }
        assertEquals(before, names(dir));
    }

    @ParameterizedTest
    @ValueSource(strings = {"compare", "sweep", "density"})
    void anUnwritableParent(String which) throws IOException {
        Path locked = Files.createDirectory(dir.resolve("locked"));
        Path out = locked.resolve("out");
        List<String> args = command(which, out);
        try (ReadOnly ignored = ReadOnly.make(locked)) {
            assertRefused(ReplayCommandTest.run(args.toArray(String[]::new)),
                    out + ": cannot write the report there: " + locked + " is not writable");
            assertEquals(Set.of(), names(locked));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"compare", "sweep", "density"})
    void aGoodDirectoryIsWrittenAndNoTemporaryOneIsLeft(String which) throws IOException {
        Path out = dir.resolve("new").resolve("out");
        ReplayCommandTest.Captured c = ReplayCommandTest.run(command(which, out).toArray(String[]::new));
        assertEquals(0, c.status(), c.err());
        assertTrue(Files.isDirectory(out));
        assertEquals(Set.of("out"), names(out.getParent()));
    }

    private static void assertRefused(ReplayCommandTest.Captured c, String message) {
        assertEquals(2, c.status(), c.err());
        assertTrue(c.err().startsWith("cmma: " + message), c.err());
        assertEquals(1, c.err().strip().lines().count(), c.err());
        assertEquals("", c.out(), "nothing ran, so nothing was printed");
    }

    static Set<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).collect(Collectors.toSet());
        }
    }
}
