package org.cmmalab.hostpager;

import org.cmmalab.pagestates.Orc;
import org.openjdk.jcstress.infra.results.LL_Result;

/**
 * A guest store against a write-out of the same frame, on a {@link GuestSpace}: frame 0 is made
 * resident and stable, holds {@link #OLD} with both change bits set (a zero fill and a first
 * store), so that a second store finds the bits set and its change-bit step only reads them; and
 * the host has taken the write-out's first step ({@link GuestSpace#reclaimStep}: must write, a
 * device slot reserved). The actors are the guest's {@link GuestSpace#store} of {@link #NEW} and
 * the host's {@link GuestSpace#beginWriteOut} and {@link GuestSpace#writeToDevice}.
 */
final class WriteOutRace {
    static final long OLD = 1;
    static final long NEW = 2;

    private WriteOutRace() {
    }

    /** Makes frame 0 of {@code space} ready for the race, as the class comment says. */
    static GuestSpace prepare(GuestSpace space) {
        space.essa(0, Orc.SET_STABLE);
        space.store(0, OLD);
        ReclaimResult step = space.reclaimStep(0);
        if (step != ReclaimResult.MUST_WRITE) {
            throw new IllegalStateException("reclaimStep of a changed stable frame: " + step);
        }
        return space;
    }

    /**
     * Once both are done: how the write-out ends ({@link GuestSpace#finishWriteOut}: WRITTEN, the
     * frame freed as clean, or STORE_DURING_WRITE, kept resident because the store set the host
     * change bit after the write-out cleared it), and what a guest load of the frame then returns
     * (paged in from the device copy if it was freed). "WRITTEN, old" is a lost store.
     */
    static void verdict(GuestSpace space, LL_Result r) {
        r.r1 = space.finishWriteOut(0).name();
        long loaded = space.load(0);
        r.r2 = loaded == OLD ? "old" : loaded == NEW ? "new" : Long.toString(loaded);
    }
}
