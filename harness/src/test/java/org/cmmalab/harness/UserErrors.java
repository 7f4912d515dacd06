package org.cmmalab.harness;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;

/**
 * What the fuzz tests ask of every error a reader throws for a user's file: one line of
 * printable text, nothing a terminal would act on, that starts with the file and, where the error
 * has one, the line ({@code FILE:LINE: what}).
 */
public final class UserErrors {
    private UserErrors() {
    }

    /** {@code FILE:LINE: ...}, printable. */
    public static void atALine(InputError e, String file) {
        printable(e);
        assertTrue(Pattern.compile(Pattern.quote(file) + ":[0-9]+: .+").matcher(e.getMessage()).matches(),
                "no FILE:LINE: " + e.getMessage());
    }

    /** {@code FILE:LINE: ...} or {@code FILE: ...}, printable. */
    public static void inAFile(InputError e, String file) {
        printable(e);
        assertTrue(Pattern.compile(Pattern.quote(file) + "(:[0-9]+)?: .+").matcher(e.getMessage()).matches(),
                "no FILE: " + e.getMessage());
    }

    private static void printable(InputError e) {
        String m = e.getMessage();
        for (int i = 0; i < m.length(); i++) {
            char c = m.charAt(i);
            assertTrue(c >= 0x20 && c != 0x7f && !(c >= 0x80 && c < 0xa0) && c != 0xfffd
                    && !Character.isSurrogate(c) && Character.getType(c) != Character.FORMAT,
                    String.format("character U+%04x at %d of: %s", (int) c, i, m));
        }
    }
}
