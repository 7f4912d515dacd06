package org.cmmalab.harness.sim;

import java.util.EnumMap;
import java.util.Map;
import org.cmmalab.guestmm.GuestCounters;
import org.cmmalab.harness.result.RaceCounts;
import org.cmmalab.hostpager.GuestSpace;
import org.cmmalab.pagestates.Orc;
import org.cmmalab.pagestates.Race;

/**
 * Where each race's counts come from: the one place that reads a guest's kernel and host counters
 * as the counts of {@link Race}, in the order of {@link Race#counts()}.
 */
final class Races {
    private Races() {
    }

    /** The counts of every race so far, for guest {@code vm}. */
    static RaceCounts read(GuestVm vm) {
        GuestCounters c = vm.kernel().counters();
        GuestSpace s = vm.space();
        Map<Race, double[]> m = new EnumMap<>(Race.class);
        m.put(Race.MAKE_STABLE_AGAINST_DISCARD, new double[] {c.essa(Orc.SET_STABLE_IF_RESIDENT), c.discardsObserved()});
        m.put(Race.MAKE_VOLATILE_AGAINST_MAKE_STABLE, new double[] {c.stateChangeLockWaits(), c.volatileGaveUp()});
        m.put(Race.DISCARD_FAULT_AGAINST_REUSE, new double[] {c.discardFaults(), c.lateDiscardFaults(), c.framesDeferred()});
        m.put(Race.STORE_DURING_WRITE_OUT, new double[] {s.writeOutsStarted(), s.storesDuringWriteOut()});
        m.put(Race.FREE_DURING_WRITE_OUT, new double[] {s.writeOutsStarted(), s.freesDuringWriteOut()});
        m.put(Race.LARGE_FRAMES, new double[] {c.essaLarge()});
        return RaceCounts.of(m);
    }
}
