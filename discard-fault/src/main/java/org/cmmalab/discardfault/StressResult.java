package org.cmmalab.discardfault;

import java.util.Map;
import org.cmmalab.pagestates.Race;

/**
 * What a {@link Stress} run did and whether its invariants held.
 *
 * @param vcpus            guest vCPU threads (there is one host thread besides)
 * @param seconds          wall-clock seconds the threads ran
 * @param operations       operations done: guest kernel entries and host reclaim, split, merge and I/O steps
 * @param stateChanges     ESSA and host reclaim steps that changed a frame's state word (fills not counted)
 * @param discardFaults    discard faults delivered to vCPUs
 * @param races            the counts of each race of docs/state-model.md section 6 ({@link RaceCounters}), aligned with {@link Race#counts()}
 * @param lostPages        reads that saw neither the last write nor a value it could legitimately see
 * @param illegalStates    state words outside the 8 legal pairs, seen by any thread or the final scan
 * @param accountingErrors frames not accounted for exactly once at the end, or blocks left owned
 * @param failure          the first exception a thread died of, or null
 */
public record StressResult(int vcpus, double seconds, long operations, long stateChanges, long discardFaults,
                           Map<Race, long[]> races, long lostPages, long illegalStates, long accountingErrors, String failure) {

    public double stateChangesPerSecond() {
        return seconds > 0 ? stateChanges / seconds : 0;
    }

    /** Whether every invariant held: no lost page, no illegal state, everything accounted for, no thread died. */
    public boolean clean() {
        return lostPages == 0 && illegalStates == 0 && accountingErrors == 0 && failure == null;
    }
}
