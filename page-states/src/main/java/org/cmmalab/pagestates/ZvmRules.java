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
 * {@code zvm}: the full CMMA architecture as z/VM runs it, the host of the 2009 guest page
 * hinting series (docs/state-model.md sections 1 to 4).
 *
 * <p>Eight (usage, content) pairs exist: Sr Sp Sz Ur Uz Vr Vz Pr (Schwidefsky, "Guest page
 * hinting version 7", patch 6/6, linux-mm 2009-03-27, which lists these and rules out Up, Vp, Pp
 * and Pz). The content state says where the content is: {@code p} on the paging device,
 * {@code z} nowhere. The pager discards U, V and clean P frames; an access to {@code Vz} is a
 * discard fault and one to an unused frame an addressing exception; SET_STABLE_RESIDENT makes a
 * frame resident. Content that goes to logically zero takes the change bits and the device copy
 * with it, and a potentially volatile frame whose content goes is volatile ({@code Pz} does not
 * exist).
 */
final class ZvmRules extends HostRules {
    private static final int GONE_FLAGS = GUEST_CHANGED | HOST_CHANGED | BACKED;

    @Override
    boolean isLegal(int word) {
        int bits = (word & FrameState.CONTENT_MASK) >>> FrameState.CONTENT_SHIFT;
        if (bits == 3) {
            return false;
        }
        ContentState content = FrameState.content(word);
        UsageState usage = FrameState.usage(word);
        return content == RESIDENT || usage == STABLE || content == ZERO && usage != POT_VOLATILE;
    }

    @Override
    boolean contentTellsHolding() {
        return true;
    }

    @Override
    int initial() {
        return FrameState.of(STABLE, ZERO);
    }

    @Override
    ReclaimAction reclaimResident(UsageState usage) {
        switch (usage) {
            case STABLE:
                return ReclaimAction.WRITE_OUT;
            case POT_VOLATILE:
                return ReclaimAction.DISCARD_IF_CLEAN;
            default:
                return ReclaimAction.DISCARD;
        }
    }

    @Override
    AccessEffect access(int word) {
        if (FrameState.usage(word) == UNUSED) {
            return AccessEffect.ADDRESSING_EXCEPTION;
        }
        switch (FrameState.content(word)) {
            case RESIDENT:
                return AccessEffect.NORMAL;
            case PRESERVED:
                return AccessEffect.HOST_FAULT;
            default:
                return FrameState.usage(word) == STABLE ? AccessEffect.ZERO_FILL : AccessEffect.DISCARD_FAULT;
        }
    }

    @Override
    int essa(int word, Orc orc) {
        ContentState content = FrameState.content(word);
        switch (orc) {
            case GET_STATE:
                return word;
            case SET_STABLE:
                return FrameState.with(word & ~NODAT, STABLE, content);
            case SET_STABLE_NODAT:
                return FrameState.with(word | NODAT, STABLE, content);
            case SET_UNUSED:
                return content == PRESERVED ? gone(word, UNUSED) : FrameState.with(word, UNUSED, content);
            case SET_VOLATILE:
                return content == PRESERVED ? gone(word, VOLATILE) : FrameState.with(word, VOLATILE, content);
            case SET_POT_VOLATILE:
                if (content == RESIDENT) {
                    return FrameState.with(word, POT_VOLATILE, RESIDENT);
                }
                if (content == PRESERVED && FrameState.guestChanged(word)) {
                    return word;
                }
                return gone(word, VOLATILE);
            case SET_STABLE_RESIDENT:
                switch (content) {
                    case PRESERVED:
                        return FrameState.with(pagedIn(word), STABLE, RESIDENT);
                    case ZERO:
                        return FrameState.with(zeroFilled(word), STABLE, RESIDENT);
                    default:
                        return FrameState.with(word, STABLE, RESIDENT);
                }
            case SET_STABLE_IF_RESIDENT:
                return content == RESIDENT ? FrameState.with(word, STABLE, RESIDENT) : word;
            default:
                throw new AssertionError(orc);
        }
    }

    /** z/VM frees what the guest gives up at once: there is no collection buffer to go through. */
    @Override
    boolean collects(int word, Orc orc) {
        return false;
    }

    @Override
    int discarded(int word) {
        return gone(word, FrameState.usage(word));
    }

    /** Pp does not exist: a changed potentially-volatile frame that was written out is Sp. */
    @Override
    int droppedBacked(int word) {
        return FrameState.with(word, STABLE, PRESERVED);
    }

    @Override
    int droppedZero(int word) {
        return gone(word, STABLE);
    }

    @Override
    int released(int word) {
        return gone(word, FrameState.usage(word));
    }

    @Override
    int zapped(int word) {
        return word;
    }

    /** The content is gone: logically zero, nothing changed, nothing on the device; Pz is Vz. */
    private static int gone(int word, UsageState usage) {
        return FrameState.with(word & ~GONE_FLAGS, usage == POT_VOLATILE ? VOLATILE : usage, ZERO);
    }
}
