package org.cmmalab.pagestates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntUnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link StateModel} and {@link FrameState} against the tables of {@code shared/spec/page-states.md}.
 *
 * <p>Every expected value below is a literal transcribed from the spec (sections 1 to 4 and 7) or
 * from the project's documented choices in the javadoc; none is computed by the code under test.
 * Words are written in the notation of {@link Words}, such as {@code Sp+gc+backed}.
 */
class StateModelTest {

    // ---------------------------------------------------------------- section 1: legal pairs

    /** Spec section 1: of the 12 (usage, content) pairs, 8 are legal; Up, Vp, Pp and Pz never exist. */
    @ParameterizedTest(name = "{0} legal={1}")
    @CsvSource(delimiter = '|', textBlock = """
            Sr | true
            Sp | true
            Sz | true
            Ur | true
            Up | false
            Uz | true
            Vr | true
            Vp | false
            Vz | true
            Pr | true
            Pp | false
            Pz | false
            """)
    void legalPairs(String pair, boolean legal) {
        // Legality is a property of the pair alone: every combination of flags must agree.
        for (int flags : flagCombinations()) {
            int word = Words.parse(pair) | flags;
            assertEquals(legal, FrameState.isLegal(word), Words.show(word));
        }
    }

    @Test
    void contentCodeThreeIsNeverLegal() {
        // The layout leaves content code 3 unused; no word carrying it may pass as a state.
        for (int usage = 0; usage < 4; usage++) {
            for (int flags : flagCombinations()) {
                int word = usage | FrameState.CONTENT_MASK | flags;
                assertTrue(!FrameState.isLegal(word), Words.show(word));
            }
        }
    }

    @Test
    void exactlyEightPairsTimesAllFlagsAreLegal() {
        int legal = 0;
        for (int word = 0; word < FrameState.WORDS; word++) {
            if (FrameState.isLegal(word)) {
                legal++;
            }
        }
        assertEquals(8 * flagCombinations().size(), legal);
    }

    // ---------------------------------------------------------------- sections 2 and 7: reclaim

    /** Spec section 2 (zvm) and section 7 (kvm discards U only; V and P are written out like S). */
    @ParameterizedTest(name = "{0}: zvm {1}, kvm {2}")
    @CsvSource(delimiter = '|', textBlock = """
            Sr | WRITE_OUT        | WRITE_OUT
            Ur | DISCARD          | DISCARD
            Vr | DISCARD          | WRITE_OUT
            Pr | DISCARD_IF_CLEAN | WRITE_OUT
            Sp | NONE             | NONE
            Sz | NONE             | NONE
            Uz | NONE             | NONE
            Vz | NONE             | NONE
            """)
    void reclaimTable(String pair, ReclaimAction zvm, ReclaimAction kvm) {
        int word = Words.parse(pair);
        assertEquals(zvm, StateModel.reclaimAction(FrameState.usage(word), FrameState.content(word), HostMode.ZVM));
        assertEquals(kvm, StateModel.reclaimAction(FrameState.usage(word), FrameState.content(word), HostMode.KVM));
    }

    @ParameterizedTest
    @CsvSource({"Up", "Vp", "Pp", "Pz"})
    void illegalPairsHaveNoReclaimActionAndNoAccessEffect(String pair) {
        int word = Words.parse(pair);
        for (HostMode mode : HostMode.values()) {
            assertNull(StateModel.reclaimAction(FrameState.usage(word), FrameState.content(word), mode), mode.id());
            assertNull(StateModel.access(FrameState.usage(word), FrameState.content(word), mode), mode.id());
        }
    }

    // ---------------------------------------------------------------- sections 3 and 7: access

