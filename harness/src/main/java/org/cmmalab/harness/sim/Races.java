package org.cmmalab.harness.sim;

import java.util.List;
import org.cmmalab.discardfault.RaceCounters;
import org.cmmalab.harness.result.RaceCounts;

/** A guest's race counts ({@link RaceCounters}, where each count comes from) as a result's {@link RaceCounts}. */
final class Races {
    private Races() {
    }

    /** The counts of every race so far, for guest {@code vm}. */
    static RaceCounts read(GuestVm vm) {
        return RaceCounts.ofCounts(RaceCounters.read(vm.kernel().counters(), List.of(vm.space()), 0,
                vm.splitsAndMergesInUse));
    }
}
