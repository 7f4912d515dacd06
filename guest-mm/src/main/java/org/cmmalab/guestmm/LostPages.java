package org.cmmalab.guestmm;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Counts lost pages and keeps the first {@link #KEPT} reports; a loss is never dropped silently.
 * A lost page that shows content this guest could never see legitimately is also a leak across
 * guests: another guest's private token, or a page of a disk image this guest was not booted
 * from ({@link ContentToken#isForeign}). A shared image page in place of a private one is a loss
 * but not a leak: every guest of that image may read it.
 */
final class LostPages {
    static final int KEPT = 64;
    private final GuestCounters counters;
    private final int guest;
    private final int image;
    private final List<LostPage> first = new ArrayList<>();

    LostPages(GuestCounters counters, int guest, int image) {
        this.counters = counters;
        this.guest = guest;
        this.image = image;
    }

    /** A lost page of {@code owner} (an address space, or a driver's data), named by its {@code toString} when kept. */
    void report(Object owner, int page, int frame, long expected, long found) {
        counters.lostPages++;
        if (ContentToken.isForeign(found, guest, image)) {
            counters.leaks++;
        }
        if (first.size() < KEPT) {
            first.add(new LostPage(owner.toString(), page, frame, expected, found));
        }
    }

    List<LostPage> reports() {
        return Collections.unmodifiableList(first);
    }
}