    /**
     * Spec section 3. Vz is a discard fault in kvm mode too: the project's documented choice
     * (StateModel.access), because a guest's own SET_VOLATILE on a preserved frame makes Vz there.
     */
    @ParameterizedTest(name = "{0}: zvm {1}, kvm {2}")
    @CsvSource(delimiter = '|', textBlock = """
            Sr | NORMAL               | NORMAL
            Vr | NORMAL               | NORMAL
            Pr | NORMAL               | NORMAL
            Sp | HOST_FAULT           | HOST_FAULT
            Sz | ZERO_FILL            | ZERO_FILL
            Vz | DISCARD_FAULT        | DISCARD_FAULT
            Ur | ADDRESSING_EXCEPTION | ADDRESSING_EXCEPTION
            Uz | ADDRESSING_EXCEPTION | ADDRESSING_EXCEPTION
            """)
    void accessTable(String pair, AccessEffect zvm, AccessEffect kvm) {
        int base = Words.parse(pair);
        assertEquals(zvm, StateModel.access(FrameState.usage(base), FrameState.content(base), HostMode.ZVM));
        assertEquals(kvm, StateModel.access(FrameState.usage(base), FrameState.content(base), HostMode.KVM));
        // The word form must not let a flag change the answer.
        for (int flags : flagCombinations()) {
            assertEquals(zvm, StateModel.access(base | flags, HostMode.ZVM), Words.show(base | flags));
            assertEquals(kvm, StateModel.access(base | flags, HostMode.KVM), Words.show(base | flags));
        }
    }

    // ---------------------------------------------------------------- section 4: ESSA, 128 cases

