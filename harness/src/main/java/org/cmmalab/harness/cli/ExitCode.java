package org.cmmalab.harness.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every exit status of {@code cmma}, in one place: the commands return them, {@code cmma --help}
 * lists them from here, and the README's list is checked against this one. {@link #BUILD_FAILED}
 * is the {@code ./cmma} script's own, before Java runs; {@link #INTERRUPTED} is the JVM's (128 +
 * SIGINT), after the shutdown hooks have run.
 */
public enum ExitCode {
    OK(0, "Success; every run held its invariants."),
    INVARIANT_BROKEN(1, "An invariant broke: a run lost or leaked pages; its results are not valid."),
    BAD_INPUT(2, "Bad input: an option, a scenario or trace file, or an output directory; one message says which."),
    OUT_OF_MEMORY(3, "The Java heap ran out; the message says how large it was and how to give it more (CMMA_JAVA_OPTS)."),
    BUILD_FAILED(4, "./cmma could not build harness/target/cmma.jar; the last lines of Maven's output follow."),
    INTERNAL_ERROR(70, "A bug in cmma: a stack trace follows; please report it with the command line."),
    INTERRUPTED(130, "Interrupted (Ctrl-C): no report is left half-written, and no temporary directory either.");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }

    /** Code to meaning, in order, as picocli's usage help lists exit codes. */
    static Map<String, String> helpList() {
        Map<String, String> list = new LinkedHashMap<>();
        for (ExitCode e : values()) {
            list.put(Integer.toString(e.code), e.meaning);
        }
        return list;
    }
}
