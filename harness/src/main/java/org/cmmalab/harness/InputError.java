package org.cmmalab.harness;

/**
 * A mistake in what the user gave us: a file, a line in it, an option's value. The message names
 * the file, line and value (for example {@code traces/x.gz:12: not a block number: 'abc'}); the
 * command line prints it alone, prefixed by {@code cmma:}, and exits with status 2. Never a stack
 * trace for a user's mistake.
 */
public final class InputError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InputError(String message) {
        super(message, null, false, false);
    }

    /** An error at {@code line} (1-based) of {@code file}: {@code FILE:LINE: message}. */
    public static InputError at(Object file, long line, String message) {
        return new InputError(file + ":" + line + ": " + message);
    }
}
