package org.cmmalab.pagestates;

/**
 * The state of one frame packed into the low byte of an {@code int} (a "state word"), the form in
 * which {@link FrameTable} stores it and {@link FrameTable#essa ESSA} returns it.
 *
 * <pre>
 *  bit  7        6       5         4          3..2      1..0
 *      BACKED   NODAT   HOST_CHG  GUEST_CHG  content   usage
 * </pre>
 *
 * <ul>
 *   <li>usage: S=0 U=1 V=2 P=3; content: r=0 p=1 z=2 (3 is never used). These are the word's own
 *       bit values, not the architected codes ESSA returns ({@link #resultCode});</li>
 *   <li>content is what ESSA reports: resident, preserved, or logically zero. What the host
 *       actually holds for a frame that is not resident is {@code BACKED}: under {@code zvm} the
 *       two always agree ({@code p} is on the device, {@code z} is nothing), under {@code kvm}
 *       they need not (KVM reports {@code p} for a page it holds nothing for, and {@code z} for
 *       a swapped-out page whose slot it has not yet freed; see {@link StateModel});</li>
 *   <li>GUEST_CHG, the change bit: set by every guest store, cleared by the guest when it has
 *       written the page back to its own backing store;</li>
 *   <li>HOST_CHG: set by every guest store, cleared when the host pages the frame in, zero-fills it,
 *       or starts writing it out; a resident frame with HOST_CHG clear equals its last fill;</li>
 *   <li>NODAT: set by SET_STABLE_NODAT, cleared by SET_STABLE;</li>
 *   <li>BACKED: the paging device holds a copy of the content as of the last page-in or write-out,
 *       so a resident frame that is also not HOST_CHG can be freed without a write, and a frame
 *       that is not resident is read back from the device on its next access.</li>
 * </ul>
 *
 * Which words are legal, and what each operation does to a word, depends on the host: see
 * {@link StateModel}.
 */
public final class FrameState {
    public static final int USAGE_MASK = 0x3;
    public static final int CONTENT_SHIFT = 2;
    public static final int CONTENT_MASK = 0x3 << CONTENT_SHIFT;
    public static final int GUEST_CHANGED = 1 << 4;
    public static final int HOST_CHANGED = 1 << 5;
    public static final int NODAT = 1 << 6;
    public static final int BACKED = 1 << 7;
    /** The bits that make up a state; every word in the frame table is one of these 256 values. */
    public static final int STATE_MASK = 0xFF;
    /** How many distinct state words there are (legal or not). */
    public static final int WORDS = STATE_MASK + 1;

    private FrameState() {
    }

    public static int of(UsageState usage, ContentState content) {
        return usage.ordinal() | content.ordinal() << CONTENT_SHIFT;
    }

    public static UsageState usage(int word) {
        return UsageState.ofBits(word & USAGE_MASK);
    }

    public static ContentState content(int word) {
        return ContentState.ofBits((word & CONTENT_MASK) >>> CONTENT_SHIFT);
    }

    public static boolean isResident(int word) {
        return (word & CONTENT_MASK) == 0;
    }

    public static boolean guestChanged(int word) {
        return (word & GUEST_CHANGED) != 0;
    }

    public static boolean hostChanged(int word) {
        return (word & HOST_CHANGED) != 0;
    }

    public static boolean noDat(int word) {
        return (word & NODAT) != 0;
    }

    public static boolean backed(int word) {
        return (word & BACKED) != 0;
    }

    /** The same flags with another usage and content. */
    public static int with(int word, UsageState usage, ContentState content) {
        return word & ~(USAGE_MASK | CONTENT_MASK) | of(usage, content);
    }

    /**
     * The result ESSA returns for a frame in the state {@code word}, in the architected encoding:
     * block-content code in bits 0-1 ({@link ContentState#code}), block-usage code in bits 2-3
     * ({@link UsageState#code}), and the no-DAT flag in bit 5, as KVM's {@code __do_essa}
     * ({@code arch/s390/kvm/priv.c}) assembles it.
     */
    public static int resultCode(int word) {
        return content(word).code() | usage(word).code() << 2 | (noDat(word) ? 0x20 : 0);
    }

    /** The spec's two-letter name, such as {@code Sr} or {@code Vz}. */
    public static String name(int word) {
        return "" + usage(word).letter() + content(word).letter();
    }

    /** The name with the flags that are set, such as {@code Sr+gc+hc}. */
    public static String describe(int word) {
        StringBuilder sb = new StringBuilder(name(word));
        if (guestChanged(word)) sb.append("+gc");
        if (hostChanged(word)) sb.append("+hc");
        if (noDat(word)) sb.append("+nodat");
        if (backed(word)) sb.append("+backed");
        return sb.toString();
    }
}
