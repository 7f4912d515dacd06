package org.cmmalab.harness.trace;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.cmmalab.harness.InputError;

/**
 * Reads a trace in one {@link TraceFormat}, which parses each line: this class opens the file
 * (gzip or plain, told apart by gzip's magic bytes), counts lines, and turns a parse failure into
 * an {@link InputError} naming the file, the line and the value. A line that is not printable ASCII
 * text (a binary file, a corrupt one) is refused before any format sees it, its excerpt escaped.
 */
public final class TraceReader {
    private TraceReader() {
    }

    /**
     * Reads {@code file} in {@code format}, or in the format its first line looks like if null. Only
     * a regular file is read: a directory, a device or a pipe is refused, since reading one could
     * block or never end.
     */
    public static Trace read(Path file, TraceFormat format) {
        if (Files.isDirectory(file)) {
            throw new InputError(file + ": is a directory, not a trace file");
        }
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new InputError(file + ": is not a regular file (a device or a pipe?), not a trace file");
        }
        return read(file.toString(), () -> Files.newInputStream(file), format);
    }

    /** {@link #read(Path, TraceFormat)} of a file named by a user's text, which may not be a path at all. */
    public static Trace read(String file, TraceFormat format) {
        Path path = InputError.pathOf(file);
        return read(path, format);
    }

    /** Where a trace's bytes come from; opened once to guess the format and once to read. */
    @FunctionalInterface
    interface Source {
        InputStream open() throws IOException;
    }

    /** Reads the trace {@code source}, whose errors name it {@code name}. */
    static Trace read(String name, Source source, TraceFormat format) {
        TraceFormat f = format != null ? format : guess(name, source);
        return readAll(f, name, source);
    }

    private static Trace readAll(TraceFormat format, String name, Source source) {
        TraceBuilder builder = new TraceBuilder();
        long lineNumber = 0;
        try (BufferedReader in = open(source)) {
            for (String line; (line = in.readLine()) != null; ) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                checkText(name, lineNumber, line);
                try {
                    format.parse(line, builder);
                } catch (IllegalArgumentException e) {
                    throw InputError.at(name, lineNumber, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw cannotRead(name, lineNumber + 1, e);
        }
        Trace trace = builder.build(Path.of(name).getFileName().toString());
        if (trace.references() == 0) {
            throw new InputError(name + ": the trace holds no references");
        }
        return trace;
    }

    private static TraceFormat guess(String name, Source source) {
        long lineNumber = 0;
        try (BufferedReader in = open(source)) {
            for (String line; (line = in.readLine()) != null; ) {
                lineNumber++;
                if (!line.isBlank()) {
                    checkText(name, lineNumber, line);
                    TraceFormat f = TraceFormats.guess(line);
                    if (f == null) {
                        throw InputError.at(name, lineNumber, "cannot tell the trace format from '" + excerpt(line)
                                + "'; name its format, one of: " + TraceFormats.described());
                    }
                    return f;
                }
            }
            throw new InputError(name + ": the trace is empty");
        } catch (IOException e) {
            throw cannotRead(name, lineNumber + 1, e);
        }
    }

    /** Refuses a line with a character that is neither printable ASCII nor a tab: the file is not a text trace. */
    private static void checkText(String name, long lineNumber, String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if ((c < 0x20 || c > 0x7e) && c != '\t') {
                throw InputError.at(name, lineNumber, "not a text trace (a byte that is not printable ASCII at column "
                        + (i + 1) + "): '" + excerpt(line) + "'");
            }
        }
    }

    private static BufferedReader open(Source source) throws IOException {
        InputStream in = new BufferedInputStream(source.open(), 1 << 16);
        in.mark(2);
        boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
        in.reset();
        InputStream text = gzip ? new GZIPInputStream(in, 1 << 16) : in;
        // Bytes that are not ASCII become U+FFFD here, and checkText refuses them with their line.
        return new BufferedReader(new InputStreamReader(text, StandardCharsets.US_ASCII), 1 << 16);
    }

    private static InputError cannotRead(String name, long lineNumber, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new InputError(name + ": no such file");
        }
        return InputError.at(name, lineNumber, "cannot read" + (e.getMessage() == null ? "" : ": " + e.getMessage())
                + (e instanceof ZipException || e instanceof EOFException ? " (a damaged gzip file?)" : ""));
    }

    /** A value as an error shows it: short, and escaped ({@link InputError#excerpt}). */
    static String excerpt(String s) {
        return InputError.excerpt(s.strip());
    }
}
