package org.cmmalab.hostpager;

import org.cmmalab.pagestates.FrameOp;
import org.cmmalab.pagestates.FrameState;

/**
 * Host reclaim by page state (docs/state-model.md section 2): takes victims in the replacement policy's order and
 * frees each the cheapest way its state allows, by the guest's frame protocol
 * ({@link GuestSpace#reclaim}: a {@link FrameOp#RECLAIM} that decides and frees in one step, or a
 * write-out whose closing RECLAIM says how it ended, races 4 and 5 included). A victim that is a
 * shared frame (page sharing) is reclaimed mapper by mapper ({@link SharedFrames#reclaim}); a tmem
 * pool's ephemeral pages go before any victim ({@link Host}). A victim whose write-out finds the
 * paging device full stays resident and is put back ({@link ReplacementPolicy#onSkip}). No step
 * allocates.
 *
 * <h2>Many victims</h2>
 * {@link #reclaimUntil} takes victims until enough host frames are free. A victim that stays
 * resident has moved in the policy (skipped, or accessed by the store that kept it), so the next
 * victim is another unit; after as many fruitless victims in a row as there are resident units,
 * nothing can be freed, and a direct reclaim fails with {@link HostMemoryExhaustedException}.
 */
final class Reclaimer {
    private final Host host;
    private final HostFrames frames;
    private final ReplacementPolicy policy;
    private final HostCounters counters;

    Reclaimer(Host host) {
        this.host = host;
        this.frames = host.hostFrames();
        this.policy = host.policy();
        this.counters = host.counters();
    }

    /**
     * Reclaims until {@code target} host frames are free; returns how many frames it freed. If it
     * cannot get there: a direct reclaim ({@code direct}) throws, a background one stops.
     */
    int reclaimUntil(int target, boolean direct) {
        int freed = 0;
        int fruitless = 0;
        while (frames.free() < target) {
            int victim = policy.victim();
            if (victim < 0 || fruitless > host.residentUnits()) {
                if (direct) {
                    throw host.exhausted(target);
                }
                break;
            }
            counters.reclaimScans++;
            int n = reclaim(victim);
            freed += n;
            fruitless = n == 0 ? fruitless + 1 : 0;
        }
        return freed;
    }

    /** Reclaims the unit in host frame {@code slot}; returns how many host frames that freed (0: it stays). */
    private int reclaim(int slot) {
        if (frames.ownerGuest(slot) == HostFrames.SHARED) {
            return host.sharing().reclaim(slot);
        }
        GuestSpace guest = host.guestAt(frames.ownerGuest(slot));
        int first = frames.ownerFrame(slot);
        int n = guest.unitFrames(first);
        ReclaimResult result = guest.reclaim(first);
        switch (result) {
            case DISCARDED:
            case DROPPED:
            case WRITTEN:
            case FREED_DURING_WRITE:
                return n;
            case DEVICE_FULL:
                policy.onSkip(slot);
                return 0;
            case STORE_DURING_WRITE:
                return 0;
            default:
                throw new IllegalStateException("the policy named host frame " + slot + " but " + guest
                        + " frame " + first + " is " + FrameState.describe(guest.table().state(first)) + ": " + result);
        }
    }
}
