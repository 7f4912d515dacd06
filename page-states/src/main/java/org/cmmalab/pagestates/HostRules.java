package org.cmmalab.pagestates;

import static org.cmmalab.pagestates.ContentState.RESIDENT;
import static org.cmmalab.pagestates.FrameState.BACKED;
import static org.cmmalab.pagestates.FrameState.GUEST_CHANGED;
import static org.cmmalab.pagestates.FrameState.HOST_CHANGED;

/**
 * The page-state rules of one real host: which state words exist, what an access does, what
 * ESSA does, and what the host pager does with a frame it reclaims. One subclass per host mode,
 * each following the source it names: {@link ZvmRules} the architecture as z/VM runs it,
 * {@link KvmRules} mainline KVM.
 *
 * <p>The mechanics both hosts share are here, once: a fill (page-in or zero fill) makes a frame
 * resident with the flags a fill leaves; {@link StateModel#apply} derives every host transition
 * from a host's answers to {@link #access} and {@link #reclaimAction} and its results for each
 * reclaim outcome, so that a host differs from the other only in those answers. Every method is
 * a pure function on state words; only legal words are ever passed in.
 */
abstract sealed class HostRules permits ZvmRules, KvmRules {
    /** The flags a zero fill clears: nothing was changed, and the device holds nothing. */
    private static final int FILL_FLAGS = GUEST_CHANGED | HOST_CHANGED | BACKED;

    /** Whether {@code word} is a state this host can hold. */
    abstract boolean isLegal(int word);

    /**
     * Whether the content state alone says what the host holds for a frame that is not resident
     * ({@code p}: on the device, {@code z}: nothing), or the host may hold either under each.
     */
    abstract boolean contentTellsHolding();

    /** The state of a frame the guest has never touched. */
    abstract int initial();

    /** What the pager may do with a frame of this pair: NONE if not resident, null if illegal. */
    final ReclaimAction reclaimAction(UsageState usage, ContentState content) {
        if (!isLegal(FrameState.of(usage, content))) {
            return null;
        }
        return content == RESIDENT ? reclaimResident(usage) : ReclaimAction.NONE;
    }

    /** What the pager may do with a resident frame of this usage. */
    abstract ReclaimAction reclaimResident(UsageState usage);

    /** What a guest access does to a frame in the legal state {@code word}. */
    abstract AccessEffect access(int word);

    /** ESSA: the state after {@code orc} is applied to the legal state {@code word}. */
    abstract int essa(int word, Orc orc);

    /**
     * Whether ESSA {@code orc} on {@code word} puts the frame into the guest's collection buffer
     * (the CBRL), for the host to zap ({@link FrameOp#ZAP_UNUSED}) when the buffer is full.
     */
    abstract boolean collects(int word, Orc orc);

    /** The state after a reclaim whose outcome was {@link ReclaimOutcome#DISCARDED}. */
    abstract int discarded(int word);

    /** The state after a reclaim that freed a frame whose unchanged copy is on the device. */
    abstract int droppedBacked(int word);

    /** The state after a reclaim that freed a frame zero-filled and never changed since. */
    abstract int droppedZero(int word);

    /** The state after {@link FrameOp#RELEASE}: the host drops the content, whatever the state. */
    abstract int released(int word);

    /** The state after {@link FrameOp#ZAP_UNUSED}. */
    abstract int zapped(int word);

    /** A fill from the paging device: resident, equal to the device copy, the guest's flags kept. */
    static int pagedIn(int word) {
        return FrameState.with(word & ~HOST_CHANGED | BACKED, FrameState.usage(word), RESIDENT);
    }

    /** A zero fill: resident, nothing changed, nothing on the device; usage and no-DAT kept. */
    static int zeroFilled(int word) {
        return FrameState.with(word & ~FILL_FLAGS, FrameState.usage(word), RESIDENT);
    }
}
