package org.cmmalab.pagestates;

/**
 * The notation the tests write expected state words in: the spec's two-letter pair, then the
 * flags that are set, such as {@code Sp+gc+backed} ({@code gc} guest change bit, {@code hc} host
 * change bit, {@code nodat}, {@code backed}). It is parsed here letter by letter, not with the code
 * under test, so that an expected value in a table means what it says.
 */
final class Words {
    private Words() {
    }

    static int parse(String text) {
        String[] parts = text.trim().split("\\+");
        String pair = parts[0];
        if (pair.length() != 2) {
            throw new IllegalArgumentException("not a state pair: '" + pair + "' in '" + text + "'");
        }
        int word = usageBits(pair.charAt(0)) | contentBits(pair.charAt(1)) << FrameState.CONTENT_SHIFT;
        for (int i = 1; i < parts.length; i++) {
            word |= flag(parts[i], text);
        }
        return word;
    }

    /** S=0 U=1 V=2 P=3, as the layout in {@link FrameState}'s class comment says. */
    private static int usageBits(char letter) {
        switch (letter) {
            case 'S': return 0;
            case 'U': return 1;
            case 'V': return 2;
            case 'P': return 3;
            default: throw new IllegalArgumentException("not a usage state: " + letter);
        }
    }

    /** r=0 p=1 z=2, as the layout in {@link FrameState}'s class comment says. */
    private static int contentBits(char letter) {
        switch (letter) {
            case 'r': return 0;
            case 'p': return 1;
            case 'z': return 2;
            default: throw new IllegalArgumentException("not a content state: " + letter);
        }
    }

    private static int flag(String name, String text) {
        switch (name) {
            case "gc": return FrameState.GUEST_CHANGED;
            case "hc": return FrameState.HOST_CHANGED;
            case "nodat": return FrameState.NODAT;
            case "backed": return FrameState.BACKED;
            default: throw new IllegalArgumentException("unknown flag '" + name + "' in '" + text + "'");
        }
    }

    /** For failure messages: the word in the same notation, or its bits if it is not a state word. */
    static String show(int word) {
        if (word < 0 || word > FrameState.STATE_MASK || (word & FrameState.CONTENT_MASK) == FrameState.CONTENT_MASK) {
            return "0x" + Integer.toHexString(word);
        }
        return FrameState.describe(word);
    }
}
