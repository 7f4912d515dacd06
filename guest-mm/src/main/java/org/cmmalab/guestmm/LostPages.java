package org.cmmalab.guestmm;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Counts lost pages and keeps the first {@link #KEPT} reports; a loss is never dropped silently.
 * A lost page that shows another guest's token is also a leak across guests.
 */
final class LostPages {
    static final int KEPT = 64;
    private final GuestCounters counters;
    private final int guest;
    private final List<LostPage> first = new ArrayList<>();

    LostPages(GuestCounters counters, int guest) {
        this.counters = counters;
        this.guest = guest;
    }

    void report(AddressSpace owner, int page, int frame, long expected, long found) {
        counters.lostPages++;
        if (ContentToken.isPage(found) && ContentToken.guest(found) != guest) {
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