    /**
     * Spec section 4: for every ORC and legal state, the state after ESSA with the change bit clear
     * and with it set. {@code +gc} means the change bit survives. A pair marked {@code *} comes
     * from a z word with the change bit set: no operation produces such a word (every way into z
     * clears the change bit; see {@link #wellFormedWordsStayWellFormed}), so only its pair is checked.
     */
    @ParameterizedTest(name = "{0} on {1}: clean {2}, changed {3}")
    @CsvSource(delimiter = '|', textBlock = """
            # orc                  | from | change bit clear | change bit set
            GET_STATE              | Sr   | Sr               | Sr+gc
            GET_STATE              | Sp   | Sp               | Sp+gc
            GET_STATE              | Sz   | Sz               | Sz*
            GET_STATE              | Ur   | Ur               | Ur+gc
            GET_STATE              | Uz   | Uz               | Uz*
            GET_STATE              | Vr   | Vr               | Vr+gc
            GET_STATE              | Vz   | Vz               | Vz*
            GET_STATE              | Pr   | Pr               | Pr+gc

            # S, content unchanged: Vz becomes Sz
            SET_STABLE             | Sr   | Sr               | Sr+gc
            SET_STABLE             | Sp   | Sp               | Sp+gc
            SET_STABLE             | Sz   | Sz               | Sz*
            SET_STABLE             | Ur   | Sr               | Sr+gc
            SET_STABLE             | Uz   | Sz               | Sz*
            SET_STABLE             | Vr   | Sr               | Sr+gc
            SET_STABLE             | Vz   | Sz               | Sz*
            SET_STABLE             | Pr   | Sr               | Sr+gc

            # U; p becomes z, and with the content goes the change bit
            SET_UNUSED             | Sr   | Ur               | Ur+gc
            SET_UNUSED             | Sp   | Uz               | Uz
            SET_UNUSED             | Sz   | Uz               | Uz*
            SET_UNUSED             | Ur   | Ur               | Ur+gc
            SET_UNUSED             | Uz   | Uz               | Uz*
            SET_UNUSED             | Vr   | Ur               | Ur+gc
            SET_UNUSED             | Vz   | Uz               | Uz*
            SET_UNUSED             | Pr   | Ur               | Ur+gc

            # V; p becomes z
            SET_VOLATILE           | Sr   | Vr               | Vr+gc
            SET_VOLATILE           | Sp   | Vz               | Vz
            SET_VOLATILE           | Sz   | Vz               | Vz*
            SET_VOLATILE           | Ur   | Vr               | Vr+gc
            SET_VOLATILE           | Uz   | Vz               | Vz*
            SET_VOLATILE           | Vr   | Vr               | Vr+gc
            SET_VOLATILE           | Vz   | Vz               | Vz*
            SET_VOLATILE           | Pr   | Vr               | Vr+gc

            # r: Pr. z: Vz. p: Vz if the change bit is clear, else stays Sp
            SET_POT_VOLATILE       | Sr   | Pr               | Pr+gc
            SET_POT_VOLATILE       | Sp   | Vz               | Sp+gc
            SET_POT_VOLATILE       | Sz   | Vz               | Vz*
            SET_POT_VOLATILE       | Ur   | Pr               | Pr+gc
            SET_POT_VOLATILE       | Uz   | Vz               | Vz*
            SET_POT_VOLATILE       | Vr   | Pr               | Pr+gc
            SET_POT_VOLATILE       | Vz   | Vz               | Vz*
            SET_POT_VOLATILE       | Pr   | Pr               | Pr+gc

            # Sr: page-in keeps the guest's unsaved change, a zero frame has none
            SET_STABLE_RESIDENT    | Sr   | Sr               | Sr+gc
            SET_STABLE_RESIDENT    | Sp   | Sr               | Sr+gc
            SET_STABLE_RESIDENT    | Sz   | Sr               | Sr*
            SET_STABLE_RESIDENT    | Ur   | Sr               | Sr+gc
            SET_STABLE_RESIDENT    | Uz   | Sr               | Sr*
            SET_STABLE_RESIDENT    | Vr   | Sr               | Sr+gc
            SET_STABLE_RESIDENT    | Vz   | Sr               | Sr*
            SET_STABLE_RESIDENT    | Pr   | Sr               | Sr+gc

            # S only if resident, otherwise unchanged (the guest learns Vz from the old state)
            SET_STABLE_IF_RESIDENT | Sr   | Sr               | Sr+gc
            SET_STABLE_IF_RESIDENT | Sp   | Sp               | Sp+gc
            SET_STABLE_IF_RESIDENT | Sz   | Sz               | Sz*
            SET_STABLE_IF_RESIDENT | Ur   | Sr               | Sr+gc
            SET_STABLE_IF_RESIDENT | Uz   | Uz               | Uz*
            SET_STABLE_IF_RESIDENT | Vr   | Sr               | Sr+gc
            SET_STABLE_IF_RESIDENT | Vz   | Vz               | Vz*
            SET_STABLE_IF_RESIDENT | Pr   | Sr               | Sr+gc

            # as SET_STABLE (no-DAT is checked in essaNoDat)
            SET_STABLE_NODAT       | Sr   | Sr               | Sr+gc
            SET_STABLE_NODAT       | Sp   | Sp               | Sp+gc
            SET_STABLE_NODAT       | Sz   | Sz               | Sz*
            SET_STABLE_NODAT       | Ur   | Sr               | Sr+gc
            SET_STABLE_NODAT       | Uz   | Sz               | Sz*
            SET_STABLE_NODAT       | Vr   | Sr               | Sr+gc
            SET_STABLE_NODAT       | Vz   | Sz               | Sz*
            SET_STABLE_NODAT       | Pr   | Sr               | Sr+gc
            """)
    void essaTable(Orc orc, String from, String whenClean, String whenChanged) {
        for (boolean noDat : new boolean[] {false, true}) {
            int flags = noDat ? FrameState.NODAT : 0;
            checkEssa(orc, Words.parse(from) | flags, whenClean);
            checkEssa(orc, Words.parse(from) | FrameState.GUEST_CHANGED | flags, whenChanged);
        }
    }

    private static void checkEssa(Orc orc, int from, String expected) {
        int to = StateModel.essa(from, orc);
        String where = orc + " on " + Words.show(from) + " gave " + Words.show(to);
        boolean pairOnly = expected.endsWith("*");
        int want = Words.parse(pairOnly ? expected.substring(0, expected.length() - 1) : expected);
        assertEquals(FrameState.name(want), FrameState.name(to), where);
        if (!pairOnly) {
            assertEquals(FrameState.guestChanged(want), FrameState.guestChanged(to), where + ": change bit");
        }
    }

