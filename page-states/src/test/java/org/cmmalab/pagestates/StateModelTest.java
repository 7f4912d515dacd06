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
 * {@link StateModel} in {@code zvm} mode against the architecture's tables, as docs/state-model.md
 * sections 1 to 4 give them, and the sweeps over every word that both modes must pass. The
 * {@code kvm} tables, read from the Linux source, are in {@link KvmStateModelTest}.
 *
 * <p>Every expected value below is a literal transcribed from the document or from the project's
 * documented choices in the javadoc; none is computed by the code under test. Words are written in
 * the notation of {@link Words}, such as {@code Sp+gc+backed}.
 */
class StateModelTest {
    private static final HostMode ZVM = HostMode.ZVM;


    // ---------------------------------------------------------------- section 1: legal pairs

    /** Section 1: of the 12 (usage, content) pairs, 8 are legal under zvm; Up, Vp, Pp and Pz never exist. */
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
            assertEquals(legal, StateModel.isLegal(word, ZVM), Words.show(word));
        }
    }

    @Test
    void contentCodeThreeIsNeverLegal() {
        // The layout leaves content code 3 unused; no word carrying it may pass as a state.
        for (HostMode mode : HostMode.values()) {
            for (int usage = 0; usage < 4; usage++) {
                for (int flags : flagCombinations()) {
                    int word = usage | FrameState.CONTENT_MASK | flags;
                    assertTrue(!StateModel.isLegal(word, mode), mode.id() + " " + Words.show(word));
                }
            }
        }
    }

    @Test
    void exactlyEightPairsTimesAllFlagsAreLegal() {
        int legal = 0;
        for (int word = 0; word < FrameState.WORDS; word++) {
            if (StateModel.isLegal(word, ZVM)) {
                legal++;
            }
        }
        assertEquals(8 * flagCombinations().size(), legal);
    }

    // ---------------------------------------------------------------- sections 2 and 7: reclaim

    /** Section 2. */
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            Sr | WRITE_OUT
            Ur | DISCARD
            Vr | DISCARD
            Pr | DISCARD_IF_CLEAN
            Sp | NONE
            Sz | NONE
            Uz | NONE
            Vz | NONE
            """)
    void reclaimTable(String pair, ReclaimAction zvm) {
        int word = Words.parse(pair);
        assertEquals(zvm, StateModel.reclaimAction(FrameState.usage(word), FrameState.content(word), ZVM));
    }

    @ParameterizedTest
    @CsvSource({"Up", "Vp", "Pp", "Pz"})
    void illegalPairsHaveNoReclaimActionAndNoAccessEffect(String pair) {
        int word = Words.parse(pair);
        assertNull(StateModel.reclaimAction(FrameState.usage(word), FrameState.content(word), ZVM));
        assertNull(StateModel.access(word, ZVM));
    }

    // ---------------------------------------------------------------- sections 3 and 7: access

    /** Section 3. */
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            Sr | NORMAL
            Vr | NORMAL
            Pr | NORMAL
            Sp | HOST_FAULT
            Sz | ZERO_FILL
            Vz | DISCARD_FAULT
            Ur | ADDRESSING_EXCEPTION
            Uz | ADDRESSING_EXCEPTION
            """)
    void accessTable(String pair, AccessEffect zvm) {
        int base = Words.parse(pair);
        // Under zvm no flag changes the answer: the pair alone decides.
        for (int flags : flagCombinations()) {
            assertEquals(zvm, StateModel.access(base | flags, ZVM), Words.show(base | flags));
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
        int to = StateModel.essa(from, orc, ZVM);
        String where = orc + " on " + Words.show(from) + " gave " + Words.show(to);
        boolean pairOnly = expected.endsWith("*");
        int want = Words.parse(pairOnly ? expected.substring(0, expected.length() - 1) : expected);
        assertEquals(FrameState.name(want), FrameState.name(to), where);
        if (!pairOnly) {
            assertEquals(FrameState.guestChanged(want), FrameState.guestChanged(to), where + ": change bit");
        }
    }

    /**
     * No-DAT per ORC, in both modes: SET_STABLE clears it, SET_STABLE_NODAT sets it, every other
     * code leaves it alone (SET_STABLE_RESIDENT and SET_STABLE_IF_RESIDENT included, as KVM's
     * pgste_perform_essa does, Linux 6.12 arch/s390/mm/pgtable.c).
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
        for (HostMode mode : HostMode.values()) {
            for (int word = 0; word < FrameState.WORDS; word++) {
                if (!StateModel.isLegal(word, mode)) {
                    continue;
                }
                boolean before = FrameState.noDat(word);
                boolean expected = rule.equals("keep") ? before : rule.equals("set");
                assertEquals(expected, FrameState.noDat(StateModel.essa(word, orc, mode)),
                        orc + " on " + Words.show(word) + " (" + mode.id() + ")");
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
        assertWord(to, StateModel.essa(word, orc, ZVM), orc + " on " + from);
    }

    // ---------------------------------------------------------------- host transitions

    /**
     * {@link FrameOp}s on representative words; {@code same} means unchanged. From the FrameOp and
     * FrameState javadoc and sections 2 and 3.
     */
    @ParameterizedTest(name = "{1} on {0}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # a store sets both change bits on a resident, used frame, and nothing else
            Sr                 | STORE           | Sr+gc+hc
            Sr+backed          | STORE           | Sr+gc+hc+backed
            Vr                 | STORE           | Vr+gc+hc
            Pr+backed          | STORE           | Pr+gc+hc+backed
            # an unused frame is an addressing exception; a frame that is not resident faults first
            Ur                 | STORE           | same
            Sp+backed          | STORE           | same
            Sz                 | STORE           | same
            Vz                 | STORE           | same

            # the guest saved the page: only the guest's change bit goes
            Sr+gc+hc           | CLEAN           | Sr+hc
            Sp+gc+backed       | CLEAN           | Sp+backed
            Pr+gc+backed+nodat | CLEAN           | Pr+backed+nodat

            # page-in: Sp becomes Sr, a copy of the device, with the guest's flags
            Sp+backed          | PAGE_IN         | Sr+backed
            Sp+gc+backed+nodat | PAGE_IN         | Sr+gc+backed+nodat
            Sr+gc+hc           | PAGE_IN         | same
            Sz                 | PAGE_IN         | same
            Vz                 | PAGE_IN         | same

            # zero fill: only Sz; Vz is a discard fault, Uz an addressing exception
            Sz                 | ZERO_FILL       | Sr
            Sz+nodat           | ZERO_FILL       | Sr+nodat
            Vz                 | ZERO_FILL       | same
            Uz                 | ZERO_FILL       | same
            Sp+backed          | ZERO_FILL       | same
            Sr+gc+hc           | ZERO_FILL       | same

            # reclaim of S: write out unless the device copy is current; a never-changed zero fill is dropped
            Sr+gc+hc           | RECLAIM         | same
            Sr+gc+backed       | RECLAIM         | Sp+gc+backed
            Sr+backed          | RECLAIM         | Sp+backed
            Sr                 | RECLAIM         | Sz
            Sr+nodat           | RECLAIM         | Sz+nodat
            # reclaim of U: discarded
            Ur+gc+hc+backed    | RECLAIM         | Uz
            # reclaim of V: discarded
            Vr+gc+hc           | RECLAIM         | Vz
            Vr+backed          | RECLAIM         | Vz
            Vr                 | RECLAIM         | Vz
            # reclaim of P: discarded if clean (Pz does not exist: Vz), written out if changed (Sp)
            Pr+hc+backed       | RECLAIM         | Vz
            Pr+hc+nodat        | RECLAIM         | Vz+nodat
            Pr+backed          | RECLAIM         | Vz
            Pr+gc+hc           | RECLAIM         | same
            Pr+gc+backed       | RECLAIM         | Sp+gc+backed
            # not resident: nothing to reclaim
            Sp+backed          | RECLAIM         | same
            Sz                 | RECLAIM         | same
            Uz                 | RECLAIM         | same
            Vz                 | RECLAIM         | same

            # the write starts: the device copy becomes current, only where reclaim must write
            Sr+gc+hc           | BEGIN_WRITE_OUT | Sr+gc+backed
            Sr+hc+backed       | BEGIN_WRITE_OUT | Sr+backed
            Sr+gc+backed       | BEGIN_WRITE_OUT | same
            Sr                 | BEGIN_WRITE_OUT | same
            Vr+gc+hc           | BEGIN_WRITE_OUT | same
            Pr+gc+hc           | BEGIN_WRITE_OUT | Pr+gc+backed
            Pr+hc              | BEGIN_WRITE_OUT | same
            Ur+gc+hc           | BEGIN_WRITE_OUT | same
            Sp+backed          | BEGIN_WRITE_OUT | same
            Vz                 | BEGIN_WRITE_OUT | same

            # the guest gave the frame away (balloon): the content goes whatever the state, the usage stays
            Sr+gc+hc+backed    | RELEASE         | Sz
            Sr+nodat           | RELEASE         | Sz+nodat
            Sp+gc+backed       | RELEASE         | Sz
            Ur+gc+hc           | RELEASE         | Uz
            Vr+backed          | RELEASE         | Vz
            Pr+gc+hc           | RELEASE         | Vz
            Sz                 | RELEASE         | same
            Uz                 | RELEASE         | same
            Vz+nodat           | RELEASE         | same

            # z/VM has no collection buffer to zap: nothing changes
            Sp+gc+backed       | ZAP_UNUSED      | same
            Uz                 | ZAP_UNUSED      | same
            Ur+gc+hc+backed    | ZAP_UNUSED      | same
            """)
    void hostTransitions(String from, FrameOp op, String zvm) {
        int word = Words.parse(from);
        assertWord(zvm.equals("same") ? from : zvm, StateModel.apply(word, op, ZVM), op + " on " + from);
    }

    /** What RECLAIM reports, from the ReclaimOutcome javadoc and section 2. */
    @ParameterizedTest(name = "{0}: {1}")
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
    void reclaimOutcomes(String from, ReclaimOutcome zvm) {
        assertEquals(zvm, StateModel.reclaimOutcome(Words.parse(from), ZVM), from);
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

    /**
     * Race 5: a frame freed while its write-out was in flight is discarded, not backed: no device
     * copy stays. Under kvm the PTE becomes none ({@code Up}) and the PGSTE keeps the change bit.
     */
    @ParameterizedTest
    @CsvSource({"zvm, Uz", "kvm, Up+gc"})
    void freeDuringWriteOutDropsTheWrite(String id, String after) {
        HostMode mode = HostMode.of(id);
        int w = StateModel.apply(Words.parse("Sr+gc+hc"), FrameOp.BEGIN_WRITE_OUT, mode);
        w = StateModel.essa(w, Orc.SET_UNUSED, mode);
        assertEquals(ReclaimOutcome.DISCARDED, StateModel.reclaimOutcome(w, mode), mode.id());
        assertWord(after, StateModel.apply(w, FrameOp.RECLAIM, mode), mode.id());
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
        for (HostMode mode : HostMode.values()) {
            for (int word = 0; word < FrameState.WORDS; word++) {
                if (!StateModel.isLegal(word, mode)) {
                    continue;
                }
                for (Transition t : transitions(mode)) {
                    int to = t.apply(word);
                    if (to < 0 || to > FrameState.STATE_MASK || !StateModel.isLegal(to, mode)) {
                        failures.add(t + " on " + Words.show(word) + " gave " + Words.show(to));
                    }
                }
            }
        }
        assertEquals(List.of(), failures);
    }

    /**
     * The frame-level invariants the FrameState javadoc states, which every reachable word has.
     * Under zvm: a z word has no change bit and no device copy; a p word has a device copy it has
     * not changed since. Under kvm: a frame that is not resident has no host change (the PGSTE
     * keeps the guest's change bit, and the PTE says swap or none). In both, a guest change is
     * never only in a resident frame without the host knowing it must write it ({@code gc}
     * implies {@code hc} or {@code backed}): the "no lost data" invariant. Every operation must
     * keep them.
     */
    @Test
    void wellFormedWordsStayWellFormed() {
        List<String> failures = new ArrayList<>();
        for (HostMode mode : HostMode.values()) {
            int wellFormed = 0;
            for (int word = 0; word < FrameState.WORDS; word++) {
                if (!isWellFormed(word, mode)) {
                    continue;
                }
                wellFormed++;
                for (Transition t : transitions(mode)) {
                    int to = t.apply(word);
                    if (!isWellFormed(to, mode)) {
                        failures.add(t + " on " + Words.show(word) + " gave " + Words.show(to));
                    }
                }
            }
            // Every legal pair with its reachable flags: guards against a vacuous sweep.
            assertTrue(wellFormed > 40, mode.id() + ": only " + wellFormed + " well-formed words");
            assertTrue(isWellFormed(StateModel.initial(mode), mode), "the initial state must be well formed");
        }
        assertEquals(List.of(), failures);
    }

    private static boolean isWellFormed(int word, HostMode mode) {
        if (!StateModel.isLegal(word, mode)) {
            return false;
        }
        boolean gc = (word & FrameState.GUEST_CHANGED) != 0;
        boolean hc = (word & FrameState.HOST_CHANGED) != 0;
        boolean backed = (word & FrameState.BACKED) != 0;
        char content = FrameState.name(word).charAt(1);
        if (content == 'r') {
            return !gc || hc || backed;
        }
        if (mode == HostMode.KVM) {
            return !hc;
        }
        return content == 'z' ? !gc && !hc && !backed : backed && !hc;
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
                    int expected = StateModel.isLegal(word, mode) ? t.apply(word) : word;
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
     * {@link #hostTransitions} and {@code KvmStateModelTest}, a rule in
     * {@code ReferenceFrameTable.Frame.host} and a wider op range in {@code FrameTableLincheckTest};
     * this fails until someone has looked.
     */
    @Test
    void frameOpsAreTheOnesTheTestsCover() {
        assertEquals(List.of(FrameOp.STORE, FrameOp.CLEAN, FrameOp.PAGE_IN, FrameOp.ZERO_FILL, FrameOp.RECLAIM,
                FrameOp.BEGIN_WRITE_OUT, FrameOp.RELEASE, FrameOp.ZAP_UNUSED), List.of(FrameOp.values()));
    }

    /** A never-touched frame: zvm has nothing for it (Sz); KVM's PTE is none and it reports p. */
    @ParameterizedTest
    @CsvSource({"zvm, Sz", "kvm, Sp"})
    void initialStateHasNoFlags(String id, String initial) {
        assertWord(initial, StateModel.initial(HostMode.of(id)), "initial");
    }

    /** The architected result codes: content in bits 0-1 as r0 p2 z3, usage in bits 2-3 as S0 U1 P2 V3, no-DAT 0x20. */
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({"Sr, 0x00", "Sp, 0x02", "Sz, 0x03", "Ur, 0x04", "Up, 0x06", "Uz, 0x07", "Pr, 0x08", "Pp, 0x0A",
        "Vr, 0x0C", "Vp, 0x0E", "Vz, 0x0F", "Sr+nodat, 0x20", "Vz+gc+backed+nodat, 0x2F"})
    void resultCodes(String word, String code) {
        assertEquals(Integer.decode(code), FrameState.resultCode(Words.parse(word)), word);
    }

    // ---------------------------------------------------------------- helpers

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
            all.add(new Transition(orc.name() + "/" + mode.id(), orc.ordinal(), w -> StateModel.essa(w, orc, mode)));
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
