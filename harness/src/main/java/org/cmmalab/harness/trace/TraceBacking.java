package org.cmmalab.harness.trace;

import java.util.List;
import java.util.Locale;

/** What a replayed trace's pages are pages of: one mapped file, or one process heap. */
public enum TraceBacking {
    /** Pages of one mapped file: clean until a store, a discard's content is read again from the file. */
    FILE,
    /** Pages of one process heap: anonymous memory, swapped or kept. */
    ANON;

    /** The name options and scenario keys take: {@code file}, {@code anon}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Every {@link #id}, in order. */
    public static List<String> ids() {
        return List.of(values()).stream().map(TraceBacking::id).toList();
    }

    /** The backing named {@code id}; an {@link IllegalArgumentException} for any other name. */
    public static TraceBacking of(String id) {
        for (TraceBacking b : values()) {
            if (b.id().equals(id)) {
                return b;
            }
        }
        throw new IllegalArgumentException("no trace backing is named '" + id + "'");
    }
}