    /**
     * No-DAT per ORC: SET_STABLE clears it, SET_STABLE_NODAT sets it, every other code leaves it
     * alone (SET_STABLE_RESIDENT and SET_STABLE_IF_RESIDENT included, as KVM's pgste_perform_essa).
     */
    @ParameterizedTest(name = "{0}: no-DAT {1}")
    @CsvSource(delimiter = '|', textBlock = """
            GET_STATE              | keep
            SET_STABLE             | clear
            SET_UNUSED             | keep
            SET_VOLATILE           | keep
            SET_POT_VOLATILE       | keep
            SET_STABLE_RESIDENT    | keep
            SET_STABLE_IF_RESIDENT | keep
            SET_STABLE_NODAT       | set
            """)
    void essaNoDat(Orc orc, String rule) {
        for (String pair : LEGAL_PAIRS) {
            for (boolean before : new boolean[] {false, true}) {
                int from = Words.parse(pair) | (before ? FrameState.NODAT : 0);
                boolean expected = rule.equals("keep") ? before : rule.equals("set");
                assertEquals(expected, FrameState.noDat(StateModel.essa(from, orc)), orc + " on " + Words.show(from));
            }
        }
    }

    /**
     * ESSA on whole words, for the host's flags: a frame whose content becomes logically zero loses
     * every change bit and its paging-device copy; a page-in is a fill from the device.
     */
    @ParameterizedTest(name = "{0} on {1} gives {2}")
    @CsvSource(delimiter = '|', textBlock = """
            SET_UNUSED             | Sp+gc+backed        | Uz
            SET_UNUSED             | Sp+backed+nodat     | Uz+nodat
            SET_UNUSED             | Sr+gc+hc+backed     | Ur+gc+hc+backed
            SET_VOLATILE           | Sp+backed           | Vz
            SET_VOLATILE           | Sr+hc               | Vr+hc
            SET_POT_VOLATILE       | Sp+backed           | Vz
            SET_POT_VOLATILE       | Sp+gc+backed        | Sp+gc+backed
            SET_POT_VOLATILE       | Sr+gc+hc            | Pr+gc+hc
            SET_STABLE_RESIDENT    | Sp+gc+backed+nodat  | Sr+gc+backed+nodat
            SET_STABLE_RESIDENT    | Vz+nodat            | Sr+nodat
            SET_STABLE_RESIDENT    | Pr+gc+hc+backed     | Sr+gc+hc+backed
            SET_STABLE_IF_RESIDENT | Vr+hc+backed        | Sr+hc+backed
            SET_STABLE             | Vz+nodat            | Sz
            SET_STABLE_NODAT       | Ur+gc+hc            | Sr+gc+hc+nodat
            GET_STATE              | Pr+gc+hc+backed     | Pr+gc+hc+backed
            """)
    void essaOnWholeWords(Orc orc, String from, String to) {
        int word = Words.parse(from);
        assertWord(to, StateModel.essa(word, orc), orc + " on " + from);
    }

    // ---------------------------------------------------------------- host transitions

