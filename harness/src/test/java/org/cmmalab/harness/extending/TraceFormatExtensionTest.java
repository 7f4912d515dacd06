package org.cmmalab.harness.extending;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.cmmalab.harness.InputError;
import org.cmmalab.harness.Registration;
import org.cmmalab.harness.replay.Replay;
import org.cmmalab.harness.replay.ReplayOptions;
import org.cmmalab.harness.replay.ReplayResult;
import org.cmmalab.harness.trace.Trace;
import org.cmmalab.harness.trace.TraceBuilder;
import org.cmmalab.harness.trace.TraceFormat;
import org.cmmalab.harness.trace.TraceFormats;
import org.cmmalab.harness.trace.TraceReader;
import org.cmmalab.pagestates.HostMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/extending.md, "A trace format": one {@link TraceFormat} class, one registration, and a
 * replay reads it, by name or guessed from the first line.
 */
class TraceFormatExtensionTest {
    /** {@code page N} or {@code store N}: a load or a store of page N. */
    static final class PageLines extends TraceFormat {
        @Override
        public String id() {
            return "page-lines";
        }

        @Override
        public String description() {
            return "page N or store N per line";
        }

        @Override
        protected boolean looksLike(String line) {
            return line.startsWith("page ") || line.startsWith("store ");
        }

        @Override
        protected void parse(String line, TraceBuilder out) {
            String[] f = line.strip().split("\\s+");
            if (f.length != 2 || !f[0].equals("page") && !f[0].equals("store") || !f[1].matches("[0-9]{1,18}")) {
                throw new IllegalArgumentException("expected 'page N' or 'store N', got '" + InputError.excerpt(line) + "'");
            }
            out.reference(Long.parseLong(f[1]), f[0].equals("store"));
        }
    }

    @Test
    void aRegisteredFormatIsGuessedReadAndReplayed(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("toy.trace"), "page 7\nstore 9\npage 7\n");
        Registration r = TraceFormats.register(new PageLines());
        try {
            Trace guessed = TraceReader.read(file, null);
            assertEquals(3, guessed.references());
            assertEquals(2, guessed.distinctPages());
            assertTrue(guessed.isStore(1));
            ReplayResult replayed = new Replay(guessed, new ReplayOptions(256, 0, true, "lru", HostMode.ZVM, true)).run();
            assertEquals(3, replayed.references());
            assertEquals(0, replayed.lostPages());

            Path bad = Files.writeString(dir.resolve("bad.trace"), "page 1\npage x\n");
            InputError e = assertThrows(InputError.class, () -> TraceReader.read(bad, TraceFormats.of("page-lines")));
            assertEquals(bad + ":2: expected 'page N' or 'store N', got 'page x'", e.getMessage());
            assertTrue(TraceFormats.described().contains("page-lines (page N or store N per line)"));
        } finally {
            r.close();
        }
        assertFalse(TraceFormats.ids().contains("page-lines"));
    }
}
