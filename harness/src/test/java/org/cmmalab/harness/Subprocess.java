package org.cmmalab.harness;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code cmma} in a JVM of its own, for what only a process shows: its heap limit, a signal, its exit status. */
final class Subprocess {
    private Subprocess() {
    }

    /** Starts {@code cmma ARGS} with {@code jvmOptions}, standard output and error into files in {@code dir}. */
    static Process start(Path dir, List<String> jvmOptions, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.cmmalab.harness.cli.Cmma"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectOutput(dir.resolve("stdout").toFile())
                .redirectError(dir.resolve("stderr").toFile()).redirectInput(ProcessBuilder.Redirect.PIPE).start();
    }
}
