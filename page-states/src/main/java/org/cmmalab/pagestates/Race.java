package org.cmmalab.pagestates;

import java.util.List;

/**
 * The races the protocol must survive (docs/state-model.md section 6), the one list of them: each
 * with its number there, a title, and the names of the counts a run reports for it (how often it
 * was met, and how it was resolved). Simulations count them ({@code cmma compare --json},
 * {@code races}); the race tests explore each.
 */
public enum Race {
    /** Guest make-stable against host discard of the same frame: exactly one wins. */
    MAKE_STABLE_AGAINST_DISCARD(1, "make-stable against discard",
            "makeStables", "discardWon"),
    /** Make-volatile against make-stable (or a writer) of the same page on another vCPU: the state-change lock. */
    MAKE_VOLATILE_AGAINST_MAKE_STABLE(2, "make-volatile against make-stable",
            "lockWaits", "makeVolatileGaveUp"),
    /** A discard fault on one vCPU while another frees or reuses the page: deferred reuse. */
    DISCARD_FAULT_AGAINST_REUSE(3, "discard fault against reuse",
            "discardFaults", "pageGone", "framesDeferred"),
    /** Host write-out against a guest store: the change bit is checked again after the write. */
    STORE_DURING_WRITE_OUT(4, "store during write-out",
            "writeOuts", "storeKeptResident"),
    /** The guest frees or makes volatile a frame whose write-out is in flight: the write is dropped. */
    FREE_DURING_WRITE_OUT(5, "free during write-out",
            "writeOuts", "writeDropped"),
    /** 2 MiB frames: a state change covers all 512 small frames at once; a split or merge never shows a half-changed block. */
    LARGE_FRAMES(6, "2 MiB frames",
            "largeFrameHints", "splitsAndMergesInUse");

    private final int number;
    private final String title;
    private final List<String> counts;

    Race(int number, String title, String... counts) {
        this.number = number;
        this.title = title;
        this.counts = List.of(counts);
    }

    /** Its number in docs/state-model.md section 6. */
    public int number() {
        return number;
    }

    public String title() {
        return title;
    }

    /** The names of its counts, in the order a run reports them. */
    public List<String> counts() {
        return counts;
    }
}
