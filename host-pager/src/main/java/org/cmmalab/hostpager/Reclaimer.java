package org.cmmalab.hostpager;

import org.cmmalab.pagestates.FrameOp;
import org.cmmalab.pagestates.FrameState;
import org.cmmalab.pagestates.HostMode;
import org.cmmalab.pagestates.ReclaimOutcome;
import org.cmmalab.pagestates.TransitionTables;

/**
 * Host reclaim by page state (docs/state-model.md section 2): takes victims in the replacement policy's order and
 * frees each the cheapest way its state allows. A victim that is a shared frame (page sharing)
 * is reclaimed mapper by mapper ({@link SharedFrames#reclaim}); a tmem pool's ephemeral pages go
 * before any victim ({@link Host}).
 *
 * <h2>One victim</h2>
 * {@link FrameOp#RECLAIM} on the victim's unit makes the decision and the transition in one atomic
 * step, and its {@link ReclaimOutcome} says what to do with the host frames:
 * <ul>
 *   <li>{@code DISCARDED} (U, V, clean P; only U in {@code kvm} mode), {@code DROPPED_BACKED} (an
 *       unchanged copy is on the device), {@code DROPPED_ZERO} (zero-filled, never changed): free
 *       the host frames, no I/O; a discard also frees the unit's device slots.</li>
 *   <li>{@code MUST_WRITE}: reserve device slots (a full device skips this victim, counted),
 *       {@link FrameOp#BEGIN_WRITE_OUT}, copy the tokens to the device, tell the
 *       {@link WriteOutListener}, and {@code RECLAIM} again, which now says how the write ended:
 *       {@code DROPPED_BACKED}, the write landed, free; {@code DISCARDED}, the guest declared the
 *       frame unused or volatile during the write (race 5), free and drop the written copy;
 *       {@code MUST_WRITE}, a store came in during the write (race 4), the frame stays resident
 *       with its new content and the device keeps the older copy until a later write-out.</li>
 * </ul>
 * No step allocates.
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
    private final HostMode mode;

    Reclaimer(Host host) {
        this.host = host;
        this.frames = host.hostFrames();
        this.policy = host.policy();
        this.counters = host.counters();
        this.mode = host.mode();
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
        int before = guest.applyUnit(first, n, FrameOp.RECLAIM);
        ReclaimOutcome outcome = TransitionTables.reclaimOutcome(before, mode);
        switch (outcome) {
            case DISCARDED:
                counters.discards += n;
                return free(guest, slot, first, n, before);
            case DROPPED_BACKED:
                counters.droppedBacked += n;
                return free(guest, slot, first, n, before);
            case DROPPED_ZERO:
                counters.droppedZero += n;
                return free(guest, slot, first, n, before);
            case MUST_WRITE:
                return writeOut(guest, slot, first, n);
            default:
                throw new IllegalStateException("the policy named host frame " + slot + " but " + guest
                        + " frame " + first + " is " + FrameState.describe(before) + ", not resident");
        }
    }

    private int writeOut(GuestSpace guest, int slot, int first, int n) {
        if (!guest.reserveSlots(first, n)) {
            counters.deviceFull++;
            policy.onSkip(slot);
            return 0;
        }
        guest.applyUnit(first, n, FrameOp.BEGIN_WRITE_OUT);
        guest.writeOut(first, n);
        host.writeOutListener().inFlight(guest.guestId(), first, n);
        int before = guest.applyUnit(first, n, FrameOp.RECLAIM);
        switch (TransitionTables.reclaimOutcome(before, mode)) {
            case DROPPED_BACKED:
                return free(guest, slot, first, n, before);
            case DISCARDED:
                counters.discards += n;
                return free(guest, slot, first, n, before);
            case MUST_WRITE:
                counters.writeOutsAborted++;
                return 0;
            default:
                throw new IllegalStateException("after writing out " + guest + " frame " + first
                        + ", its state is " + FrameState.describe(before));
        }
    }

    /** Frees a reclaimed unit whose state word was {@code before} the closing RECLAIM. */
    private int free(GuestSpace guest, int slot, int first, int n, int before) {
        guest.settleSlots(first, n, before, TransitionTables.apply(before, FrameOp.RECLAIM, mode));
        guest.unmapUnit(first, n);
        host.evict(slot);
        return n;
    }
}
