package org.cmmalab.guestmm;

/**
 * Content tokens: what a page holds, as one {@code long}, so that every read can be checked
 * against what the guest last wrote or what its file holds (the invariant "no lost data" every run checks).
 *
 * <pre>
 *  bit 63   62      61..50   49       48..0
 *      0    1       owner    shared   hash(kind, object, page, version)
 * </pre>
 *
 * A token is never 0 (the zero page) and never negative, so it cannot be mistaken for
 * {@link GuestMemory#DISCARD_FAULT}. Two kinds of owner:
 * <ul>
 *   <li>A <em>private</em> token ({@code shared} clear) carries its guest's number in clear, so
 *       that a token found in another guest's frame names its owner: anonymous pages, and every
 *       version of a file page that a guest wrote itself.</li>
 *   <li>A <em>shared</em> token ({@code shared} set) carries an image number instead: the content
 *       a file page has on a disk image that several guests boot from ({@link KernelConfig#image}),
 *       the same in every one of them, as long as no guest has written it. Page sharing
 *       (KSM, content-based sharing) can merge such pages across guests; the zero page,
 *       {@link #ZERO}, is identical everywhere too.</li>
 * </ul>
 * The rest is a 49-bit mix of the page's identity and version (SplitMix64's finalizer), so two
 * different contents share a token with probability 2<sup>-49</sup> per comparison, which a lost
 * page would need to slip through unseen.
 */
public final class ContentToken {
    /** The content of a page nobody has written: all zeros. */
    public static final long ZERO = 0;
    /** The largest guest (or image) number a token can carry. */
    public static final int MAX_GUEST = (1 << 12) - 1;

    private static final long VALID = 1L << 62;
    private static final int GUEST_SHIFT = 50;
    private static final long SHARED = 1L << 49;
    private static final long HASH_MASK = SHARED - 1;
    private static final long FILE = 0x5F1L << 52;
    private static final long ANON = 0xA70L << 52;
    private static final long KERNEL = 0xCE1L << 52;

    private ContentToken() {
    }

    /** Version {@code version} of page {@code page} of file {@code file}, private to {@code guest}. */
    public static long file(int guest, int file, int page, int version) {
        return token(guest, FILE, file, page, version);
    }

    /**
     * Page {@code page} of file {@code file} as disk image {@code image} holds it: the same token
     * in every guest that boots from that image.
     */
    public static long imageFile(int image, int file, int page) {
        return token(image, FILE, file, page, 0) | SHARED;
    }

    /** Version {@code version} of anonymous page {@code page} of process {@code process}. */
    public static long anon(int guest, int process, int page, int version) {
        return token(guest, ANON, process, page, version);
    }

    /**
     * Version {@code version} of page {@code page} of the guest kernel's own object {@code object}
     * (data a driver keeps in guest frames, such as a compressed swap pool's), private to {@code guest}.
     */
    public static long kernel(int guest, int object, int page, int version) {
        return token(guest, KERNEL, object, page, version);
    }

    /** Whether {@code value} is some page's token: neither the zero page nor a fault marker. */
    public static boolean isPage(long value) {
        return value > 0 && (value & VALID) != 0;
    }

    /** Whether a page token is an image's content rather than one guest's own. */
    public static boolean isShared(long token) {
        return (token & SHARED) != 0;
    }

    /** The guest whose page a private token is (for a shared token: its image, see {@link #image}). */
    public static int guest(long token) {
        return (int) (token >>> GUEST_SHIFT) & MAX_GUEST;
    }

    /** The image a shared token comes from. */
    public static int image(long token) {
        return guest(token);
    }

    /**
     * Whether {@code found}, read where a page of guest {@code guest} booted from image
     * {@code image} ({@link KernelConfig#NO_IMAGE} for none) should be, is content that guest could
     * never see legitimately: another guest's private page, or a page of an image it does not have.
     */
    public static boolean isForeign(long found, int guest, int image) {
        if (!isPage(found)) {
            return false;
        }
        return isShared(found) ? image(found) != image : guest(found) != guest;
    }

    static void checkGuest(int guest) {
        if (guest < 0 || guest > MAX_GUEST) {
            throw new IllegalArgumentException("guest number " + guest + " is out of range 0.." + MAX_GUEST);
        }
    }

    private static long token(int owner, long kind, int object, int page, int version) {
        long h = mix(kind ^ (long) object << 20 ^ 0x9E3779B97F4A7C15L);
        h = mix(h ^ ((long) page << 32 | version & 0xFFFF_FFFFL));
        return VALID | (long) owner << GUEST_SHIFT | h & HASH_MASK;
    }

    private static long mix(long z) {
        z = (z ^ z >>> 30) * 0xBF58476D1CE4E5B9L;
        z = (z ^ z >>> 27) * 0x94D049BB133111EBL;
        return z ^ z >>> 31;
    }
}
