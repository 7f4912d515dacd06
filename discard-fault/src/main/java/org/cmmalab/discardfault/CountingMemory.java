package org.cmmalab.discardfault;

import java.util.concurrent.atomic.LongAdder;
import org.cmmalab.guestmm.ForwardingGuestMemory;
import org.cmmalab.guestmm.GuestMemory;
import org.cmmalab.pagestates.HostMode;
import org.cmmalab.pagestates.Orc;
import org.cmmalab.pagestates.StateModel;

/**
 * A guest memory that counts, for {@link Stress}, the ESSA calls that changed a state word, and
 * checks every state word an ESSA returns for legality, counts 2 MiB hints, and remembers each thread's
 * latest store. Thread-safe: the counts are
 * {@link LongAdder}s, which vCPU threads add to without contending on one word.
 */
final class CountingMemory extends ForwardingGuestMemory {
    final LongAdder stateChanges = new LongAdder();
    final LongAdder illegalStates = new LongAdder();
    /** 2 MiB hints made through this memory, besides any kernel's ({@link RaceCounters}). */
    final LongAdder largeHints = new LongAdder();

    private final HostMode mode;
    private final ThreadLocal<int[]> lastStore = ThreadLocal.withInitial(() -> new int[] {-1});

    CountingMemory(GuestMemory memory, HostMode mode) {
        super(memory);
        this.mode = mode;
    }

    @Override
    public int essa(int frame, Orc orc) {
        return counted(delegate().essa(frame, orc), orc);
    }

    @Override
    public boolean store(int frame, long token) {
        lastStore.get()[0] = frame;
        return delegate().store(frame, token);
    }

    /** The frame of the calling thread's latest store, or -1: how a vCPU finds the frame of the anonymous page it just touched. */
    int lastStore() {
        return lastStore.get()[0];
    }

    @Override
    public int essaLarge(int large, Orc orc) {
        largeHints.increment();
        return counted(delegate().essaLarge(large, orc), orc);
    }

    private int counted(int old, Orc orc) {
        if (!StateModel.isLegal(old, mode)) {
            illegalStates.increment();
        } else if (StateModel.essa(old, orc, mode) != old) {
            stateChanges.increment();
        }
        return old;
    }
}
