package org.cmmalab.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cmmalab.harness.cli.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every exit status is documented where a user looks, and running out of heap has its own. */
class ExitStatusTest {
    @TempDir
    Path dir;

    @Test
    void runningOutOfHeapIsOneMessageWithItsOwnStatus() throws Exception {
        Process cmma = Subprocess.start(dir, List.of("-Xmx48m"), "compare");
        assertTrue(cmma.waitFor(120, TimeUnit.SECONDS));
        String err = Files.readString(dir.resolve("stderr"));
        assertEquals(ExitCode.OUT_OF_MEMORY.code(), cmma.exitValue(), err);
        assertEquals(1, err.strip().lines().count(), err);
        assertTrue(err.startsWith("cmma: out of memory: the run needed more than the 48 MiB of Java heap it had; "
                + "give it more with CMMA_JAVA_OPTS, for example CMMA_JAVA_OPTS='-Xmx96m'"), err);
        assertEquals("", Files.readString(dir.resolve("stdout")));
    }

    @Test
    void helpListsEveryExitStatus() {
        ReplayCommandTest.Captured c = ReplayCommandTest.run("--help");
        assertEquals(0, c.status());
        String help = c.out().replaceAll("\\s+", " ");
        for (ExitCode e : ExitCode.values()) {
            assertTrue(help.contains(" " + e.code() + " " + e.meaning()), e + " in: " + help);
        }
    }

    @Test
    void theReadmeListsEveryExitStatus() throws IOException {
        String doc = Files.readString(Path.of("..", "README.md"));
        for (ExitCode e : ExitCode.values()) {
            assertTrue(doc.contains("| " + e.code() + " | " + e.meaning() + " |"), e.toString());
        }
    }

    @Test
    void aMistypedOptionIsOneLineNotTheWholeHelp() {
        ReplayCommandTest.Captured c = ReplayCommandTest.run("compare", "--scenarios=web-farm");
        assertEquals(ExitCode.BAD_INPUT.code(), c.status());
        assertEquals("cmma: Unknown option: '--scenarios=web-farm' (see cmma compare --help)", c.err().strip());
    }
}