    /**
     * {@link FrameOp}s on representative words, both modes; {@code same} means unchanged.
     * From the FrameOp and FrameState javadoc and spec sections 2, 3 and 7.
     */
    @ParameterizedTest(name = "{1} on {0}: zvm {2}, kvm {3}")
    @CsvSource(delimiter = '|', textBlock = """
            # a store sets both change bits on a resident, used frame, and nothing else
            Sr                 | STORE           | Sr+gc+hc           | Sr+gc+hc
            Sr+backed          | STORE           | Sr+gc+hc+backed    | Sr+gc+hc+backed
            Vr                 | STORE           | Vr+gc+hc           | Vr+gc+hc
            Pr+backed          | STORE           | Pr+gc+hc+backed    | Pr+gc+hc+backed
            # an unused frame is an addressing exception; a frame that is not resident faults first
            Ur                 | STORE           | same               | same
            Sp+backed          | STORE           | same               | same
            Sz                 | STORE           | same               | same
            Vz                 | STORE           | same               | same

            # the guest saved the page: only the guest's change bit goes
            Sr+gc+hc           | CLEAN           | Sr+hc              | Sr+hc
            Sp+gc+backed       | CLEAN           | Sp+backed          | Sp+backed
            Pr+gc+backed+nodat | CLEAN           | Pr+backed+nodat    | Pr+backed+nodat

            # page-in: Sp becomes Sr, a copy of the device, with the guest's flags
            Sp+backed          | PAGE_IN         | Sr+backed          | Sr+backed
            Sp+gc+backed+nodat | PAGE_IN         | Sr+gc+backed+nodat | Sr+gc+backed+nodat
            Sr+gc+hc           | PAGE_IN         | same               | same
            Sz                 | PAGE_IN         | same               | same
            Vz                 | PAGE_IN         | same               | same

            # zero fill: only Sz; Vz is a discard fault, Uz an addressing exception
            Sz                 | ZERO_FILL       | Sr                 | Sr
            Sz+nodat           | ZERO_FILL       | Sr+nodat           | Sr+nodat
            Vz                 | ZERO_FILL       | same               | same
            Uz                 | ZERO_FILL       | same               | same
            Sp+backed          | ZERO_FILL       | same               | same
            Sr+gc+hc           | ZERO_FILL       | same               | same

            # reclaim of S: write out unless the device copy is current; a never-changed zero fill is dropped
            Sr+gc+hc           | RECLAIM         | same               | same
            Sr+gc+backed       | RECLAIM         | Sp+gc+backed       | Sp+gc+backed
            Sr+backed          | RECLAIM         | Sp+backed          | Sp+backed
            Sr                 | RECLAIM         | Sz                 | Sz
            Sr+nodat           | RECLAIM         | Sz+nodat           | Sz+nodat
            # reclaim of U: discarded in both modes
            Ur+gc+hc+backed    | RECLAIM         | Uz                 | Uz
            # reclaim of V: discarded by zvm; kvm treats it like S
            Vr+gc+hc           | RECLAIM         | Vz                 | same
            Vr+backed          | RECLAIM         | Vz                 | Sp+backed
            Vr                 | RECLAIM         | Vz                 | Sz
            # reclaim of P: zvm discards it if clean (Pz does not exist: Vz), writes it out if changed (Sp)
            Pr+hc+backed       | RECLAIM         | Vz                 | same
            Pr+hc+nodat        | RECLAIM         | Vz+nodat           | same
            Pr+backed          | RECLAIM         | Vz                 | Sp+backed
            Pr+gc+hc           | RECLAIM         | same               | same
            Pr+gc+backed       | RECLAIM         | Sp+gc+backed       | Sp+gc+backed
            # not resident: nothing to reclaim
            Sp+backed          | RECLAIM         | same               | same
            Sz                 | RECLAIM         | same               | same
            Uz                 | RECLAIM         | same               | same
            Vz                 | RECLAIM         | same               | same

            # the write starts: the device copy becomes current, only where reclaim must write
            Sr+gc+hc           | BEGIN_WRITE_OUT | Sr+gc+backed       | Sr+gc+backed
            Sr+hc+backed       | BEGIN_WRITE_OUT | Sr+backed          | Sr+backed
            Sr+gc+backed       | BEGIN_WRITE_OUT | same               | same
            Sr                 | BEGIN_WRITE_OUT | same               | same
            Vr+gc+hc           | BEGIN_WRITE_OUT | same               | Vr+gc+backed
            Pr+gc+hc           | BEGIN_WRITE_OUT | Pr+gc+backed       | Pr+gc+backed
            Pr+hc              | BEGIN_WRITE_OUT | same               | Pr+backed
            Ur+gc+hc           | BEGIN_WRITE_OUT | same               | same
            Sp+backed          | BEGIN_WRITE_OUT | same               | same
            Vz                 | BEGIN_WRITE_OUT | same               | same

            # the guest gave the frame away (balloon): the content goes whatever the state, the usage stays
            Sr+gc+hc+backed    | RELEASE         | Sz                 | Sz
            Sr+nodat           | RELEASE         | Sz+nodat           | Sz+nodat
            Sp+gc+backed       | RELEASE         | Sz                 | Sz
            Ur+gc+hc           | RELEASE         | Uz                 | Uz
            Vr+backed          | RELEASE         | Vz                 | Vz
            Pr+gc+hc           | RELEASE         | Vz                 | Vz
            Sz                 | RELEASE         | same               | same
            Uz                 | RELEASE         | same               | same
            Vz+nodat           | RELEASE         | same               | same
            """)
    void hostTransitions(String from, FrameOp op, String zvm, String kvm) {
        int word = Words.parse(from);
        assertWord(zvm.equals("same") ? from : zvm, StateModel.apply(word, op, HostMode.ZVM), op + " on " + from + " (zvm)");
        assertWord(kvm.equals("same") ? from : kvm, StateModel.apply(word, op, HostMode.KVM), op + " on " + from + " (kvm)");
    }

