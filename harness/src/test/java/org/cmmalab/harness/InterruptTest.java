package org.cmmalab.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C while {@code cmma compare --out} writes its report: the process ends with status 130
 * and leaves neither the report directory nor its temporary sibling.
 */
class InterruptTest {
    private static final long SIGINT = 2;

    @TempDir
    Path dir;

    @Test
    void anInterruptWhileTheReportIsWrittenLeavesNothingBehind() throws Exception {
        // Forty ratios of one tiny guest: the runs take moments, the forty charts a few seconds.
        String ratios = IntStream.range(0, 40).mapToObj(i -> String.valueOf(1 + i / 10.0)).collect(Collectors.joining(", "));
        Path scenario = Files.writeString(dir.resolve("many-ratios.yaml"), String.join("\n",
                "name: many-ratios",
                "durationSeconds: 1",
                "overcommit: [" + ratios + "]",
                "policies: [none]",
                "guests:",
                "  - {name: vm, count: 1, memoryMiB: 16, workload: idle, params: {bootFilePages: 64, daemonPages: 64}}",
                ""));
        Path parent = Files.createDirectory(dir.resolve("reports"));
        Process cmma = Subprocess.start(dir, List.of("-Xmx512m"), "compare", "--scenario", scenario.toString(),
                "--threads", "2", "--out", parent.resolve("out").toString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (names(parent).stream().noneMatch(n -> n.startsWith(".out.tmp-"))) {
            assertTrue(cmma.isAlive(), "cmma ended before it began the report: " + Files.readString(dir.resolve("stderr")));
            assertTrue(System.nanoTime() < deadline, "no temporary directory appeared");
            Thread.sleep(2);
        }
        long signal = ignoresSigint(cmma.pid()) ? 15 : SIGINT;
        new ProcessBuilder("kill", "-" + signal, Long.toString(cmma.pid())).start().waitFor();
        assertTrue(cmma.waitFor(60, TimeUnit.SECONDS));
        assertEquals(128 + signal, cmma.exitValue(), Files.readString(dir.resolve("stderr")));
        assertEquals(Set.of(), names(parent), "neither the report nor its temporary directory");
    }

    /**
     * Whether the process ignores SIGINT, as a process started in the background by a
     * non-interactive shell does (a JVM then installs no handler for it): its {@code SigIgn} mask.
     * Such a process is sent SIGTERM instead, which runs the same shutdown hooks.
     */
    private static boolean ignoresSigint(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring("SigIgn:".length()).strip(), 16) & (1L << (SIGINT - 1))) != 0;
            }
        }
        return false;
    }

    private static Set<String> names(Path dir) throws IOException {
        return OutputPathTest.names(dir);
    }
}
