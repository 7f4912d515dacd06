package org.cmmalab.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Commands the integration tests run as a user or a cluster would: the jar, the deploy/ scripts. */
final class Processes {
    private Processes() {
    }

    /**
     * Runs {@code command} with {@code env} added (and the system directories on the path, where
     * the Slurm daemons live), and returns its standard output; fails the test on a non-zero exit,
     * with its standard error.
     */
    static String output(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        pb.environment().put("PATH", pb.environment().getOrDefault("PATH", "/usr/bin:/bin") + ":/usr/sbin:/sbin");
        Path err = Files.createTempFile("cmma-it", ".err");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = p.waitFor();
        String stderr = Files.readString(err);
        Files.delete(err);
        assertEquals(0, status, command + " failed: " + stderr);
        return out;
    }
}
