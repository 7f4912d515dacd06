package org.cmmalab.hostpager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.List;
import org.cmmalab.hostpager.replacement.ReplacementPolicies;
import org.cmmalab.hostpager.replacement.UnitKey;
import org.junit.jupiter.api.Test;

/**
 * A host of N frames with one guest: its faults (page-ins plus zero fills) must equal the misses
 * of the textbook policy on the same reference string, whatever mix of loads and stores (and so of
 * discards, drops and write-outs) the references are; and no load may see a token other than the
 * one last stored.
 */
class ReplacementMissesTest {
    private static final int PAGES = 24;
    private static final int GUEST = 7;

    @Test
    void textbookOraclesCountTheClassicExample() {
        assertEquals(12, Textbook.lruMisses(Textbook.CLASSIC, 3));
        assertEquals(9, Textbook.beladyMisses(Textbook.CLASSIC, 3));
    }

    @Test
    void lruFaultsEqualTextbookLruMisses() {
        Properties.qt()
                .forAll(lists().of(integers().between(0, 2 * PAGES - 1)).ofSizeBetween(1, 400), integers().between(1, 12))
                .checkAssert((ops, frames) -> {
                    Host host = new Host(HostConfig.of(frames, PAGES));
                    replay(host, ops);
                    assertEquals(Textbook.lruMisses(pages(ops), frames), host.counters().faults());
                });
    }

    @Test
    void clockFaultsEqualTextbookClockMisses() {
        Properties.qt()
                .forAll(lists().of(integers().between(0, 2 * PAGES - 1)).ofSizeBetween(1, 400), integers().between(1, 12))
                .checkAssert((ops, frames) -> {
                    Host host = new Host(HostConfig.of(frames, PAGES).withReplacement("clock"));
                    replay(host, ops);
                    assertEquals(Textbook.clockMisses(pages(ops), frames), host.counters().faults());
                });
    }

    @Test
    void optFaultsOnTheClassicStringAreBeladys() {
        Host host = new Host(HostConfig.of(3, 8).withOpt(keys(Textbook.CLASSIC)));
        GuestSpace guest = host.attach(GUEST, 8);
        for (int page : Textbook.CLASSIC) {
            guest.load(page);
        }
        assertEquals(9, host.counters().faults());
    }

    /** A replay retries: each reference here is a load, a store and another load of the same page. */
    @Test
    void optDoesNotAdvanceOnRepeatedAccessesToOneReference() {
        Host host = new Host(HostConfig.of(3, 8).withOpt(keys(Textbook.CLASSIC)));
        GuestSpace guest = host.attach(GUEST, 8);
        for (int page : Textbook.CLASSIC) {
            guest.load(page);
            guest.store(page, page + 100);
            assertEquals(page + 100, guest.load(page));
        }
        assertEquals(9, host.counters().faults());
    }

    @Test
    void optFaultsEqualBeladyMisses() {
        Properties.qt()
                .forAll(lists().of(integers().between(0, 2 * PAGES - 1)).ofSizeBetween(1, 200), integers().between(1, 12))
                .checkAssert((ops, frames) -> {
                    Host host = new Host(HostConfig.of(frames, PAGES).withOpt(keys(pages(ops))));
                    replay(host, ops);
                    assertEquals(Textbook.beladyMisses(pages(ops), frames), host.counters().faults());
                });
    }

    @Test
    void optIsNeverWorseThanLru() {
        Properties.qt()
                .forAll(lists().of(integers().between(0, PAGES - 1)).ofSizeBetween(1, 200), integers().between(1, 12))
                .checkAssert((refs, frames) -> {
                    Host opt = new Host(HostConfig.of(frames, PAGES).withOpt(keys(refs)));
                    Host lru = new Host(HostConfig.of(frames, PAGES));
                    replay(opt, refs);
                    replay(lru, refs);
                    assertTrue(opt.counters().faults() <= lru.counters().faults());
                });
    }

    @Test
    void registryNamesItsPoliciesAndRefusesOthers() {
        assertEquals(List.of("lru", "clock", "opt"), new ArrayList<>(ReplacementPolicies.names()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Host(HostConfig.of(4, 4).withReplacement("fifo")));
        assertTrue(e.getMessage().contains("fifo") && e.getMessage().contains("lru, clock, opt"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Host(HostConfig.of(4, 4).withReplacement("opt")));
    }

    /**
     * Plays {@code ops} through one guest: op {@code v} touches page {@code v % PAGES}, with a store
     * of a fresh token if {@code v >= PAGES}, else a load that must return the last token stored.
     */
    private static void replay(Host host, List<Integer> ops) {
        GuestSpace guest = host.attach(GUEST, PAGES);
        long[] expected = new long[PAGES];
        long token = 0;
        for (int op : ops) {
            int page = op % PAGES;
            if (op >= PAGES) {
                expected[page] = ++token;
                assertTrue(guest.store(page, token));
            } else {
                assertEquals(expected[page], guest.load(page), "page " + page);
            }
        }
        assertEquals(0, host.counters().discards(), "a stable guest's frames are never discarded");
    }

    private static List<Integer> pages(List<Integer> ops) {
        List<Integer> pages = new ArrayList<>(ops.size());
        for (int op : ops) {
            pages.add(op % PAGES);
        }
        return pages;
    }

    private static long[] keys(List<Integer> pages) {
        long[] keys = new long[pages.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = UnitKey.of(GUEST, pages.get(i));
        }
        return keys;
    }
}
