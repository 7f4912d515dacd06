package org.cmmalab.harness.trace;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.cmmalab.harness.InputError;

/**
 * Reads one trace format. A subclass parses one line; this class opens the file (gzip or plain,
 * told apart by gzip's magic bytes), counts lines, and turns a parse failure into an
 * {@link InputError} naming the file, the line and the value.
 */
public abstract class TraceReader {
    /** Reads {@code file} in {@code format}, or in the format its first line looks like if null. */
    public static Trace read(Path file, TraceFormat format) {
        TraceFormat f = format != null ? format : guess(file);
        return f.reader().readFile(file);
    }

    /** Parses one non-blank line into {@code out}; an {@link IllegalArgumentException} says what is wrong. */
    abstract void parse(String line, TraceBuilder out);

    private Trace readFile(Path file) {
        TraceBuilder builder = new TraceBuilder();
        long lineNumber = 0;
        try (BufferedReader in = open(file)) {
            for (String line; (line = in.readLine()) != null; ) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    parse(line, builder);
                } catch (IllegalArgumentException e) {
                    throw InputError.at(file, lineNumber, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new InputError(file + ": cannot read: " + describe(e));
        }
        Trace trace = builder.build(file.getFileName().toString());
        if (trace.references() == 0) {
            throw new InputError(file + ": the trace holds no references");
        }
        return trace;
    }

    private static TraceFormat guess(Path file) {
        try (BufferedReader in = open(file)) {
            for (String line; (line = in.readLine()) != null; ) {
                if (!line.isBlank()) {
                    TraceFormat f = TraceFormat.guess(line);
                    if (f == null) {
                        throw InputError.at(file, 1, "cannot tell the trace format from '" + abbreviate(line)
                                + "'; give --format lirs or --format address");
                    }
                    return f;
                }
            }
            throw new InputError(file + ": the trace is empty");
        } catch (IOException e) {
            throw new InputError(file + ": cannot read: " + describe(e));
        }
    }

    private static BufferedReader open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
        in.reset();
        InputStream text = gzip ? new GZIPInputStream(in, 1 << 16) : in;
        return new BufferedReader(new InputStreamReader(text, StandardCharsets.US_ASCII), 1 << 16);
    }

    private static String describe(IOException e) {
        return e instanceof NoSuchFileException ? "no such file" : e.getMessage();
    }

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