    /** What RECLAIM reports, from the ReclaimOutcome javadoc and spec sections 2 and 7. */
    @ParameterizedTest(name = "{0}: zvm {1}, kvm {2}")
    @CsvSource(delimiter = '|', textBlock = """
            Sr+gc+hc        | MUST_WRITE     | MUST_WRITE
            Sr+gc+backed    | DROPPED_BACKED | DROPPED_BACKED
            Sr              | DROPPED_ZERO   | DROPPED_ZERO
            Ur+gc+hc        | DISCARDED      | DISCARDED
            Ur              | DISCARDED      | DISCARDED
            Vr+gc+hc        | DISCARDED      | MUST_WRITE
            Vr+backed       | DISCARDED      | DROPPED_BACKED
            Vr              | DISCARDED      | DROPPED_ZERO
            Pr+hc           | DISCARDED      | MUST_WRITE
            Pr+gc+hc        | MUST_WRITE     | MUST_WRITE
            Pr+gc+backed    | DROPPED_BACKED | DROPPED_BACKED
            Sp+backed       | NOT_RESIDENT   | NOT_RESIDENT
            Sz              | NOT_RESIDENT   | NOT_RESIDENT
            Uz              | NOT_RESIDENT   | NOT_RESIDENT
            Vz              | NOT_RESIDENT   | NOT_RESIDENT
            """)
    void reclaimOutcomes(String from, ReclaimOutcome zvm, ReclaimOutcome kvm) {
        int word = Words.parse(from);
        assertEquals(zvm, StateModel.reclaimOutcome(word, HostMode.ZVM), from + " (zvm)");
        assertEquals(kvm, StateModel.reclaimOutcome(word, HostMode.KVM), from + " (kvm)");
    }

    // ---------------------------------------------------------------- the write-out protocol

    /**
     * Spec section 6, race 4, played sequentially: a store that lands while the write is in flight
     * must leave the frame resident and changed, so that it is written again.
     */
    @Test
    void storeDuringWriteOutIsNotLost() {
        for (HostMode mode : HostMode.values()) {
            int w = Words.parse("Sr+gc+hc");
            assertEquals(ReclaimOutcome.MUST_WRITE, StateModel.reclaimOutcome(w, mode));
            w = StateModel.apply(w, FrameOp.BEGIN_WRITE_OUT, mode);
            w = StateModel.apply(w, FrameOp.STORE, mode);
            assertEquals(ReclaimOutcome.MUST_WRITE, StateModel.reclaimOutcome(w, mode), mode.id());
            assertWord("Sr+gc+hc+backed", StateModel.apply(w, FrameOp.RECLAIM, mode), mode.id());
        }
    }

    /** Race 5: a frame freed while its write-out was in flight is discarded, not backed. */
    @Test
    void freeDuringWriteOutDropsTheWrite() {
        for (HostMode mode : HostMode.values()) {
            int w = StateModel.apply(Words.parse("Sr+gc+hc"), FrameOp.BEGIN_WRITE_OUT, mode);
            w = StateModel.essa(w, Orc.SET_UNUSED);
            assertEquals(ReclaimOutcome.DISCARDED, StateModel.reclaimOutcome(w, mode), mode.id());
            assertWord("Uz", StateModel.apply(w, FrameOp.RECLAIM, mode), mode.id());
        }
    }

