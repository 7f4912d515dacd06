package org.cmmalab.pagestates;

import static org.cmmalab.pagestates.ContentState.PRESERVED;
import static org.cmmalab.pagestates.ContentState.RESIDENT;
import static org.cmmalab.pagestates.ContentState.ZERO;
import static org.cmmalab.pagestates.FrameState.BACKED;
import static org.cmmalab.pagestates.FrameState.HOST_CHANGED;
import static org.cmmalab.pagestates.FrameState.NODAT;
import static org.cmmalab.pagestates.UsageState.POT_VOLATILE;
import static org.cmmalab.pagestates.UsageState.STABLE;
import static org.cmmalab.pagestates.UsageState.UNUSED;
import static org.cmmalab.pagestates.UsageState.VOLATILE;

/**
 * {@code kvm}: mainline KVM on s390 as Linux 6.12 (LTS) implements CMMA; docs/state-model.md
 * section 7 explains every rule and what Linux 7.0 changed.
 *
 * <p>KVM keeps a guest frame's CMMA state in the PGSTE beside the host's page-table entry of the
 * frame: the usage, a no-DAT bit, a logical-zero bit, the guest change bit. Whether the frame is
 * resident is the PTE's: present, a swap entry, or none. ESSA reports content {@code r} for a
 * present PTE, and for any other {@code z} if the logical-zero bit is set, else {@code p}
 * ({@code __do_essa}, {@code arch/s390/kvm/priv.c}). So here the content state is what KVM
 * reports, and {@link FrameState#BACKED} says which of the two non-present PTEs the host has: a
 * swap entry (the content is on the device) or none (nothing; the next access gets a zero page).
 *
 * <ul>
 *   <li><b>ESSA</b> ({@code pgste_perform_essa}, {@code arch/s390/mm/pgtable.c}) sets the usage and
 *       never makes a frame resident, SET_STABLE_RESIDENT included ("we will not make this page
 *       resident"). SET_UNUSED and SET_VOLATILE of a non-present frame, and SET_POT_VOLATILE of
 *       one whose change bit is clear, set the logical-zero bit and put the frame into the
 *       guest's collection buffer; SET_POT_VOLATILE of a non-present frame whose change bit is
 *       set leaves it stable. Nothing clears the logical-zero bit but a new PTE
 *       ({@code ptep_set_pte_at} on a fault), nor the change bit.</li>
 *   <li><b>Collection buffer</b> ({@code handle_essa}, {@code arch/s390/kvm/priv.c}): when it is
 *       full, KVM zaps every frame in it ({@code __gmap_zap} and {@code ptep_zap_unused}): a swap
 *       entry of an unused or logically-zero frame is freed and the PTE cleared.</li>
 *   <li><b>Reclaim</b> ({@code try_to_unmap_one}, {@code mm/rmap.c}): only an unused frame is
 *       dropped without I/O ({@code pte_unused}, set from the PGSTE by {@code ptep_clear_flush});
 *       every other frame is swapped out like any anonymous page, and keeps its usage: KVM
 *       reports {@code Up}, {@code Vp} and {@code Pp}, which the architecture rules out.</li>
 *   <li><b>Access</b>: no access faults on the usage: a non-present frame is swapped in or gets a
 *       zero page, whatever its usage; KVM has no discard fault.</li>
 * </ul>
 * Only {@code Pz} never occurs: the logical-zero bit comes only with ESSA's U or V.
 */
final class KvmRules extends HostRules {
    @Override
    boolean isLegal(int word) {
        int bits = (word & FrameState.CONTENT_MASK) >>> FrameState.CONTENT_SHIFT;
        return bits != 3 && !(FrameState.content(word) == ZERO && FrameState.usage(word) == POT_VOLATILE);
    }

    /** {@code p} and {@code z} each go with a swap entry or with none. */
    @Override
    boolean contentTellsHolding() {
        return false;
    }

    /** A PTE that is none and no logical-zero bit: ESSA reports {@code p}. */
    @Override
    int initial() {
        return FrameState.of(STABLE, PRESERVED);
    }

    @Override
    ReclaimAction reclaimResident(UsageState usage) {
        return usage == UNUSED ? ReclaimAction.DISCARD : ReclaimAction.WRITE_OUT;
    }

    @Override
    AccessEffect access(int word) {
        if (FrameState.isResident(word)) {
            return AccessEffect.NORMAL;
        }
        return FrameState.backed(word) ? AccessEffect.HOST_FAULT : AccessEffect.ZERO_FILL;
    }

    @Override
    int essa(int word, Orc orc) {
        boolean present = FrameState.isResident(word);
        ContentState content = FrameState.content(word);
        switch (orc) {
            case GET_STATE:
                return word;
            case SET_STABLE:
            case SET_STABLE_RESIDENT: // the usage only: KVM does not make the frame resident
                return FrameState.with(orc == Orc.SET_STABLE ? word & ~NODAT : word, STABLE, content);
            case SET_STABLE_NODAT:
                return FrameState.with(word | NODAT, STABLE, content);
            case SET_UNUSED:
                return FrameState.with(word, UNUSED, present ? RESIDENT : ZERO);
            case SET_VOLATILE:
                return FrameState.with(word, VOLATILE, present ? RESIDENT : ZERO);
            case SET_POT_VOLATILE:
                if (present) {
                    return FrameState.with(word, POT_VOLATILE, RESIDENT);
                }
                if (content == ZERO || !FrameState.guestChanged(word)) {
                    return FrameState.with(word, VOLATILE, ZERO);
                }
                return FrameState.with(word, STABLE, content);
            case SET_STABLE_IF_RESIDENT:
                return present ? FrameState.with(word, STABLE, RESIDENT) : word;
            default:
                throw new AssertionError(orc);
        }
    }

    /** {@code pgste_perform_essa} returns 1, "to be added to the CBRL". */
    @Override
    boolean collects(int word, Orc orc) {
        if (FrameState.isResident(word)) {
            return false;
        }
        switch (orc) {
            case SET_UNUSED:
            case SET_VOLATILE:
                return true;
            case SET_POT_VOLATILE:
                return FrameState.content(word) == PRESERVED && !FrameState.guestChanged(word);
            default:
                return false;
        }
    }

    /** An unused frame dropped by {@code try_to_unmap_one}: the PTE is none, the PGSTE as it was. */
    @Override
    int discarded(int word) {
        return none(word, PRESERVED);
    }

    /** Swapped out: the PTE is a swap entry, the usage stays. */
    @Override
    int droppedBacked(int word) {
        return FrameState.with(word, FrameState.usage(word), PRESERVED);
    }

    @Override
    int droppedZero(int word) {
        return none(word, PRESERVED);
    }

    /** {@code MADV_DONTNEED}: the PTE is none; the PGSTE, logical-zero bit included, is untouched. */
    @Override
    int released(int word) {
        return none(word, FrameState.isResident(word) ? PRESERVED : FrameState.content(word));
    }

    /** {@code ptep_zap_unused}: a swap entry of an unused or logically-zero frame is freed. */
    @Override
    int zapped(int word) {
        boolean swapped = !FrameState.isResident(word) && FrameState.backed(word);
        if (swapped && (FrameState.usage(word) == UNUSED || FrameState.content(word) == ZERO)) {
            return word & ~BACKED;
        }
        return word;
    }

    /** A PTE that is none: nothing resident, nothing on the device; usage and PGSTE bits kept. */
    private static int none(int word, ContentState reported) {
        return FrameState.with(word & ~(HOST_CHANGED | BACKED), FrameState.usage(word), reported);
    }
}
