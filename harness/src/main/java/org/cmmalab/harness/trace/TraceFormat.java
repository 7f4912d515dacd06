package org.cmmalab.harness.trace;

import java.util.List;
import java.util.Locale;

/**
 * The trace formats a replay reads, one {@link TraceReader} each (as the Caffeine simulator keeps
 * one reader per format). Samples of both are in the repository's {@code traces/}.
 */
public enum TraceFormat {
    /** One block number per line; {@code *} is a checkpoint (LIRS paper, Jiang and Zhang 2002). */
    LIRS(new LirsTraceReader()),
    /** {@code l|s 0xADDRESS n}: a load or store; the page is ADDRESS >> 12. */
    ADDRESS(new AddressTraceReader());

    private final TraceReader reader;

    TraceFormat(TraceReader reader) {
        this.reader = reader;
    }

    public TraceReader reader() {
        return reader;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Every format's {@link #id}, in order: what {@code --format} accepts. */
    public static List<String> ids() {
        return List.of(values()).stream().map(TraceFormat::id).toList();
    }

    /** {@code lirs} or {@code address}; null for anything else. */
    public static TraceFormat of(String id) {
        for (TraceFormat f : values()) {
            if (f.id().equals(id)) {
                return f;
            }
        }
        return null;
    }

    /** The format a first line looks like, or null if it looks like neither. */
    static TraceFormat guess(String firstLine) {
        String line = firstLine.strip();
        if (line.startsWith("l ") || line.startsWith("s ")) {
            return ADDRESS;
        }
        if (line.equals("*") || !line.isEmpty() && line.chars().allMatch(Character::isDigit)) {
            return LIRS;
        }
        return null;
    }
}
