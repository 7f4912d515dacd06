package org.cmmalab.hostpager;

import org.quicktheories.QuickTheory;

/**
 * How long the generated properties run: {@code -Dcmma.examples=N} examples each (default 200), so
 * that a user can run them far longer than CI does.
 */
public final class Properties {
    public static final int EXAMPLES = Integer.getInteger("cmma.examples", 200);

    private Properties() {
    }

    public static QuickTheory qt() {
        return QuickTheory.qt().withExamples(EXAMPLES);
    }
}
