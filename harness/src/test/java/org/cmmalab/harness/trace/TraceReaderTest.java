package org.cmmalab.harness.trace;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.cmmalab.harness.InputError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TraceReaderTest {
    /** The sample traces in the repository's {@code traces/}. */
    static final Path TRACES = Path.of("..", "traces");

    @TempDir
    Path dir;

    /** Reference and distinct-page counts as {@code traces/README.md} states them. */
    @ParameterizedTest
    @CsvSource({
        "lirs-cpp.trace.gz, 9047, 1223",
        "lirs-cs.trace.gz, 6781, 1409",
        "lirs-gli.trace.gz, 6015, 2529",
        "lirs-ps.trace.gz, 10448, 3083",
        "lirs-multi1.trace.gz, 15858, 2606",
        "lirs-2_pools.trace.gz, 100000, 9939",
        "lirs-loop.trace.gz, 505500, 1011",
        "lirs-zigzag.trace.gz, 52001, 2001",
        "lirs-scan.trace.gz, 50025, 2001",
        "address-gcc.trace.gz, 515683, 294",
        "address-swim.trace.gz, 303193, 135",
        "address-twolf.trace.gz, 482824, 89",
    })
    void samplesHaveThePublishedCounts(String file, int references, int distinct) {
        Trace trace = TraceReader.read(TRACES.resolve(file), null);
        assertEquals(references, trace.references());
        assertEquals(distinct, trace.distinctPages());
        assertEquals(file.startsWith("address"), trace.hasStores());
    }

    @Test
    void plainAndGzipReadAlike() throws IOException {
        String text = "s 0x1000 1\nl 0x1fff 2\nl 0x2000 1\n";
        Path plain = Files.writeString(dir.resolve("t.trace"), text);
        Path gz = dir.resolve("t.trace.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(text.getBytes(StandardCharsets.US_ASCII));
        }
        for (Path p : new Path[] {plain, gz}) {
            Trace t = TraceReader.read(p, null);
            assertEquals(3, t.references());
            assertEquals(2, t.distinctPages(), "0x1000 and 0x1fff share page 1");
            assertEquals(t.page(0), t.page(1));
            assertTrue(t.isStore(0));
            assertFalse(t.isStore(1));
        }
    }

    @Test
    void lirsCheckpointsCarryNoReference() throws IOException {
        Trace t = TraceReader.read(Files.writeString(dir.resolve("c"), "5\n*\n7\n5\n"), TraceFormats.of("lirs"));
        assertEquals(3, t.references());
        assertEquals(2, t.distinctPages());
    }

    @Test
    void malformedLineNamesFileLineAndValue() throws IOException {
        Path p = Files.writeString(dir.resolve("bad"), "1\n2\nabc\n");
        InputError e = assertThrows(InputError.class, () -> TraceReader.read(p, TraceFormats.of("lirs")));
        assertEquals(p + ":3: not a block number: 'abc'", e.getMessage());

        Path q = Files.writeString(dir.resolve("bad2"), "l 0x10 1\nx 0x20 1\n");
        e = assertThrows(InputError.class, () -> TraceReader.read(q, null));
        assertEquals(q + ":2: access type must be l or s, was 'x'", e.getMessage());
    }

    @Test
    void unknownFirstLineAsksForAFormat() throws IOException {
        Path p = Files.writeString(dir.resolve("odd"), "hello\n");
        InputError e = assertThrows(InputError.class, () -> TraceReader.read(p, null));
        assertTrue(e.getMessage().startsWith(p + ":1: cannot tell the trace format"), e.getMessage());
    }

    @Test
    void missingAndEmptyFilesAreInputErrors() throws IOException {
        assertThrows(InputError.class, () -> TraceReader.read(dir.resolve("nope"), null));
        Path empty = Files.writeString(dir.resolve("empty"), "*\n");
        InputError e = assertThrows(InputError.class, () -> TraceReader.read(empty, TraceFormats.of("lirs")));
        assertEquals(empty + ": the trace holds no references", e.getMessage());
    }

    @Test
    void aNegativeInstructionCountIsRefusedWithFileAndLine() throws IOException {
        Path p = Files.writeString(dir.resolve("neg"), "l 0x1000 5\ns 0x2000 -3\n");
        InputError e = assertThrows(InputError.class, () -> TraceReader.read(p, null));
        assertEquals(p + ":2: the instruction count must not be negative, was -3", e.getMessage());
    }

    /** The first 40 bytes of an ELF header: controls, NULs and bytes above 0x7f. */
    private static final byte[] ELF = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0x3e, 0, 1, 0,
        0, 0, (byte) 0xef, (byte) 0xbf, (byte) 0xbd, 'a', 0, 0, 0, 0, 0x1b, '[', '2', 'J', 0, 0, 0, '\n'};

    @Test
    void aBinaryTraceIsRefusedWithAnEscapedExcerptAndNoRawBytes() throws IOException {
        Path p = Files.write(dir.resolve("binary"), ELF);
        for (TraceFormat format : new TraceFormat[] {null, TraceFormats.of("lirs"), TraceFormats.of("address")}) {
            InputError e = assertThrows(InputError.class, () -> TraceReader.read(p, format));
            String message = e.getMessage();
            assertTrue(message.startsWith(p + ":1: not a text trace (a byte that is not printable ASCII at column 1): "
                    + "'\\x7fELF\\x02\\x01\\x01\\x00"), message);
            assertTrue(message.chars().allMatch(c -> c >= 0x20 && c < 0x7f), "only printable ASCII: " + message);
        }
    }

    @Test
    void aBinaryLineAfterGoodOnesNamesItsLine() throws IOException {
        Path p = Files.write(dir.resolve("late"), "1\n2\n3\u00e9\n".getBytes(StandardCharsets.UTF_8));
        InputError e = assertThrows(InputError.class, () -> TraceReader.read(p, TraceFormats.of("lirs")));
        assertEquals(p + ":3: not a text trace (a byte that is not printable ASCII at column 2): '3\\ufffd\\ufffd'",
                e.getMessage());
    }

    @Test
    void aDirectoryIsReportedAsOne() {
        InputError e = assertThrows(InputError.class, () -> TraceReader.read(dir, null));
        assertEquals(dir + ": is a directory, not a trace file", e.getMessage());
    }

    @Test
    void theFormatGuessNamesTheLineItLookedAt() throws IOException {
        Path p = Files.writeString(dir.resolve("blank-first"), "\n\nhello\n");
        InputError e = assertThrows(InputError.class, () -> TraceReader.read(p, null));
        assertEquals(p + ":3: cannot tell the trace format from 'hello'; name its format, one of: " + TraceFormats.described(),
                e.getMessage());
    }

    @Test
    void aDamagedGzipFileIsAnInputErrorWithItsLine() throws IOException {
        Path gz = dir.resolve("t.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write("1\n2\n3\n".repeat(1000).getBytes(StandardCharsets.US_ASCII));
        }
        byte[] bytes = Files.readAllBytes(gz);
        Path cut = Files.write(dir.resolve("cut.gz"), java.util.Arrays.copyOf(bytes, bytes.length - 12));
        InputError e = assertThrows(InputError.class, () -> TraceReader.read(cut, TraceFormats.of("lirs")));
        assertTrue(e.getMessage().startsWith(cut + ":"), e.getMessage());
        assertTrue(e.getMessage().contains("cannot read") && e.getMessage().endsWith("(a damaged gzip file?)"),
                e.getMessage());
    }
}