    /** A write-out that completes undisturbed ends in Sp, which pages back in as Sr. */
    @Test
    void writeOutThenPageInRoundTrip() {
        for (HostMode mode : HostMode.values()) {
            int w = StateModel.apply(Words.parse("Sr+gc+hc"), FrameOp.BEGIN_WRITE_OUT, mode);
            w = StateModel.apply(w, FrameOp.RECLAIM, mode);
            assertWord("Sp+gc+backed", w, mode.id());
            assertEquals(AccessEffect.HOST_FAULT, StateModel.access(w, mode));
            assertWord("Sr+gc+backed", StateModel.apply(w, FrameOp.PAGE_IN, mode), mode.id());
        }
    }

    // ---------------------------------------------------------------- sweeps over all 256 words

    /** Every legal word, under every operation and in both modes, maps to a legal word. */
    @Test
    void legalWordsMapToLegalWords() {
        List<String> failures = new ArrayList<>();
        for (int word = 0; word < FrameState.WORDS; word++) {
            if (!FrameState.isLegal(word)) {
                continue;
            }
            for (HostMode mode : HostMode.values()) {
                for (Transition t : transitions(mode)) {
                    int to = t.apply(word);
                    if (to < 0 || to > FrameState.STATE_MASK || !FrameState.isLegal(to)) {
                        failures.add(t + " on " + Words.show(word) + " gave " + Words.show(to));
                    }
                }
            }
        }
        assertEquals(List.of(), failures);
    }

    /**
     * The frame-level invariants the FrameState javadoc states, which every reachable word has:
     * a z word has no change bit and no device copy; a p word has a device copy it has not changed
     * since; and a guest change is never only in the frame without the host knowing it must write
     * it ({@code gc} implies {@code hc} or {@code backed}), which is the "no lost data" invariant.
     * Every operation must keep them.
     */
    @Test
    void wellFormedWordsStayWellFormed() {
        List<String> failures = new ArrayList<>();
        int wellFormed = 0;
        for (int word = 0; word < FrameState.WORDS; word++) {
            if (!isWellFormed(word)) {
                continue;
            }
            wellFormed++;
            for (HostMode mode : HostMode.values()) {
                for (Transition t : transitions(mode)) {
                    int to = t.apply(word);
                    if (!isWellFormed(to)) {
                        failures.add(t + " on " + Words.show(word) + " gave " + Words.show(to));
                    }
                }
            }
        }
        assertEquals(List.of(), failures);
        // Sz and the seven other pairs with their reachable flags: guards against a vacuous sweep.
        assertTrue(wellFormed > 40, "only " + wellFormed + " well-formed words");
        assertTrue(isWellFormed(FrameState.INITIAL), "the initial state must be well formed");
    }

    private static boolean isWellFormed(int word) {
        if (!FrameState.isLegal(word)) {
            return false;
        }
        boolean gc = (word & FrameState.GUEST_CHANGED) != 0;
        boolean hc = (word & FrameState.HOST_CHANGED) != 0;
        boolean backed = (word & FrameState.BACKED) != 0;
        switch (FrameState.name(word).charAt(1)) {
            case 'z':
                return !gc && !hc && !backed;
            case 'p':
                return backed && !hc;
            default:
                return !gc || hc || backed;
        }
    }

    /**
     * The compiled tables FrameTable uses agree with StateModel on every legal word and map every
     * illegal word to itself.
     */
    @Test
    void transitionTablesAreStateModelCompiled() {
        for (HostMode mode : HostMode.values()) {
            short[][] tables = TransitionTables.of(mode);
            assertEquals(Orc.values().length + FrameOp.values().length, tables.length);
            for (Transition t : transitions(mode)) {
                short[] table = tables[t.index];
                assertEquals(FrameState.WORDS, table.length);
                for (int word = 0; word < FrameState.WORDS; word++) {
                    int expected = FrameState.isLegal(word) ? t.apply(word) : word;
                    assertEquals(expected, table[word], t + " on " + Words.show(word));
                }
            }
        }
        // The two modes must differ where section 7 says they do (Vr reclaim), so that a table
        // compiled for the wrong mode is caught.
        int vr = Words.parse("Vr+backed");
        assertNotEquals(TransitionTables.of(HostMode.ZVM)[TransitionTables.index(FrameOp.RECLAIM)][vr],
                TransitionTables.of(HostMode.KVM)[TransitionTables.index(FrameOp.RECLAIM)][vr]);
    }

