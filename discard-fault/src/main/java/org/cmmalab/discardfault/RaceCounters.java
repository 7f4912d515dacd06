package org.cmmalab.discardfault;

import java.util.EnumMap;
import java.util.List;
import org.cmmalab.guestmm.GuestCounters;
import org.cmmalab.hostpager.GuestSpace;
import org.cmmalab.pagestates.Orc;
import org.cmmalab.pagestates.Race;

/**
 * Where each race's counts come from: the one place that reads a guest kernel's counters and its
 * host spaces' counters as the counts {@link Race} names, in the order of {@link Race#counts()}.
 * A simulation ({@code cmma compare}) and real threads ({@code cmma stress}) both report through it.
 */
public final class RaceCounters {
    private RaceCounters() {
    }

    /**
     * The counts of every race so far.
     *
     * @param kernel                the guest kernel's counters
     * @param spaces                the host spaces the kernel's frames live in
     * @param directLargeHints      2 MiB hints made on those spaces without the kernel ({@code cmma
     *                              stress}'s block users), added to the kernel's own
     * @param splitsAndMergesInUse  host splits and merges of a 2 MiB block while a vCPU was using
     *                              it, counted by whoever splits and merges: {@code cmma stress}'s
     *                              host thread, or a simulation's host step between vCPU slices,
     *                              where a vCPU waiting at a preemption point may hold a page of
     *                              the block
     */
    public static EnumMap<Race, long[]> read(GuestCounters kernel, List<GuestSpace> spaces, long directLargeHints,
                                             long splitsAndMergesInUse) {
        long writeOuts = 0;
        long stores = 0;
        long frees = 0;
        for (GuestSpace s : spaces) {
            writeOuts += s.writeOutsStarted();
            stores += s.storesDuringWriteOut();
            frees += s.freesDuringWriteOut();
        }
        EnumMap<Race, long[]> m = new EnumMap<>(Race.class);
        m.put(Race.MAKE_STABLE_AGAINST_DISCARD, new long[] {kernel.essa(Orc.SET_STABLE_IF_RESIDENT), kernel.discardsObserved()});
        m.put(Race.MAKE_VOLATILE_AGAINST_MAKE_STABLE, new long[] {kernel.stateChangeLockWaits(), kernel.volatileGaveUp()});
        m.put(Race.DISCARD_FAULT_AGAINST_REUSE, new long[] {kernel.discardFaults(), kernel.lateDiscardFaults(), kernel.framesDeferred()});
        m.put(Race.STORE_DURING_WRITE_OUT, new long[] {writeOuts, stores});
        m.put(Race.FREE_DURING_WRITE_OUT, new long[] {writeOuts, frees});
        m.put(Race.LARGE_FRAMES, new long[] {kernel.essaLarge() + directLargeHints, splitsAndMergesInUse});
        return m;
    }
}
