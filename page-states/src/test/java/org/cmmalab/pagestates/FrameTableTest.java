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

/** {@link FrameTable} by example: ESSA's return value, bad input, large frames, sparse memory layout. */
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

    /** zvm discards a volatile frame; KVM swaps it out and keeps its usage (Vp). */
    @Test
    void theTwoModesReclaimAVolatileFrameDifferently() {
        for (HostMode mode : HostMode.values()) {
            FrameTable table = new FrameTable(1, mode);
            table.apply(0, FrameOp.ZERO_FILL);
            table.apply(0, FrameOp.STORE);
            table.essa(0, Orc.SET_VOLATILE);
            table.apply(0, FrameOp.BEGIN_WRITE_OUT);
            table.apply(0, FrameOp.RECLAIM);
            assertWord(mode == HostMode.ZVM ? "Vz" : "Vp+gc+backed", table.state(0), mode.id());
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
        table.applyLarge(1, FrameOp.ZERO_FILL); // KVM's SET_STABLE_RESIDENT would not make it resident
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

    // ---------------------------------------------------------------- memory: sparse chunks

    /**
     * The layout of the class comment: a table of N frames owns one directory, a short[][] of
     * ceil(N / 512) slots, all empty while no frame has changed, and one short[][] of uniform
     * chunks, one slot per state word, all empty; every other instance field is a primitive or an
     * object shared by all tables of the same mode, so nothing else grows with N.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 512, 1000, 4096, 1 << 20})
    void aNewTableIsAnEmptyDirectory(int frames) throws IllegalAccessException {
        FrameTable table = new FrameTable(frames, HostMode.ZVM);
        FrameTable other = new FrameTable(frames, HostMode.ZVM);
        int slots = (frames + 511) / 512;
        List<String> perTable = new ArrayList<>();
        int directories = 0;
        for (Field field : FrameTable.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) || field.getType().isPrimitive()) {
                continue;
            }
            field.setAccessible(true);
            Object mine = field.get(table);
            Object theirs = field.get(other);
            if (mine == theirs) {
                continue; // shared: the mode and its transition tables
            }
            if (field.getType() == short[][].class) {
                directories++;
                short[][] directory = (short[][]) mine;
                assertEquals(field.getName().equals("uniforms") ? FrameState.WORDS : slots, directory.length, field.getName());
                for (short[] chunk : directory) {
                    assertEquals(null, chunk, "a new table holds no chunk");
                }
            } else {
                perTable.add(field.getName() + " : " + field.getType().getSimpleName());
            }
        }
        assertEquals(2, directories, "exactly two per-table short[][] fields: the directory and the uniform chunks");
        assertEquals(List.of(), perTable, "per-table objects besides the directory");
        assertEquals(512, table.framesPerChunk());
        assertEquals(0, table.chunksAllocated());
        assertEquals(EMPTY_BYTES.applyAsLong(slots), table.heapBytes(), "the directories alone");
    }

    /** An absent chunk reads as all Sz and holds no large frame; reading allocates nothing. */
    @Test
    void absentChunksReadInitial() {
        FrameTable table = new FrameTable(3 * 512 + 100, HostMode.ZVM);
        table.essa(600, Orc.SET_UNUSED); // chunk 1 only
        for (int frame = 0; frame < table.frames(); frame++) {
            assertWord(frame == 600 ? "Uz" : "Sz", table.state(frame), "frame " + frame);
        }
        for (int large : new int[] {0, 2}) {
            assertFalse(table.isLarge(large), "run " + large);
            assertThrows(IllegalStateException.class, () -> table.stateLarge(large));
            assertThrows(IllegalStateException.class, () -> table.essaLarge(large, Orc.SET_UNUSED));
            assertThrows(IllegalStateException.class, () -> table.applyLarge(large, FrameOp.STORE));
            assertThrows(IllegalStateException.class, () -> table.split(large));
        }
        assertEquals(1, table.chunksAllocated(), "only chunk 1 was written");
        for (int frame = 0; frame < table.frames(); frame += 100) {
            assertEquals(frame >= 512 && frame < 1024 ? FrameTable.MIXED : table.initial(), table.uniformState(frame),
                    "chunk of frame " + frame);
        }
        assertTrue(StateModel.isLegal(table.initial(), table.mode()), "a walk of legal states may skip untouched chunks");
        assertThrows(IndexOutOfBoundsException.class, () -> table.uniformState(3 * 512 + 100));
        assertThrows(IndexOutOfBoundsException.class, () -> table.state(3 * 512 + 100));
        assertThrows(IndexOutOfBoundsException.class, () -> table.essa(3 * 512 + 100, Orc.SET_UNUSED));
        assertEquals(1, table.chunksAllocated(), "reads and refused operations allocate nothing");
    }

    /**
     * Every operation on a frame of an absent chunk, in both modes: one that leaves the initial
     * state (zvm Sz, kvm Sp) as it is returns it and allocates nothing; one that changes it
     * allocates exactly that frame's chunk.
     */
    @Test
    void aTransitionThatChangesNothingAllocatesNothing() {
        List<String> identities = new ArrayList<>();
        List<String> changes = new ArrayList<>();
        for (HostMode mode : HostMode.values()) {
            List<Object> ops = new ArrayList<>(List.of(Orc.values()));
            ops.addAll(List.of(FrameOp.values()));
            for (Object op : ops) {
                FrameTable table = new FrameTable(2048, mode);
                long empty = table.heapBytes();
                int before = op instanceof Orc ? table.essa(700, (Orc) op) : table.apply(700, (FrameOp) op);
                int initial = StateModel.initial(mode);
                int expected = op instanceof Orc ? StateModel.essa(initial, (Orc) op, mode)
                        : StateModel.apply(initial, (FrameOp) op, mode);
                String what = mode.id() + " " + op;
                assertWord(mode == HostMode.ZVM ? "Sz" : "Sp", before, what + " returns the untouched state");
                assertEquals(expected, table.state(700), what);
                if (expected == initial) {
                    identities.add(what);
                    assertEquals(0, table.chunksAllocated(), what + " changes nothing and must allocate nothing");
                    assertEquals(empty, table.heapBytes(), what);
                } else {
                    changes.add(what);
                    assertEquals(1, table.chunksAllocated(), what + " allocates one chunk");
                    assertEquals(empty + arrayBytes(512, 2), table.heapBytes(), what);
                    for (int frame = 512; frame < 1024; frame++) {
                        if (frame != 700) {
                            assertWord(mode == HostMode.ZVM ? "Sz" : "Sp", table.state(frame), what + ": the new chunk's frame " + frame);
                        }
                    }
                }
            }
        }
        // Both kinds must occur, or the test says nothing about one of them.
        assertTrue(identities.contains("zvm GET_STATE") && identities.contains("zvm SET_STABLE"), identities.toString());
        assertTrue(changes.contains("zvm SET_UNUSED") && changes.contains("kvm ZERO_FILL"), changes.toString());
    }

    /** Merging an untouched run allocates its chunk; the merged run then behaves as any other. */
    @Test
    void mergeAndSplitOnAnAbsentChunk() {
        FrameTable table = new FrameTable(4 * 512, HostMode.ZVM);
        assertTrue(table.merge(2), "an untouched run is all Sz: it merges");
        assertEquals(1, table.chunksAllocated());
        assertTrue(table.isLarge(2));
        assertFalse(table.isLarge(1));
        assertFalse(table.isLarge(3));
        assertWord("Sz", table.stateLarge(2), "large frame 2");
        assertThrows(IllegalStateException.class, () -> table.essa(1100, Orc.SET_UNUSED));
        assertWord("Sz", table.essaLarge(2, Orc.SET_STABLE_RESIDENT), "large frame 2");
        table.split(2);
        for (int frame = 0; frame < table.frames(); frame++) {
            assertWord(frame >= 1024 && frame < 1536 ? "Sr" : "Sz", table.state(frame), "frame " + frame);
        }
        assertEquals(1, table.chunksAllocated(), "the other runs' chunks were never needed");

        // Chunks of two runs: a merge and a split touch only their own chunk.
        FrameTable small = new FrameTable(16, HostMode.KVM, 4, 8);
        assertTrue(small.merge(3));
        assertEquals(1, small.chunksAllocated());
        assertTrue(small.merge(2), "run 2 shares run 3's chunk");
        assertEquals(1, small.chunksAllocated());
        small.split(3);
        assertWord("Sp", small.essa(13, Orc.SET_STABLE_RESIDENT), "frame 13 after the split (kvm: a none PTE reads p)");
        assertFalse(small.isLarge(0));
        assertEquals(1, small.chunksAllocated());
        assertTrue(small.merge(0));
        assertEquals(2, small.chunksAllocated());
    }

    /** The last chunk holds only the frames there are, so a fully touched table costs little over 2 bytes a frame. */
    @ParameterizedTest
    @ValueSource(ints = {1, 1000, 1024, 1 << 20})
    void aFullyTouchedTableCostsLittleOverTwoBytesAFrame(int frames) {
        FrameTable table = new FrameTable(frames, HostMode.ZVM);
        for (int frame = 0; frame < frames; frame++) {
            table.essa(frame, Orc.SET_STABLE_RESIDENT);
        }
        int slots = (frames + 511) / 512;
        long expected = EMPTY_BYTES.applyAsLong(slots) + (long) (frames / 512) * arrayBytes(512, 2)
                + (frames % 512 == 0 ? 0 : arrayBytes(frames % 512, 2));
        assertEquals(slots, table.chunksAllocated());
        assertEquals(expected, table.heapBytes());
        if (frames == 1 << 20) {
            assertTrue(table.heapBytes() - EMPTY_BYTES.applyAsLong(0) <= 2.04 * frames, table.heapBytes() + " bytes for " + frames + " frames");
        }
    }

    /**
     * heapBytes is what the table really allocates, as the JVM counts it, for a 4 GiB guest with
     * 12% of its chunks touched. HotSpot's allocation counter is exact per thread; only the
     * table object itself (a few dozen bytes) is not in heapBytes.
     */
    @Test
    void heapBytesIsWhatTheTableAllocates() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        com.sun.management.HotSpotDiagnosticMXBean hotspot = java.lang.management.ManagementFactory
                .getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
        org.junit.jupiter.api.Assumptions.assumeTrue(
                threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled()
                        && "true".equals(hotspot.getVMOption("UseCompressedOops").getValue())
                        && "true".equals(hotspot.getVMOption("UseCompressedClassPointers").getValue()),
                "heapBytes assumes compressed oops and class pointers, and the JVM must count allocations");
        int frames = 1 << 20;
        // The first round links the table's VarHandles and compiles the loop, which allocates; the
        // second is counted.
        for (int round = 0; round < 2; round++) {
            int touched = 0;
            long start = threads.getCurrentThreadAllocatedBytes();
            FrameTable table = new FrameTable(frames, HostMode.ZVM);
            for (int chunk = 0; chunk < frames / 512; chunk++) {
                if (chunk % 25 < 3) { // 12% of the chunks, spread over the guest
                    touched++;
                    for (int frame = chunk * 512; frame < chunk * 512 + 512; frame += 7) {
                        table.essa(frame, Orc.SET_STABLE_RESIDENT);
                    }
                }
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - start;
            assertEquals(touched, table.chunksAllocated());
            assertEquals(EMPTY_BYTES.applyAsLong(2048) + touched * arrayBytes(512, 2), table.heapBytes());
            long object = allocated - table.heapBytes();
            if (round == 1) {
                assertTrue(object >= 0 && object <= 64, "allocated " + allocated + " bytes, heapBytes " + table.heapBytes());
                // Against one short[] of 2 MiB: a quarter of a byte a frame instead of 2.
                assertEquals(246, touched);
                assertTrue(table.heapBytes() < 0.26 * frames, table.heapBytes() + " bytes");
            }
        }
    }

    /** A new table's heap for a directory of {@code slots}: the directory and the uniform chunks' slots. */
    private static final java.util.function.LongUnaryOperator EMPTY_BYTES =
            slots -> arrayBytes((int) slots, 4) + arrayBytes(FrameState.WORDS, 4);

    /** An array's size on 64-bit HotSpot with compressed oops: 16-byte header, rounded up to 8. */
    private static long arrayBytes(int length, int elementBytes) {
        return (16 + (long) length * elementBytes + 7) / 8 * 8;
    }

    @Test
    void tablesOfOneModeShareTheirTransitionTables() {
        // The layout check above relies on the compiled tables being shared; make that explicit.
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

    /** A run of frames steps as its frames do one by one, across chunks, absent ones included. */
    @Test
    void applyRunIsApplyFrameByFrame() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        for (HostMode mode : HostMode.values()) {
            FrameTable byRun = new FrameTable(3000, mode);
            FrameTable byFrame = new FrameTable(3000, mode);
            Orc[] orcs = Orc.values();
            FrameOp[] ops = FrameOp.values();
            int[] before = new int[1100];
            for (int round = 0; round < 200; round++) {
                // chunk 3 (frames 1536..2047) is left untouched, so some runs cross an absent chunk
                int frame = random.nextInt(1536);
                Orc orc = orcs[random.nextInt(orcs.length)];
                byRun.essa(frame, orc);
                byFrame.essa(frame, orc);
                FrameOp op = ops[random.nextInt(ops.length)];
                int first = random.nextInt(3000);
                int count = random.nextInt(1, Math.min(before.length, 3000 - first) + 1);
                byRun.applyRun(first, count, op, before);
                for (int f = first; f < first + count; f++) {
                    assertEquals(byFrame.apply(f, op), before[f - first], mode + " " + op + " frame " + f);
                }
                for (int f = 0; f < 3000; f++) {
                    assertEquals(byFrame.state(f), byRun.state(f), mode + " frame " + f + " after " + op);
                }
            }
        }
        assertThrows(IndexOutOfBoundsException.class, () -> new FrameTable(8, HostMode.ZVM).applyRun(6, 3, FrameOp.CLEAN, new int[4]));
    }

    /**
     * A run over whole chunks is its frames stepped one by one, whether a chunk is untouched,
     * uniform (one step for the chunk) or private (frame by frame): the same states after, and
     * the state word each frame had before. Random single-frame steps in between copy uniform
     * chunks before writing them, and the two tables must agree throughout.
     */
    @Test
    void aRunOverWholeChunksIsItsFramesSteppedOneByOne() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(19);
        int frames = 4 * 512 + 100; // four whole chunks and a short last one
        int uniformSteps = 0;
        int mixed = 0;
        int[] before = new int[frames];
        for (HostMode mode : HostMode.values()) {
            FrameTable byRun = null;
            FrameTable byFrame = null;
            Orc[] orcs = Orc.values();
            FrameOp[] ops = FrameOp.values();
            for (int round = 0; round < 400; round++) {
                if (round % 40 == 0) { // fresh tables now and then, or every chunk ends private
                    byRun = new FrameTable(frames, mode);
                    byFrame = new FrameTable(frames, mode);
                }
                int first = random.nextInt(4) * 512;
                int count = Math.min(frames - first, random.nextInt(1, 3) * 512 + (random.nextInt(4) == 0 ? 100 : 0));
                boolean essa = random.nextBoolean();
                Orc orc = orcs[random.nextInt(orcs.length)];
                FrameOp op = ops[random.nextInt(ops.length)];
                if (byRun.uniformState(first) == FrameTable.MIXED) {
                    mixed++;
                } else {
                    uniformSteps++;
                }
                if (essa) {
                    byRun.essaRun(first, count, orc, before);
                } else {
                    byRun.applyRun(first, count, op, before);
                }
                String what = mode.id() + " round " + round + " run at " + first + " of " + count + " " + (essa ? orc : op);
                for (int f = first; f < first + count; f++) {
                    assertEquals(essa ? byFrame.essa(f, orc) : byFrame.apply(f, op), before[f - first], what + " frame " + f);
                }
                if (random.nextInt(10) == 0) { // now and then a frame changes alone
                    int f = random.nextInt(frames);
                    Orc alone = orcs[random.nextInt(orcs.length)];
                    assertEquals(byFrame.essa(f, alone), byRun.essa(f, alone), what + " then frame " + f);
                }
                for (int f = 0; f < frames; f++) {
                    assertEquals(byFrame.state(f), byRun.state(f), what + ": frame " + f);
                }
            }
            assertTrue(byRun.chunksAllocated() <= byFrame.chunksAllocated(), mode + ": uniform chunks hold no array of their own");
        }
        assertTrue(uniformSteps > 100 && mixed > 50, "both kinds must occur: " + uniformSteps + " uniform, " + mixed + " mixed");
    }

    /**
     * A guest's boot, SET_UNUSED on every frame 4 MiB at a time, leaves a table of uniform chunks:
     * one array for all of them, a copy only for a chunk a frame then changes in, merges work on
     * a uniform run, and the other frames keep their state.
     */
    @Test
    void aBootLeavesOneUniformChunkForAll() {
        HostMode kvm = HostMode.KVM;
        FrameTable table = new FrameTable(1 << 20, kvm); // 4 GiB
        int unused = StateModel.essa(table.initial(), Orc.SET_UNUSED, kvm);
        int stable = StateModel.essa(unused, Orc.SET_STABLE, kvm);
        assertTrue(unused != table.initial() && stable != unused, "the steps must change states");
        long empty = table.heapBytes();
        int[] before = new int[1024];
        for (int first = 0; first < table.frames(); first += 1024) {
            table.essaRun(first, 1024, Orc.SET_UNUSED, before);
            assertEquals(table.initial(), before[0], "run at " + first);
            assertEquals(table.initial(), before[1023], "run at " + first);
        }
        assertEquals(0, table.chunksAllocated());
        assertEquals(empty + arrayBytes(512, 2), table.heapBytes(), "one uniform chunk for 2048 slots");
        for (int frame = 0; frame < table.frames(); frame += 4099) {
            assertEquals(unused, table.state(frame), "frame " + frame);
            assertEquals(unused, table.uniformState(frame), "frame " + frame);
        }
        assertEquals(unused, table.essa(5000, Orc.SET_STABLE), "frame 5000");
        assertEquals(1, table.chunksAllocated(), "the chunk of frame 5000 was copied before it changed");
        assertEquals(FrameTable.MIXED, table.uniformState(5000));
        assertEquals(stable, table.state(5000), "frame 5000");
        assertEquals(unused, table.state(5001), "frame 5001, copied");
        assertEquals(unused, table.state(4608), "frame 4608, copied");
        assertTrue(table.merge(100), "a uniform run merges");
        assertEquals(2, table.chunksAllocated());
        assertEquals(unused, table.stateLarge(100), "large frame 100");
        assertThrows(IllegalStateException.class, () -> table.split(101), "a uniform run is not merged");
        table.applyRun(512, 512, FrameOp.ZAP_UNUSED, before);
        assertEquals(StateModel.apply(unused, FrameOp.ZAP_UNUSED, kvm), table.uniformState(512), "a uniform chunk under the host's zap");
        assertEquals(2, table.chunksAllocated(), "runs over uniform chunks copy nothing");
    }
}
