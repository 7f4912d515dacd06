package org.cmmalab.pagestates;

import static org.cmmalab.pagestates.ContentState.PRESERVED;
import static org.cmmalab.pagestates.ContentState.RESIDENT;
import static org.cmmalab.pagestates.ContentState.ZERO;
import static org.cmmalab.pagestates.FrameState.BACKED;
import static org.cmmalab.pagestates.FrameState.GUEST_CHANGED;
import static org.cmmalab.pagestates.FrameState.HOST_CHANGED;
import static org.cmmalab.pagestates.FrameState.NODAT;
import static org.cmmalab.pagestates.UsageState.POT_VOLATILE;
import static org.cmmalab.pagestates.UsageState.STABLE;
import static org.cmmalab.pagestates.UsageState.UNUSED;
import static org.cmmalab.pagestates.UsageState.VOLATILE;

/**
 * The CMMA state model as pure functions on state words ({@link FrameState}): the reclaim table,
 * the access table, ESSA and the host-side transitions. This class is the spec
 * ({@code shared/spec/page-states.md}) written as code; {@link FrameTable} compiles it into
 * lookup tables and applies them atomically. Every function maps a legal state to a legal state.
 */
public final class StateModel {
    private static final int FILL_FLAGS = GUEST_CHANGED | HOST_CHANGED | BACKED;

    private StateModel() {
    }

    /** Spec section 2 (zvm) and section 7 (kvm); {@code null} for an illegal pair. */
    public static ReclaimAction reclaimAction(UsageState usage, ContentState content, HostMode mode) {
        if (!FrameState.isLegal(FrameState.of(usage, content))) {
            return null;
        }
        if (content != RESIDENT) {
            return ReclaimAction.NONE;
        }
        if (usage == UNUSED) {
            return ReclaimAction.DISCARD;
        }
        if (mode == HostMode.KVM || usage == STABLE) {
            return ReclaimAction.WRITE_OUT;
        }
        return usage == VOLATILE ? ReclaimAction.DISCARD : ReclaimAction.DISCARD_IF_CLEAN;
    }

    /**
     * Spec section 3; {@code null} for an illegal pair. {@code Vz} gives a discard fault in both
     * modes: under {@code kvm} the host never discards a volatile frame, but a guest's own
     * SET_VOLATILE or SET_POT_VOLATILE on a preserved frame still drops its content, and the
     * only correct answer to an access after that is to tell the guest.
     */
    public static AccessEffect access(UsageState usage, ContentState content, HostMode mode) {
        if (!FrameState.isLegal(FrameState.of(usage, content))) {
            return null;
        }
        if (usage == UNUSED) {
            return AccessEffect.ADDRESSING_EXCEPTION;
        }
        switch (content) {
            case RESIDENT:
                return AccessEffect.NORMAL;
            case PRESERVED:
                return AccessEffect.HOST_FAULT;
            default:
                return usage == STABLE ? AccessEffect.ZERO_FILL : AccessEffect.DISCARD_FAULT;
        }
    }

    /** The effect of an access to a frame in the state {@code word}. */
    public static AccessEffect access(int word, HostMode mode) {
        return access(FrameState.usage(word), FrameState.content(word), mode);
    }

