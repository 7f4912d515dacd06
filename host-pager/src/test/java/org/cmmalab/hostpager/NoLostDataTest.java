package org.cmmalab.hostpager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import org.cmmalab.pagestates.ContentState;
import org.cmmalab.pagestates.FrameState;
import org.cmmalab.pagestates.StateModel;
import org.cmmalab.pagestates.HostMode;
import org.cmmalab.pagestates.Orc;
import org.junit.jupiter.api.Test;

/**
 * A guest that follows the hinting rules of docs/state-model.md section 5 (volatile only when written back,
 * stable-if-resident before use, re-read after a discard) runs random operations on a host too
 * small for it, in both host modes. It must never lose data: a stable page, and a potentially
 * volatile page changed since it was written back, always load what was last stored; a volatile
 * page loads that or takes a discard fault. After every operation the host's books must agree with
 * the frame table: a device slot exactly for each frame whose state says BACKED, a host frame
 * exactly for each resident frame, and only legal states.
 */
class NoLostDataTest {
    private static final int PAGES = 10;
    private static final int KINDS = 10;

    private enum Status { STABLE, VOLATILE, POT_VOLATILE, UNUSED }

    @Test
    void aHintingGuestNeverLosesData() {
        Properties.qt()
                .forAll(lists().of(integers().between(0, KINDS * PAGES - 1)).ofSizeBetween(1, 400),
                        integers().between(1, 6), integers().between(0, 1))
                .checkAssert((ops, frames, mode) -> {
                    Run run = new Run(frames, HostMode.values()[mode]);
                    for (int op : ops) {
                        run.play(op / PAGES, op % PAGES);
                        run.checkBooks();
                    }
                });
    }

    private static final class Run {
        final Host host;
        final GuestSpace guest;
        final Status[] status = new Status[PAGES];
        final long[] expected = new long[PAGES];
        final boolean[] dirty = new boolean[PAGES];
        long counter;

        Run(int frames, HostMode mode) {
            host = new Host(HostConfig.of(frames, PAGES).withMode(mode));
            guest = host.attach(5, PAGES);
            java.util.Arrays.fill(status, Status.STABLE);
        }

        void play(int kind, int page) {
            Status s = status[page];
            switch (kind) {
                case 0:
                    read(page);
                    break;
                case 1:
                    if (s == Status.STABLE || s == Status.POT_VOLATILE) {
                        write(page, ++counter);
                    }
                    break;
                case 2:
                    if (s == Status.STABLE) { // only a page written back may become volatile
                        guest.clean(page);
                        dirty[page] = false;
                        guest.essa(page, Orc.SET_VOLATILE);
                        status[page] = Status.VOLATILE;
                    }
                    break;
                case 3:
                    if (s == Status.VOLATILE || s == Status.POT_VOLATILE) {
                        int before = guest.essa(page, Orc.SET_STABLE_IF_RESIDENT);
                        if (FrameState.content(before) == ContentState.ZERO) {
                            assertFalse(s == Status.POT_VOLATILE && dirty[page], "a changed P page was discarded");
                            reread(page);
                        } else {
                            status[page] = Status.STABLE;
                        }
                    }
                    break;
                case 4:
                    if (s == Status.STABLE) {
                        guest.essa(page, Orc.SET_POT_VOLATILE);
                        status[page] = Status.POT_VOLATILE;
                    }
                    break;
                case 5:
                    guest.essa(page, Orc.SET_UNUSED);
                    status[page] = Status.UNUSED;
                    break;
                case 6:
                    if (s == Status.UNUSED) { // a fresh allocation, written at once
                        guest.essa(page, Orc.SET_STABLE);
                        status[page] = Status.STABLE;
                        write(page, ++counter);
                    }
                    break;
                case 7:
                    if (s == Status.STABLE) {
                        boolean wasResident = FrameState.isResident(guest.table().state(page));
                        guest.essa(page, Orc.SET_STABLE_RESIDENT);
                        // zvm makes the frame resident; KVM sets the usage only
                        boolean resident = FrameState.isResident(guest.table().state(page));
                        assertEquals(guest.table().mode() == HostMode.ZVM || wasResident, resident);
                        read(page);
                    }
                    break;
                case 8:
                    if (s == Status.STABLE || s == Status.POT_VOLATILE) {
                        guest.clean(page);
                        dirty[page] = false;
                    }
                    break;
                default:
                    if (s == Status.UNUSED && guest.table().mode() == HostMode.ZVM) {
                        IllegalStateException e = assertThrows(IllegalStateException.class, () -> guest.load(page));
                        assertTrue(e.getMessage().contains("guest 5") && e.getMessage().contains("frame " + page),
                                e.getMessage());
                    } else if (s == Status.UNUSED) { // KVM serves it: a swap-in or a zero page
                        assertTrue(guest.load(page) != GuestSpace.DISCARD_FAULT);
                    }
                    break;
            }
        }

        void read(int page) {
            Status s = status[page];
            if (s == Status.UNUSED) {
                return;
            }
            long token = guest.load(page);
            if (token == GuestSpace.DISCARD_FAULT) {
                discarded(page);
                token = guest.load(page);
            }
            assertEquals(expected[page], token, "page " + page + " (" + s + ")");
        }

        void write(int page, long token) {
            if (!guest.store(page, token)) {
                discarded(page);
                assertTrue(guest.store(page, token));
            }
            expected[page] = token;
            dirty[page] = true;
        }

        /** A discard fault: allowed only where the guest said the content can be recreated. */
        void discarded(int page) {
            Status s = status[page];
            assertTrue(s == Status.VOLATILE || s == Status.POT_VOLATILE && !dirty[page],
                    "discard fault on a " + s + " page, dirty " + dirty[page]);
            assertEquals("Vz", FrameState.name(guest.table().state(page)));
            reread(page);
        }

        /** What the guest does after a discard: allocate afresh, read the content from its file again. */
        void reread(int page) {
            guest.essa(page, Orc.SET_STABLE);
            assertTrue(guest.store(page, expected[page]));
            guest.clean(page);
            dirty[page] = false;
            status[page] = Status.STABLE;
        }

        void checkBooks() {
            int resident = 0;
            for (int f = 0; f < PAGES; f++) {
                int word = guest.table().state(f);
                assertTrue(StateModel.isLegal(word, guest.table().mode()), FrameState.describe(word));
                assertEquals(FrameState.backed(word), host.device().holds(5, f), "slot of frame " + f);
                if (FrameState.isResident(word)) {
                    resident++;
                }
            }
            assertEquals(resident, guest.residentFrames());
            assertEquals(host.frames(), host.freeFrames() + resident);
            long backed = 0;
            for (int f = 0; f < PAGES; f++) {
                backed += FrameState.backed(guest.table().state(f)) ? 1 : 0;
            }
            assertEquals(backed, host.device().usedSlots());
        }
    }
}
