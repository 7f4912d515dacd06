package org.cmmalab.harness.cli;

import java.util.ArrayList;
import java.util.List;
import org.cmmalab.harness.InputError;

/** Checks of option values that picocli's types do not make. */
final class Options {
    private Options() {
    }

    /** Refuses a {@code value} of {@code option} that is not among {@code allowed} (a registry's names, {@link Choices}). */
    static void oneOf(String option, String value, Iterable<String> allowed) {
        List<String> names = new ArrayList<>();
        allowed.forEach(names::add);
        if (!names.contains(value)) {
            throw new InputError(option + " must be " + String.join(" or ", names) + ", was '" + InputError.excerpt(value) + "'");
        }
    }
}
