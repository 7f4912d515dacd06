package org.cmmalab.harness.cli;

/**
 * A mistake in what the user gave us (a file, a line, a value). Its message is printed alone,
 * prefixed by {@code cmma:}, and the command exits with status {@link Cmma#USAGE}.
 */
public final class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserError(String message) {
        super(message, null, false, false);
    }
}
