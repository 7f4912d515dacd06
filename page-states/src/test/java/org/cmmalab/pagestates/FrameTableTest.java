package org.cmmalab.pagestates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link FrameTable} by example: ESSA's return value, bad input, large frames, memory layout. */
class FrameTableTest {

    // ---------------------------------------------------------------- ESSA and apply

    @Test
    void newTableIsAllSz() {
        FrameTable table = new FrameTable(8, HostMode.ZVM);
        for (int frame = 0; frame < table.frames(); frame++) {
            assertWord("Sz", table.state(frame), "frame " + frame);
        }
    }

    /** Spec section 4: ESSA returns the state before, all of it (usage, content, change bit, no-DAT). */
    @Test
    void essaReturnsTheWholeOldWord() {
        FrameTable table = new FrameTable(4, HostMode.ZVM);
        assertWord("Sz", table.essa(2, Orc.SET_STABLE_RESIDENT), "first ESSA");
        assertWord("Sr", table.apply(2, FrameOp.STORE), "STORE returns the word before it");
        assertWord("Sr+gc+hc", table.essa(2, Orc.SET_STABLE_NODAT), "after a store");
        assertWord("Sr+gc+hc+nodat", table.essa(2, Orc.SET_UNUSED), "after SET_STABLE_NODAT");
        assertWord("Ur+gc+hc+nodat", table.essa(2, Orc.GET_STATE), "after SET_UNUSED");
        assertWord("Ur+gc+hc+nodat", table.state(2), "GET_STATE changes nothing");
        // The neighbours were never touched.
        assertWord("Sz", table.state(1), "frame 1");
        assertWord("Sz", table.state(3), "frame 3");
    }

    /** Section 5's make-stable-if-resident: the old state tells the guest its page was discarded. */
    @Test
    void stableIfResidentTellsTheGuestItsPageWasDiscarded() {
        FrameTable table = new FrameTable(1, HostMode.ZVM);
        table.essa(0, Orc.SET_STABLE_RESIDENT);
        table.apply(0, FrameOp.STORE);
        table.apply(0, FrameOp.CLEAN);
        table.essa(0, Orc.SET_VOLATILE);
        table.apply(0, FrameOp.RECLAIM); // zvm discards a volatile frame
        assertWord("Vz", table.essa(0, Orc.SET_STABLE_IF_RESIDENT), "old state");
        assertWord("Vz", table.state(0), "a discarded frame stays discarded");
    }

    @Test
    void theTwoModesReclaimAVolatileFrameDifferently() {
        for (HostMode mode : HostMode.values()) {
            FrameTable table = new FrameTable(1, mode);
            table.essa(0, Orc.SET_STABLE_RESIDENT);
            table.apply(0, FrameOp.STORE);
            table.essa(0, Orc.SET_VOLATILE);
            table.apply(0, FrameOp.BEGIN_WRITE_OUT);
            table.apply(0, FrameOp.RECLAIM);
            assertWord(mode == HostMode.ZVM ? "Vz" : "Sp+gc+backed", table.state(0), mode.id());
        }
    }

    // ---------------------------------------------------------------- bad input

