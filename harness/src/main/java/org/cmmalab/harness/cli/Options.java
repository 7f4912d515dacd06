package org.cmmalab.harness.cli;

import java.util.List;
import org.cmmalab.harness.InputError;

/** Checks of option values that picocli's types do not make. */
final class Options {
    private Options() {
    }

    static void oneOf(String option, String value, String... allowed) {
        if (!List.of(allowed).contains(value)) {
            throw new InputError(option + " must be " + String.join(" or ", allowed) + ", was '" + value + "'");
        }
    }
}
