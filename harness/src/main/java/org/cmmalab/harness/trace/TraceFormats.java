package org.cmmalab.harness.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.cmmalab.harness.Registration;

/**
 * The trace formats by name, as the Caffeine simulator keeps one parser per format: adding one is
 * one {@link TraceFormat} class and one line here, and this list is the only source of their
 * names: {@code cmma replay --format}, a trace workload's {@code format} and every message that
 * names the formats read it. Samples of each are in the repository's {@code traces/}.
 */
public final class TraceFormats {
    /** The word that asks for the format to be told from the trace's first line. */
    public static final String GUESS = "guess";

    private static final List<TraceFormat> ALL = new CopyOnWriteArrayList<>(List.of(
            new LirsFormat(),
            new AddressFormat()));

    private TraceFormats() {
    }

    /**
     * Registers {@code format} after the others; refuses a name already registered. Closing the
     * registration takes it out again.
     */
    public static Registration register(TraceFormat format) {
        if (ids().contains(format.id()) || format.id().equals(GUESS)) {
            throw new IllegalArgumentException("a trace format named '" + format.id() + "' is registered already");
        }
        ALL.add(format);
        return () -> ALL.remove(format);
    }

    /** Every format's {@link TraceFormat#id}, in order. */
    public static List<String> ids() {
        return ALL.stream().map(TraceFormat::id).toList();
    }

    /** {@link #ids()} and {@link #GUESS}: what a trace workload's {@code format} accepts. */
    public static List<String> idsOrGuess() {
        List<String> ids = new ArrayList<>(List.of(GUESS));
        ids.addAll(ids());
        return ids;
    }

    /** The format named {@code id}; null for {@link #GUESS} or an unknown name. */
    public static TraceFormat of(String id) {
        for (TraceFormat f : ALL) {
            if (f.id().equals(id)) {
                return f;
            }
        }
        return null;
    }

    /** Each format and what its lines hold, for help texts: {@code lirs (one block number per line)}. */
    public static String described() {
        return String.join("; ", ALL.stream().map(f -> f.id() + " (" + f.description() + ")").toList());
    }

    /** The first format a first line looks like, or null if it looks like none. */
    static TraceFormat guess(String firstLine) {
        String line = firstLine.strip();
        for (TraceFormat f : ALL) {
            if (f.looksLike(line)) {
                return f;
            }
        }
        return null;
    }
}
