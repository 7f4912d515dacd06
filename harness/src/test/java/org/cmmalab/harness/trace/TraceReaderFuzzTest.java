package org.cmmalab.harness.trace;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;
import org.cmmalab.harness.InputError;
import org.cmmalab.harness.UserErrors;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Any bytes given as a trace, in each format and with the format guessed, plain or gzip, end in a
 * trace or in one {@link InputError} naming the file (and the line, where the error has one),
 * never in another exception. {@code mvn verify} runs each over its inputs in
 * {@code src/test/resources/.../TraceReaderFuzzTestInputs/}; CONTRIBUTING.md says how to fuzz.
 */
class TraceReaderFuzzTest {
    private static final String FILE = "fuzz.trace";

    @FuzzTest(maxDuration = "2m")
    void lirs(byte[] bytes) {
        check(bytes, TraceFormats.of("lirs"));
    }

    @FuzzTest(maxDuration = "2m")
    void address(byte[] bytes) {
        check(bytes, TraceFormats.of("address"));
    }

    @FuzzTest(maxDuration = "2m")
    void guessed(byte[] bytes) {
        check(bytes, null);
    }

    /** The same bytes gzipped: the reader tells gzip by its magic bytes and must read them alike. */
    @FuzzTest(maxDuration = "2m")
    void gzipped(byte[] bytes) {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        check(gz.toByteArray(), null);
    }

    private static void check(byte[] bytes, TraceFormat format) {
        try {
            Trace trace = TraceReader.read(FILE, () -> new ByteArrayInputStream(bytes), format);
            assertTrue(trace.references() > 0 && trace.distinctPages() > 0 && trace.distinctPages() <= trace.references());
        } catch (InputError e) {
            UserErrors.inAFile(e, FILE);
        }
    }
}
