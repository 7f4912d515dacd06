package org.cmmalab.pagestates;

import static org.cmmalab.pagestates.FrameState.BACKED;
import static org.cmmalab.pagestates.FrameState.GUEST_CHANGED;
import static org.cmmalab.pagestates.FrameState.HOST_CHANGED;

import java.util.ArrayList;
import java.util.List;

/**
 * The CMMA state model as pure functions on state words ({@link FrameState}), for a host in a
 * given mode: which words are legal, the reclaim and access tables, ESSA and the host-side
 * transitions ({@link FrameOp}). This class is docs/state-model.md written as code;
 * {@link FrameTable} compiles it into lookup tables and applies them atomically. Every function
 * maps a legal state to a legal state.
 *
 * <p>What a host does differently lives in its rules ({@link ZvmRules}, {@link KvmRules}); what
 * every host does is here, once, in terms of those rules: a store changes a frame the access
 * table lets the guest use; a page-in or zero fill happens where the access table says the access
 * takes one; a reclaim does what the reclaim table and the frame's flags decide, with each host's
 * result for each outcome.
 */
public final class StateModel {
    private StateModel() {
    }

    /** Whether {@code word} is a state a host in {@code mode} can hold. */
    public static boolean isLegal(int word, HostMode mode) {
        return mode.rules().isLegal(word);
    }

    /** The state of a frame the guest has never touched: {@code Sz} under zvm, {@code Sp} under kvm. */
    public static int initial(HostMode mode) {
        return mode.rules().initial();
    }

    /**
     * Whether, under {@code mode}, the content state alone says what the host holds for a frame
     * that is not resident: true under zvm ({@code p}: on the device, {@code z}: nothing), false
     * under kvm, which reports {@code p} for a swapped-out frame and for one it holds nothing for.
     */
    public static boolean contentTellsHolding(HostMode mode) {
        return mode.rules().contentTellsHolding();
    }

    /**
     * Every state a host in {@code mode} can be asked about, as words without change bits or
     * no-DAT, usage-major in the order S U V P, then r p z: each (usage, content) pair, and
     * where the content state alone does not say what the host holds for a frame that is not
     * resident (kvm), the pair once with {@link FrameState#BACKED} clear (nothing held) and once
     * set (a copy on the device). Under zvm {@code p} comes backed and {@code z} not. An illegal
     * pair comes once.
     */
    public static List<Integer> states(HostMode mode) {
        HostRules rules = mode.rules();
        List<Integer> states = new ArrayList<>();
        for (UsageState usage : UsageState.values()) {
            for (ContentState content : ContentState.values()) {
                int word = FrameState.of(usage, content);
                if (content == ContentState.RESIDENT || !rules.isLegal(word)) {
                    states.add(word);
                } else if (rules.contentTellsHolding()) {
                    states.add(content == ContentState.PRESERVED ? word | BACKED : word);
                } else {
                    states.add(word);
                    states.add(word | BACKED);
                }
            }
        }
        return states;
    }

    /** The reclaim table (docs/state-model.md sections 2 and 7); {@code null} for an illegal pair. */
    public static ReclaimAction reclaimAction(UsageState usage, ContentState content, HostMode mode) {
        return mode.rules().reclaimAction(usage, content);
    }

    /** The effect of a guest access to a frame in the state {@code word} (sections 3 and 7); null if illegal. */
    public static AccessEffect access(int word, HostMode mode) {
        return isLegal(word, mode) ? mode.rules().access(word) : null;
    }

    /** ESSA (section 4, and section 7 for kvm): the state after {@code orc} is applied to {@code word}. */
    public static int essa(int word, Orc orc, HostMode mode) {
        return mode.rules().essa(word, orc);
    }

    /**
     * Whether ESSA {@code orc} on {@code word} puts the frame into the guest's collection buffer,
     * whose frames the host zaps ({@link FrameOp#ZAP_UNUSED}) when it is full; never under zvm.
     */
    public static boolean collects(int word, Orc orc, HostMode mode) {
        return mode.rules().collects(word, orc);
    }

    /** The state after {@code op} is applied to {@code word} by a host in {@code mode}. */
    public static int apply(int word, FrameOp op, HostMode mode) {
        HostRules rules = mode.rules();
        switch (op) {
            case STORE:
                return rules.access(word) == AccessEffect.NORMAL ? word | GUEST_CHANGED | HOST_CHANGED : word;
            case CLEAN:
                return word & ~GUEST_CHANGED;
            case PAGE_IN:
                return rules.access(word) == AccessEffect.HOST_FAULT ? HostRules.pagedIn(word) : word;
            case ZERO_FILL:
                return rules.access(word) == AccessEffect.ZERO_FILL ? HostRules.zeroFilled(word) : word;
            case RECLAIM:
                return reclaim(word, mode);
            case BEGIN_WRITE_OUT:
                return reclaimOutcome(word, mode) == ReclaimOutcome.MUST_WRITE ? word & ~HOST_CHANGED | BACKED : word;
            case RELEASE:
                return rules.released(word);
            case ZAP_UNUSED:
                return rules.zapped(word);
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
        HostRules rules = mode.rules();
        switch (reclaimOutcome(word, mode)) {
            case DISCARDED:
                return rules.discarded(word);
            case DROPPED_BACKED:
                return rules.droppedBacked(word);
            case DROPPED_ZERO:
                return rules.droppedZero(word);
            default:
                return word;
        }
    }
}
