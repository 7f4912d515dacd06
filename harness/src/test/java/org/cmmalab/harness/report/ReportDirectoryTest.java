package org.cmmalab.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.cmmalab.harness.InputError;
import org.cmmalab.harness.ReadOnly;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A report directory is checked before any work and written all at once or not at all: the
 * checks leave nothing behind, and neither a failure nor an interrupt leaves the target or the
 * temporary directory.
 */
class ReportDirectoryTest {
    private static final String BESIDE = " (the report is written beside the directory first, then moved in)";

    @TempDir
    Path parent;

    private static ReportDirectory check(Path out) {
        return ReportDirectory.check(out, file -> true);
    }

    @Test
    void aFileGivenAsTheDirectoryIsRefusedNamingTheUsersPath() throws IOException {
        Path out = Files.writeString(parent.resolve("out.txt"), "x");
        InputError e = assertThrows(InputError.class, () -> check(out));
        assertEquals(out + ": cannot write the report there: it is not a directory", e.getMessage());
        assertEquals(Set.of("out.txt"), names(parent));
    }

    @Test
    void aRelativePathIsNamedAsTheUserGaveIt() throws IOException {
        Path file = Files.writeString(parent.resolve("notes"), "x");
        Path relative = Path.of("").toAbsolutePath().relativize(file.resolve("report"));
        InputError e = assertThrows(InputError.class, () -> check(relative));
        assertTrue(e.getMessage().startsWith(relative + ": cannot write the report there: "), e.getMessage());
        assertTrue(e.getMessage().endsWith(file + " exists and is not a directory"), e.getMessage());
    }

    @Test
    void aReadOnlyDirectoryIsRefusedBeforeAnyWorkAndNothingIsWritten() throws IOException {
        Path out = Files.createDirectory(parent.resolve("out"));
        Files.writeString(out.resolve("old.csv"), "old");
        try (ReadOnly ignored = ReadOnly.make(out)) {
            InputError e = assertThrows(InputError.class, () -> check(out));
            assertTrue(e.getMessage().startsWith(out + ": cannot write the report there: it is not writable"),
                    e.getMessage());
            assertEquals(Set.of("old.csv"), names(out));
        }
        assertEquals(Set.of("out"), names(parent));
    }

    @Test
    void anUnwritableParentIsRefusedNamingIt() throws IOException {
        Path locked = Files.createDirectory(parent.resolve("locked"));
        Path out = locked.resolve("deeper").resolve("out");
        try (ReadOnly ignored = ReadOnly.make(locked)) {
            InputError e = assertThrows(InputError.class, () -> check(out));
            assertTrue(e.getMessage().startsWith(out + ": cannot write the report there: " + locked + " is not writable"),
                    e.getMessage());
            assertTrue(e.getMessage().endsWith(BESIDE), e.getMessage());
            assertEquals(Set.of(), names(locked));
        }
    }

    @Test
    void theCheckWritesNothing() throws IOException {
        Path existing = Files.createDirectory(parent.resolve("existing"));
        check(existing);
        check(parent.resolve("a").resolve("b"));
        assertEquals(Set.of("existing"), names(parent));
        assertEquals(Set.of(), names(existing));
    }

    @Test
    void aDirectoryThatBecameReadOnlyDuringTheRunIsNamedNotTheTemporaryOne() throws IOException {
        Path out = Files.createDirectory(parent.resolve("out"));
        ReportDirectory dir = check(out);
        try (ReadOnly ignored = ReadOnly.make(out)) {
            InputError e = assertThrows(InputError.class, () -> dir.write(staging -> List.of(write(staging, "a.csv"))));
            assertTrue(e.getMessage().startsWith(out + ": cannot write the report there: it is not writable"),
                    e.getMessage());
            assertFalse(e.getMessage().contains(".tmp-"), e.getMessage());
        }
        assertEquals(Set.of("out"), names(parent));
    }

    @Test
    void aFailureWhileRenderingLeavesNeitherTargetNorTemporaryDirectory() {
        Path out = parent.resolve("out");
        ReportDirectory dir = check(out);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> dir.write(staging -> {
            write(staging, "a.csv");
            throw new IllegalStateException("renderer broke");
        }));
        assertEquals("renderer broke", e.getMessage());
        assertEquals(Set.of(), names(parent));
    }

    /** What a shutdown hook does on Ctrl-C, while a renderer is half-way: everything it wrote goes. */
    @Test
    void anInterruptWhileRenderingLeavesNeitherTargetNorTemporaryDirectory() throws Exception {
        TemporaryDirectories temporaries = new TemporaryDirectories();
        Path out = parent.resolve("out");
        ReportDirectory dir = ReportDirectory.check(out, file -> true, temporaries);
        CountDownLatch halfWay = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        CompletableFuture<List<Path>> writing = CompletableFuture.supplyAsync(() -> dir.write(staging -> {
            write(staging, "a.csv");
            halfWay.countDown();
            await(interrupted);
            write(staging, "b.csv");
            return List.of("a.csv", "b.csv");
        }));
        assertTrue(halfWay.await(10, TimeUnit.SECONDS));
        assertEquals(1, names(parent).size(), "the temporary directory exists while the renderer writes");
        temporaries.discardAll();
        interrupted.countDown();
        Throwable failure = assertThrows(Exception.class, () -> writing.get(10, TimeUnit.SECONDS)).getCause();
        assertTrue(failure instanceof InputError, String.valueOf(failure));
        assertEquals(Set.of(), names(parent));
    }

    @Test
    void anExistingDirectoryKeepsWhatTheReportDoesNotOwn() throws IOException {
        Path out = Files.createDirectory(parent.resolve("out"));
        Files.writeString(out.resolve("notes.txt"), "mine");
        Files.writeString(out.resolve("stale.csv"), "from an earlier report");
        Files.createDirectory(out.resolve("sub"));
        Files.writeString(out.resolve("sub").resolve("keep.txt"), "mine too");
        ReportDirectory dir = ReportDirectory.check(out, file -> file.toString().endsWith(".csv"));
        dir.write(staging -> {
            write(staging, "new.csv");
            write(Files.createDirectory(staging.resolve("sub")), "inner.csv");
            return List.of("sub", "new.csv");
        });
        assertEquals(Set.of("notes.txt", "new.csv", "sub"), names(out));
        assertEquals(Set.of("keep.txt", "inner.csv"), names(out.resolve("sub")));
        assertEquals(Set.of("out"), names(parent));
    }

    private static String write(Path dir, String name) throws IOException {
        Files.writeString(dir.resolve(name), name);
        return name;
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static Set<String> names(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).collect(Collectors.toSet());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
