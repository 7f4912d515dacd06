package org.cmmalab.pagestates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link StateModel} in {@code kvm} mode against the Linux 6.12 source, read by hand. Every
 * expected value is a literal written down from these functions, never computed by the code under
 * test:
 * <ul>
 *   <li>{@code arch/s390/mm/pgtable.c}: {@code pgste_perform_essa} (what each ORC does to the
 *       PGSTE, and its return value 1, "to be added to the CBRL"), {@code ptep_set_pte_at} (a new
 *       PTE clears the logical-zero bit), {@code ptep_zap_unused} (a swap entry of an unused or
 *       logically-zero frame is freed and the PTE cleared);</li>
 *   <li>{@code arch/s390/kvm/priv.c}: {@code __do_essa} (the result: usage from the PGSTE;
 *       content 0 for a valid PTE, 2 for an invalid one, 3 with the logical-zero bit set),
 *       {@code handle_essa} (the collection buffer is zapped when full);</li>
 *   <li>{@code mm/rmap.c}: {@code try_to_unmap_one} (only {@code pte_unused} pages, which
 *       {@code ptep_clear_flush} marks from an unused PGSTE, are dropped without I/O; any other
 *       page is swapped out, its PGSTE untouched), and {@code mm/memory.c} (a fault on a swap
 *       entry swaps in, on a none PTE maps a zero page: KVM raises no discard fault and no
 *       addressing exception for the usage).</li>
 * </ul>
 *
 * <p>Notation: a state is the pair ESSA reports, then {@code /s} if the PTE is a swap entry (the
 * content is on the device: {@link FrameState#BACKED}) or {@code /n} if it is none (nothing held);
 * a resident state has neither. A trailing {@code !} says ESSA returned 1: the frame goes into the
 * collection buffer.
 */
class KvmStateModelTest {
    private static final HostMode KVM = HostMode.KVM;

    /** Every state KVM can hold, in the column order of {@link #essaTable}. */
    private static final List<String> STATES = List.of(
            "Sr", "Ur", "Vr", "Pr",
            "Sp/s", "Up/s", "Vp/s", "Pp/s",
            "Sp/n", "Up/n", "Vp/n", "Pp/n",
            "Sz/s", "Uz/s", "Vz/s",
            "Sz/n", "Uz/n", "Vz/n");

    // ---------------------------------------------------------------- legal states

    /** Eleven pairs: Up, Vp and Pp are real under KVM; only Pz never occurs (the zero bit comes with U or V). */
    @ParameterizedTest(name = "{0} legal={1}")
    @CsvSource(delimiter = '|', textBlock = """
            Sr | true
            Sp | true
            Sz | true
            Ur | true
            Up | true
            Uz | true
            Vr | true
            Vp | true
            Vz | true
            Pr | true
            Pp | true
            Pz | false
            """)
    void legalPairs(String pair, boolean legal) {
        for (int flags = 0; flags < FrameState.WORDS; flags += 1 << 4) {
            int word = Words.parse(pair) | flags;
            assertEquals(legal, StateModel.isLegal(word, KVM), Words.show(word));
        }
    }

    // ---------------------------------------------------------------- ESSA

    /**
     * Each ORC on each state KVM can hold, change bit clear (the last row: set), from
     * {@code pgste_perform_essa}. The PGSTE's usage is replaced; an invalid PTE with
     * SET_UNUSED or SET_VOLATILE gets the logical-zero bit and returns 1; SET_POT_VOLATILE on an
     * invalid PTE gives V (zero bit already set), V with the zero bit and 1 (change bit clear), or
     * leaves the usage stable (change bit set); SET_STABLE_RESIDENT sets only the usage; no ORC
     * touches the PTE.
     */
    @ParameterizedTest(name = "{0}, change bit {1}")
    @CsvSource(delimiter = '|', textBlock = """
            # orc                  | gc  | Sr Ur Vr Pr | Sp/s   Up/s   Vp/s   Pp/s  | Sp/n   Up/n   Vp/n   Pp/n  | Sz/s   Uz/s   Vz/s  | Sz/n   Uz/n   Vz/n
            GET_STATE              | off | Sr Ur Vr Pr | Sp/s   Up/s   Vp/s   Pp/s  | Sp/n   Up/n   Vp/n   Pp/n  | Sz/s   Uz/s   Vz/s  | Sz/n   Uz/n   Vz/n
            SET_STABLE             | off | Sr Sr Sr Sr | Sp/s   Sp/s   Sp/s   Sp/s  | Sp/n   Sp/n   Sp/n   Sp/n  | Sz/s   Sz/s   Sz/s  | Sz/n   Sz/n   Sz/n
            SET_UNUSED             | off | Ur Ur Ur Ur | Uz/s!  Uz/s!  Uz/s!  Uz/s! | Uz/n!  Uz/n!  Uz/n!  Uz/n! | Uz/s!  Uz/s!  Uz/s! | Uz/n!  Uz/n!  Uz/n!
            SET_VOLATILE           | off | Vr Vr Vr Vr | Vz/s!  Vz/s!  Vz/s!  Vz/s! | Vz/n!  Vz/n!  Vz/n!  Vz/n! | Vz/s!  Vz/s!  Vz/s! | Vz/n!  Vz/n!  Vz/n!
            SET_POT_VOLATILE       | off | Pr Pr Pr Pr | Vz/s!  Vz/s!  Vz/s!  Vz/s! | Vz/n!  Vz/n!  Vz/n!  Vz/n! | Vz/s   Vz/s   Vz/s  | Vz/n   Vz/n   Vz/n
            SET_STABLE_RESIDENT    | off | Sr Sr Sr Sr | Sp/s   Sp/s   Sp/s   Sp/s  | Sp/n   Sp/n   Sp/n   Sp/n  | Sz/s   Sz/s   Sz/s  | Sz/n   Sz/n   Sz/n
            SET_STABLE_IF_RESIDENT | off | Sr Sr Sr Sr | Sp/s   Up/s   Vp/s   Pp/s  | Sp/n   Up/n   Vp/n   Pp/n  | Sz/s   Uz/s   Vz/s  | Sz/n   Uz/n   Vz/n
            SET_STABLE_NODAT       | off | Sr Sr Sr Sr | Sp/s   Sp/s   Sp/s   Sp/s  | Sp/n   Sp/n   Sp/n   Sp/n  | Sz/s   Sz/s   Sz/s  | Sz/n   Sz/n   Sz/n
            SET_POT_VOLATILE       | on  | Pr Pr Pr Pr | Sp/s   Sp/s   Sp/s   Sp/s  | Sp/n   Sp/n   Sp/n   Sp/n  | Vz/s   Vz/s   Vz/s  | Vz/n   Vz/n   Vz/n
            """)
    void essaTable(Orc orc, String gc, String r, String swapped, String none, String zeroSwapped, String zeroNone) {
        List<String> expected = new ArrayList<>();
        for (String group : new String[] {r, swapped, none, zeroSwapped, zeroNone}) {
            expected.addAll(List.of(group.trim().split("\\s+")));
        }
        assertEquals(STATES.size(), expected.size(), "one result per state");
        int changed = gc.equals("on") ? FrameState.GUEST_CHANGED : 0;
        for (int i = 0; i < STATES.size(); i++) {
            int from = parse(STATES.get(i)) | changed;
            String want = expected.get(i);
            boolean collected = want.endsWith("!");
            int to = StateModel.essa(from, orc, KVM);
            String where = orc + " on " + STATES.get(i) + (changed != 0 ? "+gc" : "");
            assertWord(parse(collected ? want.substring(0, want.length() - 1) : want) | changed, to & ~FrameState.NODAT,
                    where);
            assertEquals(collected, StateModel.collects(from, orc, KVM), where + ": added to the collection buffer");
        }
    }

    /**
     * ESSA writes only the PGSTE's usage, no-DAT and logical-zero bits: the PTE (resident, swap
     * entry, none), the guest change bit and the host's own state of the frame never change.
     */
    @Test
    void essaNeverTouchesThePteOrTheChangeBit() {
        int keep = FrameState.GUEST_CHANGED | FrameState.HOST_CHANGED | FrameState.BACKED;
        List<String> failures = new ArrayList<>();
        for (int word = 0; word < FrameState.WORDS; word++) {
            if (!StateModel.isLegal(word, KVM)) {
                continue;
            }
            for (Orc orc : Orc.values()) {
                int to = StateModel.essa(word, orc, KVM);
                if ((to & keep) != (word & keep) || FrameState.isResident(to) != FrameState.isResident(word)) {
                    failures.add(orc + " on " + Words.show(word) + " gave " + Words.show(to));
                }
            }
        }
        assertEquals(List.of(), failures);
    }

    /** z/VM has no collection buffer in this model: nothing is ever collected. */
    @Test
    void zvmCollectsNothing() {
        for (int word = 0; word < FrameState.WORDS; word++) {
            for (Orc orc : Orc.values()) {
                if (StateModel.isLegal(word, HostMode.ZVM) && StateModel.collects(word, orc, HostMode.ZVM)) {
                    fail(orc + " on " + Words.show(word) + " collected under zvm");
                }
            }
        }
    }

    // ---------------------------------------------------------------- access and reclaim

    /**
     * A present PTE is used, whatever the usage; a swap entry is swapped in; a none PTE gets a
     * zero page. No discard fault, no addressing exception.
     */
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            Sr   | NORMAL
            Ur   | NORMAL
            Vr   | NORMAL
            Pr   | NORMAL
            Sp/s | HOST_FAULT
            Up/s | HOST_FAULT
            Vp/s | HOST_FAULT
            Pp/s | HOST_FAULT
            Uz/s | HOST_FAULT
            Vz/s | HOST_FAULT
            Sp/n | ZERO_FILL
            Up/n | ZERO_FILL
            Pp/n | ZERO_FILL
            Sz/n | ZERO_FILL
            Uz/n | ZERO_FILL
            Vz/n | ZERO_FILL
            """)
    void accessTable(String state, AccessEffect effect) {
        for (int flags : new int[] {0, FrameState.GUEST_CHANGED, FrameState.NODAT}) {
            assertEquals(effect, StateModel.access(parse(state) | flags, KVM), state);
        }
    }

    /** {@code try_to_unmap_one}: only an unused frame is dropped; V and P are swapped out like S. */
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            Sr | WRITE_OUT
            Ur | DISCARD
            Vr | WRITE_OUT
            Pr | WRITE_OUT
            Sp | NONE
            Up | NONE
            Vp | NONE
            Pp | NONE
            Sz | NONE
            Uz | NONE
            Vz | NONE
            """)
    void reclaimTable(String pair, ReclaimAction action) {
        int word = Words.parse(pair);
        assertEquals(action, StateModel.reclaimAction(FrameState.usage(word), FrameState.content(word), KVM));
    }

    @Test
    void pzHasNoReclaimActionAndNoAccessEffect() {
        int word = Words.parse("Pz");
        assertNull(StateModel.reclaimAction(FrameState.usage(word), FrameState.content(word), KVM));
        assertNull(StateModel.access(word, KVM));
    }

    // ---------------------------------------------------------------- host transitions

    /**
     * Host operations on representative words; {@code same} means unchanged. A fill makes the PTE
     * present and clears the logical-zero bit ({@code ptep_set_pte_at}), the usage stays; a
     * swap-out keeps the usage; {@code MADV_DONTNEED} leaves a none PTE and the PGSTE as it was.
     */
    @ParameterizedTest(name = "{1} on {0}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # a store to any present page is served and changes it
            Sr                 | STORE           | Sr+gc+hc
            Ur                 | STORE           | Ur+gc+hc
            Vr+backed          | STORE           | Vr+gc+hc+backed
            Pr                 | STORE           | Pr+gc+hc
            Sp/s               | STORE           | same
            Uz/n               | STORE           | same

            Sr+gc+hc           | CLEAN           | Sr+hc

            # swap-in: the usage stays; a logically-zero frame not yet zapped gets its old content back
            Sp/s               | PAGE_IN         | Sr+backed
            Up/s+gc            | PAGE_IN         | Ur+gc+backed
            Vp/s+nodat         | PAGE_IN         | Vr+backed+nodat
            Uz/s               | PAGE_IN         | Ur+backed
            Sp/n               | PAGE_IN         | same
            Sr                 | PAGE_IN         | same

            # a zero page for a none PTE, whatever the usage
            Sp/n               | ZERO_FILL       | Sr
            Up/n+gc            | ZERO_FILL       | Ur
            Vz/n               | ZERO_FILL       | Vr
            Sz/n+nodat         | ZERO_FILL       | Sr+nodat
            Sp/s               | ZERO_FILL       | same
            Sr                 | ZERO_FILL       | same

            # reclaim: an unused page is dropped (PTE none, PGSTE kept), the rest swapped out with their usage
            Ur+gc+hc+backed    | RECLAIM         | Up/n+gc
            Ur                 | RECLAIM         | Up/n
            Sr+gc+hc           | RECLAIM         | same
            Vr+gc+hc           | RECLAIM         | same
            Sr+gc+backed       | RECLAIM         | Sp/s+gc
            Vr+backed          | RECLAIM         | Vp/s
            Pr+gc+backed       | RECLAIM         | Pp/s+gc
            Vr                 | RECLAIM         | Vp/n
            Sr+nodat           | RECLAIM         | Sp/n+nodat
            Sp/s               | RECLAIM         | same
            Uz/s               | RECLAIM         | same

            # the write starts where reclaim must write: any used frame with a host change
            Vr+gc+hc           | BEGIN_WRITE_OUT | Vr+gc+backed
            Pr+hc              | BEGIN_WRITE_OUT | Pr+backed
            Sr+gc+hc           | BEGIN_WRITE_OUT | Sr+gc+backed
            Ur+gc+hc           | BEGIN_WRITE_OUT | same
            Sr+gc+backed       | BEGIN_WRITE_OUT | same

            # MADV_DONTNEED: the PTE becomes none, the PGSTE (usage, zero bit, change bit) stays
            Sr+gc+hc+backed    | RELEASE         | Sp/n+gc
            Pr+gc+hc           | RELEASE         | Pp/n+gc
            Vr+backed+nodat    | RELEASE         | Vp/n+nodat
            Sp/s               | RELEASE         | Sp/n
            Uz/s               | RELEASE         | Uz/n
            Vz/n               | RELEASE         | same

            # the collection buffer: a swap entry of an unused or logically-zero frame is freed
            Uz/s               | ZAP_UNUSED      | Uz/n
            Up/s+gc            | ZAP_UNUSED      | Up/n+gc
            Sz/s               | ZAP_UNUSED      | Sz/n
            Vz/s               | ZAP_UNUSED      | Vz/n
            Sp/s               | ZAP_UNUSED      | same
            Vp/s               | ZAP_UNUSED      | same
            Pp/s               | ZAP_UNUSED      | same
            Ur+backed          | ZAP_UNUSED      | same
            Uz/n               | ZAP_UNUSED      | same
            """)
    void hostTransitions(String from, FrameOp op, String to) {
        int word = parse(from);
        assertWord(to.equals("same") ? word : parse(to), StateModel.apply(word, op, KVM), op + " on " + from);
    }

    /** What RECLAIM reports under kvm. */
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            Sr+gc+hc        | MUST_WRITE
            Sr+gc+backed    | DROPPED_BACKED
            Sr              | DROPPED_ZERO
            Ur+gc+hc        | DISCARDED
            Ur              | DISCARDED
            Vr+gc+hc        | MUST_WRITE
            Vr+backed       | DROPPED_BACKED
            Vr              | DROPPED_ZERO
            Pr+hc           | MUST_WRITE
            Pr+gc+backed    | DROPPED_BACKED
            Sp/s            | NOT_RESIDENT
            Up/n            | NOT_RESIDENT
            Vz/s            | NOT_RESIDENT
            """)
    void reclaimOutcomes(String from, ReclaimOutcome outcome) {
        assertEquals(outcome, StateModel.reclaimOutcome(parse(from), KVM), from);
    }

    /**
     * The sequence that makes a freed page cost a swap-in on KVM: the guest frees a swapped-out
     * page (Uz, the slot still held until the buffer is zapped), allocates it again before the
     * zap (Sz), and touches it: the host swaps the stale content in rather than giving a zero page.
     */
    @Test
    void reuseBeforeTheZapSwapsTheOldContentIn() {
        int w = parse("Sp/s+gc");
        assertEquals(true, StateModel.collects(w, Orc.SET_UNUSED, KVM));
        w = StateModel.essa(w, Orc.SET_UNUSED, KVM);
        w = StateModel.essa(w, Orc.SET_STABLE_NODAT, KVM);
        assertWord(parse("Sz/s+gc+nodat"), w, "reused before the zap");
        assertEquals(AccessEffect.HOST_FAULT, StateModel.access(w, KVM));
        int zapped = StateModel.apply(w, FrameOp.ZAP_UNUSED, KVM);
        assertWord(parse("Sz/n+gc+nodat"), zapped, "zapped (the zero bit is set)");
        assertEquals(AccessEffect.ZERO_FILL, StateModel.access(zapped, KVM));
    }

    // ---------------------------------------------------------------- helpers

    /** A state in this test's notation: {@code /s} a swap entry (backed), {@code /n} none. */
    private static int parse(String text) {
        String[] parts = text.split("\\+", 2);
        String state = parts[0];
        boolean swapped = state.endsWith("/s");
        String word = state.replace("/s", "").replace("/n", "") + (parts.length > 1 ? "+" + parts[1] : "");
        return Words.parse(word) | (swapped ? FrameState.BACKED : 0);
    }

    private static void assertWord(int expected, int actual, String where) {
        if (expected != actual) {
            fail(where + ": expected " + Words.show(expected) + " but was " + Words.show(actual));
        }
    }
}