    /** Every per-frame call refuses frame -1 and frame == frames, naming the frame and the range. */
    @ParameterizedTest
    @ValueSource(ints = {-1, 8, Integer.MIN_VALUE, Integer.MAX_VALUE})
    void frameOutOfRange(int frame) {
        FrameTable table = new FrameTable(8, HostMode.ZVM, 4);
        List<Consumer<FrameTable>> calls = List.of(
                t -> t.essa(frame, Orc.GET_STATE),
                t -> t.apply(frame, FrameOp.STORE),
                t -> t.state(frame));
        for (Consumer<FrameTable> call : calls) {
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> call.accept(table));
            assertMessageNames(e, "frame " + frame, "0..7");
        }
    }

    /** Every per-large-frame call refuses -1 and largeFrames(), naming the value and the range. */
    @ParameterizedTest
    @ValueSource(ints = {-1, 2})
    void largeFrameOutOfRange(int large) {
        FrameTable table = new FrameTable(8, HostMode.ZVM, 4);
        List<Consumer<FrameTable>> calls = List.of(
                t -> t.essaLarge(large, Orc.GET_STATE),
                t -> t.applyLarge(large, FrameOp.STORE),
                t -> t.stateLarge(large),
                t -> t.isLarge(large),
                t -> t.merge(large),
                t -> t.split(large));
        for (Consumer<FrameTable> call : calls) {
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> call.accept(table));
            assertMessageNames(e, "large frame " + large, "0..1");
        }
    }

    @ParameterizedTest
    @CsvSource({"8, 0..7", "-1, 0..7", "100, 0..7", "-2147483648, 0..7"})
    void unknownEssaCode(int code, String range) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Orc.of(code));
        assertMessageNames(e, "code " + code, range);
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 0, 1, -2, 6, 1024, 1 << 30})
    void framesPerLargeMustBeAPowerOfTwoFrom2To512(int framesPerLarge) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FrameTable(1024, HostMode.ZVM, framesPerLarge));
        assertMessageNames(e, "was " + framesPerLarge, "2 to 512");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void framesMustBePositive(int frames) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FrameTable(frames, HostMode.ZVM));
        // "positive" is the valid range: 1 and up.
        assertMessageNames(e, "was " + frames, "positive");
    }

    @Test
    void unknownHostMode() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostMode.of("xen"));
        assertMessageNames(e, "'xen'", "zvm, kvm");
    }

    @Test
    void modeIsRequired() {
        assertThrows(NullPointerException.class, () -> new FrameTable(1, null));
    }

    // ---------------------------------------------------------------- large frames (2 MiB = 512 frames)

    @Test
    void defaultLargeFrameIs512Frames() {
        FrameTable table = new FrameTable(1024 + 100, HostMode.ZVM);
        assertEquals(512, table.framesPerLarge());
        // The 100 trailing frames do not fill a large frame and can never be merged.
        assertEquals(2, table.largeFrames());
        assertThrows(IndexOutOfBoundsException.class, () -> table.merge(2));
        assertWord("Sz", table.essa(1100 + 23, Orc.SET_STABLE_RESIDENT), "a trailing frame is an ordinary frame");
    }

    @Test
    void mergeSucceedsWhenAllFramesShareOneState() {
        FrameTable table = new FrameTable(1024, HostMode.ZVM);
        // Bring every frame of run 1 to the same non-initial word, flags included.
        for (int frame = 512; frame < 1024; frame++) {
            table.essa(frame, Orc.SET_STABLE_RESIDENT);
            table.essa(frame, Orc.SET_STABLE_NODAT);
        }
        assertFalse(table.isLarge(1));
        assertTrue(table.merge(1));
        assertTrue(table.isLarge(1));
        assertWord("Sr+nodat", table.stateLarge(1), "large frame 1");
        assertFalse(table.isLarge(0), "merging run 1 must not touch run 0");
    }

    /** One frame that differs, in the middle or at either end, and only by a flag: no merge, nothing changed. */
    @ParameterizedTest
    @CsvSource({"0, SET_UNUSED", "511, SET_UNUSED", "1, SET_STABLE_NODAT", "300, SET_STABLE_RESIDENT"})
    void mergeFailsWhenOneFrameDiffers(int odd, Orc orc) {
        FrameTable table = new FrameTable(512, HostMode.ZVM);
        table.essa(odd, orc);
        int oddWord = table.state(odd);
        assertFalse(table.merge(0));
        assertFalse(table.isLarge(0));
        for (int frame = 0; frame < 512; frame++) {
            assertWord(frame == odd ? FrameState.describe(oddWord) : "Sz", table.state(frame), "frame " + frame);
        }
        // The merge must have let go of every entry it froze: all frames take small operations again.
        for (int frame = 0; frame < 512; frame++) {
            table.essa(frame, Orc.SET_STABLE); // clears no-DAT
            table.essa(frame, Orc.SET_STABLE_RESIDENT);
        }
        assertTrue(table.merge(0), "after the frames agree again");
    }

    @Test
    void mergeComparesFlagsToo() {
        FrameTable table = new FrameTable(4, HostMode.ZVM, 4);
        for (int frame = 0; frame < 4; frame++) {
            table.essa(frame, Orc.SET_STABLE_RESIDENT);
        }
        table.apply(2, FrameOp.STORE); // Sr+gc+hc among Sr
        assertFalse(table.merge(0));
        table.apply(2, FrameOp.CLEAN); // still Sr+hc
        assertFalse(table.merge(0));
    }

    @Test
    void oneLargeEssaChangesAll512Frames() {
        FrameTable table = new FrameTable(1024, HostMode.ZVM);
        assertTrue(table.merge(0));
        assertWord("Sz", table.essaLarge(0, Orc.SET_STABLE_RESIDENT), "essaLarge returns the old state");
        assertWord("Sr", table.applyLarge(0, FrameOp.STORE), "applyLarge returns the old state");
        assertWord("Sr+gc+hc", table.essaLarge(0, Orc.SET_POT_VOLATILE), "old state");
        for (int frame = 0; frame < 512; frame++) {
            assertWord("Pr+gc+hc", table.state(frame), "frame " + frame);
        }
        for (int frame = 512; frame < 1024; frame++) {
            assertWord("Sz", table.state(frame), "frame " + frame + " is outside the large frame");
        }
    }

    @Test
    void splitGivesEverySmallFrameTheLargeState() {
        FrameTable table = new FrameTable(1024, HostMode.KVM);
        assertTrue(table.merge(1));
        table.essaLarge(1, Orc.SET_STABLE_RESIDENT);
        table.applyLarge(1, FrameOp.STORE);
        table.applyLarge(1, FrameOp.BEGIN_WRITE_OUT);
        table.essaLarge(1, Orc.SET_VOLATILE);
        table.split(1);
        assertFalse(table.isLarge(1));
        for (int frame = 512; frame < 1024; frame++) {
            assertWord("Vr+gc+backed", table.state(frame), "frame " + frame);
        }
        // Every small frame is on its own again.
        assertWord("Vr+gc+backed", table.essa(700, Orc.SET_UNUSED), "frame 700");
        assertWord("Ur+gc+backed", table.state(700), "frame 700");
        assertWord("Vr+gc+backed", table.state(701), "frame 701");
        assertTrue(!table.merge(1), "the run no longer agrees");
    }

    @Test
    void smallOperationInsideALargeFrameIsRefused() {
        FrameTable table = new FrameTable(1024, HostMode.ZVM);
        assertTrue(table.merge(1));
        table.essaLarge(1, Orc.SET_STABLE_RESIDENT);
        for (int frame : new int[] {512, 513, 800, 1023}) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> table.essa(frame, Orc.SET_UNUSED));
            assertMessageNames(e, "frame " + frame, "large frame 1");
            assertThrows(IllegalStateException.class, () -> table.apply(frame, FrameOp.STORE));
            // Reading is allowed and sees the large frame's state.
            assertWord("Sr", table.state(frame), "frame " + frame);
        }
        // The refused operations changed nothing.
        assertWord("Sr", table.stateLarge(1), "large frame 1");
        // Frames of the other run are unaffected.
        assertWord("Sz", table.essa(511, Orc.GET_STATE), "frame 511");
    }

    @Test
    void largeOperationOnAnUnmergedRunIsRefused() {
        FrameTable table = new FrameTable(1024, HostMode.ZVM);
        List<Consumer<FrameTable>> calls = List.of(
                t -> t.essaLarge(1, Orc.SET_STABLE),
                t -> t.applyLarge(1, FrameOp.RECLAIM),
                t -> t.stateLarge(1),
                t -> t.split(1));
        for (Consumer<FrameTable> call : calls) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> call.accept(table));
            assertMessageNames(e, "1", "is not merged");
        }
        // The same holds after a merge and a split.
        assertTrue(table.merge(1));
        table.split(1);
        for (Consumer<FrameTable> call : calls) {
            assertThrows(IllegalStateException.class, () -> call.accept(table));
        }
    }

    @Test
    void mergingALargeFrameAgainIsRefused() {
        FrameTable table = new FrameTable(8, HostMode.ZVM, 4);
        assertTrue(table.merge(1));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> table.merge(1));
        assertMessageNames(e, "1", "merged already");
        assertTrue(table.isLarge(1), "the refused merge changed nothing");
    }

    // ---------------------------------------------------------------- memory

    /**
     * "Two bytes per 4 KiB frame, nothing else": a table of N frames owns one short[] of N. Every
     * other instance field is a primitive or an object shared by all tables of the same mode, so
     * nothing else grows with N.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 1000, 4096, 1 << 20})
    void oneShortPerFrame(int frames) throws IllegalAccessException {
        FrameTable table = new FrameTable(frames, HostMode.ZVM);
        FrameTable other = new FrameTable(frames, HostMode.ZVM);
        List<String> perTable = new ArrayList<>();
        int shortArrays = 0;
        for (Field field : FrameTable.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) || field.getType().isPrimitive()) {
                continue;
            }
            field.setAccessible(true);
            Object mine = field.get(table);
            Object theirs = field.get(other);
            if (field.getType() == short[].class) {
                shortArrays++;
                assertEquals(frames, ((short[]) mine).length, field.getName());
                assertNotSame(mine, theirs, "each table owns its entries");
            } else if (mine != theirs) {
                perTable.add(field.getName() + " : " + field.getType().getSimpleName());
            }
        }
        assertEquals(1, shortArrays, "exactly one short[] field");
        assertEquals(List.of(), perTable, "per-table objects besides the short[]");
    }

    @Test
    void tablesOfOneModeShareTheirTransitionTables() {
        // The check above relies on the compiled tables being shared; make that explicit.
        assertSame(TransitionTables.of(HostMode.ZVM), TransitionTables.of(HostMode.ZVM));
        assertNotSame(TransitionTables.of(HostMode.ZVM), TransitionTables.of(HostMode.KVM));
    }

    // ---------------------------------------------------------------- helpers

    private static void assertWord(String expected, int actual, String where) {
        int want = Words.parse(expected);
        if (want != actual) {
            fail(where + ": expected " + Words.show(want) + " but was " + Words.show(actual));
        }
    }

    private static void assertMessageNames(Exception e, String... parts) {
        String message = String.valueOf(e.getMessage());
        for (String part : parts) {
            assertTrue(message.contains(part), "message '" + message + "' should name '" + part + "'");
        }
    }
}
