package org.cmmalab.harness;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * A mistake in what the user gave us: a file, a line in it, an option's value. The message names
 * the file, line and value (for example {@code traces/x.gz:12: not a block number: 'abc'}); the
 * command line prints it alone, prefixed by {@code cmma:}, and exits with status 2. Never a stack
 * trace for a user's mistake.
 */
public final class InputError extends RuntimeException {
    /** How many characters of a value {@link #excerpt} shows. */
    public static final int EXCERPT = 40;
    private static final long serialVersionUID = 1L;

    public InputError(String message) {
        super(message, null, false, false);
    }

    /** An error at {@code line} (1-based) of {@code file}: {@code FILE:LINE: message}. */
    public static InputError at(Object file, long line, String message) {
        return new InputError(file + ":" + line + ": " + message);
    }

    /** The path a user's text names, or this error if the text cannot name a file at all. */
    public static Path pathOf(String text) {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new InputError("'" + excerpt(text) + "' is not a file name: " + e.getReason());
        }
    }

    /**
     * A value from a user's file as an error message may show it: at most {@value #EXCERPT}
     * characters (then {@code ...}), and every character a terminal could act on (controls,
     * escapes, bytes that were not text) written as {@code \xHH} (or a backslash, u and four hex digits), so that a
     * binary file's error never sends raw bytes to the terminal.
     */
    public static String excerpt(String value) {
        return value.length() > EXCERPT ? printable(value.substring(0, EXCERPT)) + "..." : printable(value);
    }

    /** {@code text} with every character a terminal could act on escaped, as {@link #excerpt} does, but whole. */
    public static String printable(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7f || c >= 0xa0 && Character.isLetterOrDigit(c)) {
                out.append(c);
            } else {
                out.append(String.format(c < 0x100 ? "\\x%02x" : "\\u%04x", (int) c));
            }
        }
        return out.toString();
    }
}