    /** ESSA (spec section 4): the state after {@code orc} is applied to {@code word}. */
    public static int essa(int word, Orc orc) {
        ContentState content = FrameState.content(word);
        switch (orc) {
            case GET_STATE:
                return word;
            case SET_STABLE:
                return FrameState.with(word & ~NODAT, STABLE, content);
            case SET_STABLE_NODAT:
                return FrameState.with(word | NODAT, STABLE, content);
            case SET_UNUSED:
                return content == PRESERVED ? toZero(word, UNUSED) : FrameState.with(word, UNUSED, content);
            case SET_VOLATILE:
                return content == PRESERVED ? toZero(word, VOLATILE) : FrameState.with(word, VOLATILE, content);
            case SET_POT_VOLATILE:
                if (content == RESIDENT) {
                    return FrameState.with(word, POT_VOLATILE, RESIDENT);
                }
                if (content == PRESERVED && FrameState.guestChanged(word)) {
                    return word;
                }
                return toZero(word, VOLATILE);
            case SET_STABLE_RESIDENT:
                switch (content) {
                    case PRESERVED:
                        return pageIn(word);
                    case ZERO:
                        return zeroFill(word);
                    default:
                        return FrameState.with(word, STABLE, RESIDENT);
                }
            case SET_STABLE_IF_RESIDENT:
                return content == RESIDENT ? FrameState.with(word, STABLE, RESIDENT) : word;
            default:
                throw new AssertionError(orc);
        }
    }

    /** The state after {@code op} is applied to {@code word} by a host in {@code mode}. */
    public static int apply(int word, FrameOp op, HostMode mode) {
        switch (op) {
            case STORE:
                return FrameState.isResident(word) && FrameState.usage(word) != UNUSED
                        ? word | GUEST_CHANGED | HOST_CHANGED : word;
            case CLEAN:
                return word & ~GUEST_CHANGED;
            case PAGE_IN:
                return FrameState.content(word) == PRESERVED ? pageIn(word) : word;
            case ZERO_FILL:
                return FrameState.content(word) == ZERO && FrameState.usage(word) == STABLE ? zeroFill(word) : word;
            case RECLAIM:
                return reclaim(word, mode);
            case BEGIN_WRITE_OUT:
                return reclaimOutcome(word, mode) == ReclaimOutcome.MUST_WRITE ? word & ~HOST_CHANGED | BACKED : word;
            case RELEASE:
                UsageState usage = FrameState.usage(word);
                return toZero(word, usage == POT_VOLATILE ? VOLATILE : usage);
            default:
                throw new AssertionError(op);
        }
    }

    /** What {@link FrameOp#RECLAIM} does to a frame that was in the state {@code word}. */
    public static ReclaimOutcome reclaimOutcome(int word, HostMode mode) {
        ReclaimAction action = reclaimAction(FrameState.usage(word), FrameState.content(word), mode);
        if (action == ReclaimAction.NONE) {
            return ReclaimOutcome.NOT_RESIDENT;
        }
        if (action == ReclaimAction.DISCARD
                || action == ReclaimAction.DISCARD_IF_CLEAN && !FrameState.guestChanged(word)) {
            return ReclaimOutcome.DISCARDED;
        }
        if (FrameState.hostChanged(word)) {
            return ReclaimOutcome.MUST_WRITE;
        }
        return FrameState.backed(word) ? ReclaimOutcome.DROPPED_BACKED : ReclaimOutcome.DROPPED_ZERO;
    }

    private static int reclaim(int word, HostMode mode) {
        switch (reclaimOutcome(word, mode)) {
            case DISCARDED:
                // Pz does not exist: a discarded potentially-volatile frame is Vz.
                UsageState usage = FrameState.usage(word);
                return toZero(word, usage == POT_VOLATILE ? VOLATILE : usage);
            case DROPPED_BACKED:
                // Pp does not exist: a changed potentially-volatile frame that was written out is Sp,
                // and so is any frame a kvm host writes out.
                return FrameState.with(word, STABLE, PRESERVED);
            case DROPPED_ZERO:
                return toZero(word, STABLE);
            default:
                return word;
        }
    }

    private static int pageIn(int word) {
        return FrameState.with(word & ~HOST_CHANGED | BACKED, STABLE, RESIDENT);
    }

    private static int zeroFill(int word) {
        return FrameState.with(word & ~FILL_FLAGS, STABLE, RESIDENT);
    }

    private static int toZero(int word, UsageState usage) {
        return FrameState.with(word & ~FILL_FLAGS, usage, ZERO);
    }
}
