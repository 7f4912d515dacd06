package org.cmmalab.hostpager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;
import org.cmmalab.pagestates.Orc;
import org.junit.jupiter.api.Test;

/**
 * Two guests share a small host. Every token a guest stores names the guest in its high half; a
 * load may only ever return 0 or one of the loading guest's own tokens, whatever host frames and
 * device slots were reused between them, and for a page in use it must be the last one stored.
 */
class GuestIsolationTest {
    private static final int PAGES = 8;
    private static final int[] IDS = {11, 22};

    @Test
    void twoGuestsNeverSeeEachOthersTokens() {
        Properties.qt()
                .forAll(lists().of(integers().between(0, 2 * 3 * PAGES - 1)).ofSizeBetween(1, 300), integers().between(1, 6))
                .checkAssert((ops, frames) -> play(new Host(HostConfig.of(frames, 64)), ops));
    }

    /** Op: guest {@code op % 2}, page {@code op / 2 % PAGES}, kind {@code op / (2 * PAGES)}: load, store, free and reallocate. */
    private static void play(Host host, List<Integer> ops) {
        GuestSpace[] guests = {host.attach(IDS[0], PAGES), host.attach(IDS[1], PAGES)};
        long[][] expected = new long[2][PAGES];
        long counter = 0;
        for (int op : ops) {
            int g = op % 2;
            int page = op / 2 % PAGES;
            GuestSpace guest = guests[g];
            switch (op / (2 * PAGES)) {
                case 0: {
                    long token = guest.load(page);
                    assertEquals(expected[g][page], token, "guest " + IDS[g] + " page " + page);
                    break;
                }
                case 1: {
                    long token = (long) IDS[g] << 32 | ++counter;
                    assertTrue(guest.store(page, token));
                    expected[g][page] = token;
                    break;
                }
                default: {
                    // freed and allocated again: the content is its old self if the frame stayed, else zero
                    guest.essa(page, Orc.SET_UNUSED);
                    guest.essa(page, Orc.SET_STABLE);
                    long token = guest.load(page);
                    assertTrue(token == 0 || token == expected[g][page], "guest " + IDS[g] + " saw " + token);
                    expected[g][page] = token;
                    break;
                }
            }
        }
    }
}
