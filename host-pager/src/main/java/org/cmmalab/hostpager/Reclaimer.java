package org.cmmalab.hostpager;

import org.cmmalab.hostpager.replacement.ReplacementPolicy;
import org.cmmalab.pagestates.FrameOp;
import org.cmmalab.pagestates.FrameState;

/**
 * Host reclaim by page state (docs/state-model.md section 2): takes victims in the replacement policy's order and
 * frees each the cheapest way its state allows, by the guest's frame protocol
 * ({@link GuestSpace#reclaim}: a {@link FrameOp#RECLAIM} that decides and frees in one step, or a
 * write-out whose closing RECLAIM says how it ended, races 4 and 5 included). A victim that is a
 * shared frame is its sharer's to reclaim, mapper by mapper ({@link PageSharing#reclaim}); a
 * shrinker's frames go before any victim ({@link Shrinker}, {@link Host}). A victim whose write-out finds the
 * paging device full stays resident and is put back ({@link ReplacementPolicy#onSkip}). No step
 * allocates.
 *
 * <h2>Many victims</h2>
 * {@link #reclaimUntil} takes victims until enough host frames are free (background reclaim:
 * free or on their way, see {@link Host#balance}). A victim that stays
 * resident has moved in the policy (skipped, or accessed by the store that kept it), so the next
 * victim is another unit; after as many fruitless victims in a row as there are resident units,
 * nothing can be freed, and a direct reclaim fails with {@link HostMemoryExhaustedException}.
 */
final class Reclaimer {
    private final Host host;
    private final HostMemMap frames;
    private final ReplacementPolicy policy;
    private final HostCounters counters;

    Reclaimer(Host host) {
        this.host = host;
        this.frames = host.memMap();
        this.policy = host.replacement();
        this.counters = host.counters();
    }

    /**
     * Reclaims until {@code target} host frames are free; returns how many frames it freed. A
     * direct reclaim ({@code background} null) writes its victims out and waits for the writes, and
     * throws if it cannot get there. A background one starts its write-outs and hands them to
     * {@code background}, counting the frames whose write-out is in flight as on their way to free
     * (see {@link Host#balance}), and stops where it cannot get further.
     */
    int reclaimUntil(int target, WriteOuts background) {
        int freeBefore = frames.free();
        int fruitless = 0;
        while (frames.free() + (background == null ? 0 : frames.writingFrames()) < target) {
            int victim = policy.victim();
            if (victim < 0 || fruitless > host.residentUnits()) {
                if (background != null) {
                    break;
                }
                if (!waitForOldestWriteOut()) {
                    throw host.exhausted(target);
                }
                fruitless = 0;
                continue;
            }
            counters.reclaimScans++;
            fruitless = reclaim(victim, background) == 0 ? fruitless + 1 : 0;
        }
        return frames.free() - freeBefore;
    }

    /**
     * A direct reclaim that found nothing else to free waits for the write-out that began first and
     * ends it now ({@link HostMemMap#endEarly}: its end at its own time then does nothing), as
     * Linux's direct reclaim throttles on writeback ({@code reclaim_throttle}, {@code mm/vmscan.c},
     * Linux 6.12) until pages come free. The wait is not charged: its page-out was counted when
     * the write began. False if no write-out is in flight.
     */
    private boolean waitForOldestWriteOut() {
        int slot = frames.oldestWriting();
        if (slot < 0) {
            return false;
        }
        GuestSpace guest = host.guestAt(frames.ownerGuest(slot));
        int ticket = frames.writingTicket(slot);
        frames.endEarly(ticket);
        guest.finishWriteOut(frames.ownerFrame(slot), ticket);
        return true;
    }

    /**
     * Reclaims the unit in host frame {@code slot}; returns how many host frames that freed or put
     * in flight (0: it stays). A unit whose write-out is in flight is not reclaimed again; it and a
     * unit whose write-out reclaim just started are put back in the policy, as shrink_folio_list
     * ({@code mm/vmscan.c}, Linux 6.12) keeps a folio under writeback on the LRU.
     */
    private int reclaim(int slot, WriteOuts background) {
        if (frames.ownerGuest(slot) == HostMemMap.SHARED) {
            int freed = host.sharing().reclaim(slot);
            if (freed == 0) {
                policy.onSkip(slot);
            }
            return freed;
        }
        if (frames.writingTicket(slot) != 0) {
            policy.onSkip(slot);
            return 0;
        }
        GuestSpace guest = host.guestAt(frames.ownerGuest(slot));
        int first = frames.ownerFrame(slot);
        int n = guest.unitFrames(first);
        ReclaimResult result = background == null ? guest.reclaim(first) : guest.startReclaim(first);
        switch (result) {
            case DISCARDED:
            case DROPPED:
            case WRITTEN:
            case FREED_DURING_WRITE:
                return n;
            case WRITE_IN_FLIGHT:
                policy.onSkip(slot);
                background.started(guest, first, n, guest.writeOutTicket(first));
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