    // ---------------------------------------------------------------- small parts of the API

    @ParameterizedTest
    @CsvSource({"zvm, ZVM", "kvm, KVM"})
    void hostModeIds(String id, HostMode mode) {
        assertEquals(mode, HostMode.of(id));
        assertEquals(id, mode.id());
    }

    @Test
    void orcCodesAreTheLinuxNumbers() {
        // arch/s390/include/asm/page-states.h
        String[] byCode = {"GET_STATE", "SET_STABLE", "SET_UNUSED", "SET_VOLATILE", "SET_POT_VOLATILE",
            "SET_STABLE_RESIDENT", "SET_STABLE_IF_RESIDENT", "SET_STABLE_NODAT"};
        assertEquals(byCode.length, Orc.values().length);
        for (int code = 0; code < byCode.length; code++) {
            assertEquals(byCode[code], Orc.of(code).name());
            assertEquals(code, Orc.of(code).code());
        }
    }

    /**
     * The host operations these tests know. A new {@link FrameOp} needs rows in
     * {@link #hostTransitions}, a rule in {@code FrameTablePropertyTest.Frame.host} and a wider
     * op range in {@code FrameTableLincheckTest}; this fails until someone has looked.
     */
    @Test
    void frameOpsAreTheOnesTheTestsCover() {
        assertEquals(List.of(FrameOp.STORE, FrameOp.CLEAN, FrameOp.PAGE_IN, FrameOp.ZERO_FILL, FrameOp.RECLAIM,
                FrameOp.BEGIN_WRITE_OUT, FrameOp.RELEASE), List.of(FrameOp.values()));
    }

    @Test
    void initialStateIsSzWithoutFlags() {
        assertWord("Sz", FrameState.INITIAL, "INITIAL");
    }

    // ---------------------------------------------------------------- helpers

    private static final List<String> LEGAL_PAIRS = List.of("Sr", "Sp", "Sz", "Ur", "Uz", "Vr", "Vz", "Pr");

    private static void assertWord(String expected, int actual, String where) {
        int want = Words.parse(expected);
        if (want != actual) {
            fail(where + ": expected " + Words.show(want) + " but was " + Words.show(actual));
        }
    }

    /** All 16 combinations of the four flag bits. */
    private static List<Integer> flagCombinations() {
        int[] bits = {FrameState.GUEST_CHANGED, FrameState.HOST_CHANGED, FrameState.NODAT, FrameState.BACKED};
        List<Integer> all = new ArrayList<>();
        for (int subset = 0; subset < 1 << bits.length; subset++) {
            int flags = 0;
            for (int i = 0; i < bits.length; i++) {
                if ((subset & 1 << i) != 0) {
                    flags |= bits[i];
                }
            }
            all.add(flags);
        }
        return all;
    }

    /** Every ESSA code and every FrameOp, with its index in {@link TransitionTables#of}. */
    private static List<Transition> transitions(HostMode mode) {
        List<Transition> all = new ArrayList<>();
        for (Orc orc : Orc.values()) {
            all.add(new Transition(orc.name(), orc.ordinal(), w -> StateModel.essa(w, orc)));
        }
        Set<FrameOp> ops = EnumSet.allOf(FrameOp.class);
        for (FrameOp op : ops) {
            all.add(new Transition(op.name() + "/" + mode.id(), TransitionTables.index(op),
                    w -> StateModel.apply(w, op, mode)));
        }
        return all;
    }

    private static final class Transition {
        final String name;
        final int index;
        final IntUnaryOperator function;

        Transition(String name, int index, IntUnaryOperator function) {
            this.name = name;
            this.index = index;
            this.function = function;
        }

        int apply(int word) {
            return function.applyAsInt(word);
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
