package org.cmmalab.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.cmmalab.harness.cli.ExitCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./cmma} script, run on a copy with stand-ins for {@code mvn} and {@code java} (the
 * real build takes minutes): it says when it builds, tells Java whether standard error is a
 * terminal, and has its own status for a failed build.
 */
class CmmaScriptTest {
    @TempDir
    Path root;
    private Path bin;

    @BeforeEach
    void copyTheScript() throws IOException {
        Files.copy(Path.of("..", "cmma"), root.resolve("cmma"));
        bin = Files.createDirectory(root.resolve("bin"));
        stub("mvn", "[ -n \"${FAIL_BUILD:-}\" ] && { echo 'BUILD FAILURE'; exit 1; }\n"
                + "mkdir -p harness/target && touch harness/target/cmma.jar");
        stub("java", "echo \"java $*\"");
    }

    private void stub(String name, String body) throws IOException {
        Path file = Files.writeString(bin.resolve(name), "#!/usr/bin/env bash\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private record Result(int status, String out, String err) {
    }

    private Result cmma(Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("cmma").toString(), "compare")
                .redirectOutput(root.resolve("out").toFile()).redirectError(root.resolve("err").toFile());
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().putAll(env);
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Result(p.exitValue(), Files.readString(root.resolve("out")), Files.readString(root.resolve("err")));
    }

    @Test
    void theFirstBuildSaysSoAndLaterRunsDoNot() throws Exception {
        Result first = cmma(Map.of());
        assertEquals(0, first.status(), first.err());
        assertEquals("cmma: building harness/target/cmma.jar (first run) ...\n", first.err());
        assertTrue(first.out().startsWith("java "), first.out());
        assertTrue(first.out().contains(" compare"), first.out());

        Result second = cmma(Map.of());
        assertEquals("", second.err());
    }

    @Test
    void javaIsToldThatALogIsNotATerminal() throws Exception {
        Result r = cmma(Map.of());
        assertTrue(r.out().contains("-Dcmma.stderrIsTerminal=false"), r.out());
    }

    @Test
    void aFailedBuildHasItsOwnStatusAndShowsMaven() throws Exception {
        Result r = cmma(Map.of("FAIL_BUILD", "1"));
        assertEquals(ExitCode.BUILD_FAILED.code(), r.status());
        assertTrue(r.err().contains("cmma: the build failed; Maven said:\nBUILD FAILURE"), r.err());
    }
}
