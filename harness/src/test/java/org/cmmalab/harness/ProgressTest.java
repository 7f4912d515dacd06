package org.cmmalab.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A progress bar is drawn only on a terminal: standard error sent to a log gets no
 * carriage-return frames, and {@code --json}'s standard output never a bar.
 */
class ProgressTest {
    @TempDir
    Path dir;

    private Process compare(List<String> jvmOptions) throws IOException {
        Path small = Files.writeString(dir.resolve("small.yaml"), OutputPathTest.SMALL);
        return Subprocess.start(dir, jvmOptions, "compare", "--scenario", small.toString(), "--threads=1", "--json");
    }

    @Test
    void aLogGetsNoBar() throws Exception {
        Process cmma = compare(List.of("-Xmx512m"));
        assertTrue(cmma.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, cmma.exitValue(), Files.readString(dir.resolve("stderr")));
        assertEquals("", Files.readString(dir.resolve("stderr")));
        new ObjectMapper().readTree(dir.resolve("stdout").toFile());
    }

    /** What ./cmma says when standard error is a terminal: the bar goes there, and standard output stays JSON. */
    @Test
    void aTerminalGetsTheBarOnStandardErrorOnly() throws Exception {
        Process cmma = compare(List.of("-Xmx512m", "-Dcmma.stderrIsTerminal=true"));
        assertTrue(cmma.waitFor(120, TimeUnit.SECONDS));
        String err = Files.readString(dir.resolve("stderr"));
        assertEquals(0, cmma.exitValue(), err);
        assertTrue(err.contains("\r") && err.contains("small"), err);
        String out = Files.readString(dir.resolve("stdout"));
        assertFalse(out.contains("\r"));
        new ObjectMapper().readTree(out);
    }
}
