package org.cmmalab.hostpager.ksm;

/**
 * KSM's smart scanning (Stefan Roesch, Linux 6.7, {@code mm/ksm.c}: {@code ksm_smart_scan}, on by
 * default, sysfs {@code smart_scan}): a page that keeps failing to merge is skipped by later full
 * scans, for intervals that grow with the number of times it has been looked at.
 *
 * <p>The rule is {@code should_skip_rmap_item} with {@code skip_age} (Linux 6.7 to 6.16), applied
 * each time the scanner reaches a page that is not a KSM page (a KSM page is never skipped and
 * does not age): the page's {@code age} counts these visits. The first three visits are never
 * skipped, so that a page can go through the checksum, the unstable tree and the merge. From the
 * fourth on, a visit with no skips left is scanned and grants {@code skip_age(age)} skips (1 up to
 * age 3, 2 up to 5, 4 up to 8, then 8), and each following visit spends one. A page that never
 * merges is therefore scanned at visits 1, 2, 3, 4, 6, 9, 14, 23, 32, 41, ...: every ninth once it
 * is old. A skipped visit costs the scanner nothing: it is not a scanned page and does not count
 * toward {@code pages_to_scan} ({@code scan_get_next_rmap_item} moves on to the next page).
 *
 * <p>State: one byte per frame, the age in the low four bits and the skips left in the high four.
 * Linux's age is a byte that saturates at 255; every age from 9 up behaves alike ({@code age < 3}
 * and {@code skip_age} are its only readers), so here it saturates at 9, which fits in four bits.
 * Linux keeps the age in the page's {@code rmap_item}, freed when the address stops mapping a
 * page; here it lives with the frame's checksum ({@link Checksums}) and goes when its chunk does.
 */
final class SmartScan {
    /** Set in {@link #visit}'s result when the visit is skipped. */
    static final int SKIP = 1 << 8;
    /** The state of a frame never visited: age 0, no skips. */
    static final int NEW = 0;
    /** Visits before skipping may start ({@code if (age < 3) return false}). */
    private static final int YOUNG = 3;
    /** Ages from here on behave alike: {@code skip_age} is 8 above 8. */
    private static final int AGE_CAP = 9;

    private SmartScan() {
    }

    /** One visit to a page that is not shared: its next state, with {@link #SKIP} set if this visit is skipped. */
    static int visit(int state) {
        int age = state & 0xF;
        int remaining = state >>> 4 & 0xF;
        int older = Math.min(age + 1, AGE_CAP);
        if (age < YOUNG) {
            return state(older, remaining);
        }
        if (remaining == 0) {
            return state(older, skipAge(age));
        }
        return state(older, remaining - 1) | SKIP;
    }

    /** {@code skip_age}: how many visits a page of this age skips after a scanned one. */
    static int skipAge(int age) {
        if (age <= 3) {
            return 1;
        }
        if (age <= 5) {
            return 2;
        }
        if (age <= 8) {
            return 4;
        }
        return 8;
    }

    private static int state(int age, int remaining) {
        return remaining << 4 | age;
    }
}
