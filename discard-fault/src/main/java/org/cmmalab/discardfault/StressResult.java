package org.cmmalab.discardfault;

/**
 * What a {@link Stress} run did and whether its invariants held.
 *
 * @param vcpus            guest vCPU threads (there is one host thread besides)
 * @param seconds          wall-clock seconds the threads ran
 * @param operations       operations done: guest kernel entries and host reclaim, split, merge and I/O steps
 * @param stateChanges     ESSA and host reclaim steps that changed a frame's state word (fills not counted)
 * @param discardFaults    discard faults delivered to vCPUs
 * @param races            the races of docs/state-model.md section 6 that the protocols met and resolved, by race
 * @param lostPages        reads that saw neither the last write nor a value it could legitimately see
 * @param illegalStates    state words outside the 8 legal pairs, seen by any thread or the final scan
 * @param accountingErrors frames not accounted for exactly once at the end, or blocks left owned
 * @param failure          the first exception a thread died of, or null
 */
public record StressResult(int vcpus, double seconds, long operations, long stateChanges, long discardFaults,
                           Races races, long lostPages, long illegalStates, long accountingErrors, String failure) {

    /**
     * Races resolved, by race of docs/state-model.md section 6.
     *
     * @param makeStableLostToDiscard race 1: make-stable found the page discarded and read it again
     * @param makeVolatileGaveUp      race 2: make-volatile found the state-change lock held
     * @param lateDiscardFaults       race 3: a discard-fault handler found its page already dropped
     * @param storesDuringWriteOut    race 4: a write-out ended with the frame kept resident for a store
     * @param freesDuringWriteOut     race 5: a write-out ended with the frame freed meanwhile, copy dropped
     * @param splitsAndMergesInUse    race 6: the host split or merged a 2 MiB block while a vCPU was using it
     */
    public record Races(long makeStableLostToDiscard, long makeVolatileGaveUp, long lateDiscardFaults,
                        long storesDuringWriteOut, long freesDuringWriteOut, long splitsAndMergesInUse) {
        public long total() {
            return makeStableLostToDiscard + makeVolatileGaveUp + lateDiscardFaults + storesDuringWriteOut
                    + freesDuringWriteOut + splitsAndMergesInUse;
        }
    }

    /** Races resolved, all kinds together. */
    public long racesDetected() {
        return races.total();
    }

    public double stateChangesPerSecond() {
        return seconds > 0 ? stateChanges / seconds : 0;
    }

    /** Whether every invariant held: no lost page, no illegal state, everything accounted for, no thread died. */
    public boolean clean() {
        return lostPages == 0 && illegalStates == 0 && accountingErrors == 0 && failure == null;
    }
}
