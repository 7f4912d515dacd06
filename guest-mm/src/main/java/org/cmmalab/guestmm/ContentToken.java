package org.cmmalab.guestmm;

/**
 * Content tokens: what a page holds, as one {@code long}, so that every read can be checked
 * against what the guest last wrote or what its file holds (design.md, "No lost data").
 *
 * <pre>
 *  bit 63   62      61..50   49..0
 *      0    1       guest    hash(kind, object, page, version)
 * </pre>
 *
 * A token is never 0 (the zero page) and never negative, so it cannot be mistaken for
 * {@link GuestMemory#DISCARD_FAULT}. The guest number is kept in clear so that a token found in
 * another guest's frame names its owner; the rest is a 50-bit mix of the page's identity and
 * version (SplitMix64's finalizer), so two different contents share a token with probability
 * 2<sup>-50</sup> per comparison, which a lost page would need to slip through unseen.
 */
public final class ContentToken {
    /** The content of a page nobody has written: all zeros. */
    public static final long ZERO = 0;
    /** The largest guest number a token can carry. */
    public static final int MAX_GUEST = (1 << 12) - 1;

    private static final long VALID = 1L << 62;
    private static final int GUEST_SHIFT = 50;
    private static final long HASH_MASK = (1L << GUEST_SHIFT) - 1;
    private static final long FILE = 0x5F1L << 52;
    private static final long ANON = 0xA70L << 52;

    private ContentToken() {
    }

    /** Version {@code version} of page {@code page} of file {@code file}. */
    public static long file(int guest, int file, int page, int version) {
        return token(guest, FILE, file, page, version);
    }

    /** Version {@code version} of anonymous page {@code page} of process {@code process}. */
    public static long anon(int guest, int process, int page, int version) {
        return token(guest, ANON, process, page, version);
    }

    /** Whether {@code value} is some page's token: neither the zero page nor a fault marker. */
    public static boolean isPage(long value) {
        return value > 0 && (value & VALID) != 0;
    }

    /** The guest whose page this token is. */
    public static int guest(long token) {
        return (int) (token >>> GUEST_SHIFT) & MAX_GUEST;
    }

    static void checkGuest(int guest) {
        if (guest < 0 || guest > MAX_GUEST) {
            throw new IllegalArgumentException("guest number " + guest + " is out of range 0.." + MAX_GUEST);
        }
    }

    private static long token(int guest, long kind, int object, int page, int version) {
        long h = mix(kind ^ (long) object << 20 ^ 0x9E3779B97F4A7C15L);
        h = mix(h ^ ((long) page << 32 | version & 0xFFFF_FFFFL));
        return VALID | (long) guest << GUEST_SHIFT | h & HASH_MASK;
    }

    private static long mix(long z) {
        z = (z ^ z >>> 30) * 0xBF58476D1CE4E5B9L;
        z = (z ^ z >>> 27) * 0x94D049BB133111EBL;
        return z ^ z >>> 31;
    }
}
