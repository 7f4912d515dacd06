package org.cmmalab.harness.trace;

/**
 * One trace format, one file each, registered in {@link TraceFormats}: its name, what a line holds,
 * how to tell it from a trace's first line, and how to parse one line. {@link TraceReader} does the
 * rest (opening the file, gzip, line numbers, refusing binary input, the errors' form).
 */
public abstract class TraceFormat {
    /** The name {@code --format} and a trace workload's {@code format} take, such as {@code lirs}. */
    public abstract String id();

    /** What a line holds, for help texts: {@code one block number per line}. */
    public abstract String description();

    /** Whether a trace whose first non-blank line is {@code line} (stripped) looks like this format. */
    protected abstract boolean looksLike(String line);

    /** Parses one non-blank line into {@code out}; an {@link IllegalArgumentException} says what is wrong. */
    protected abstract void parse(String line, TraceBuilder out);

    @Override
    public String toString() {
        return id();
    }
}
