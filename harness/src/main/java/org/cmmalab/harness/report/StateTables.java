package org.cmmalab.harness.report;

import java.util.ArrayList;
import java.util.List;
import org.cmmalab.pagestates.AccessEffect;
import org.cmmalab.pagestates.FrameState;
import org.cmmalab.pagestates.HostMode;
import org.cmmalab.pagestates.Orc;
import org.cmmalab.pagestates.ReclaimAction;
import org.cmmalab.pagestates.StateModel;

/**
 * The state model of one host mode as rows, read from {@link StateModel} itself so that what
 * {@code cmma states} prints cannot drift from what the frame table does. The rows are
 * {@link StateModel#states}: under zvm the 12 (usage, content) pairs, under kvm each pair that
 * is not resident once per way KVM may hold it (a swap entry, or nothing).
 */
public final class StateTables {
    /**
     * One state; {@code reclaim} and {@code access} are null for an illegal pair.
     *
     * @param state   the (usage, content) pair ESSA reports, such as {@code Sp}
     * @param holding what the host holds for it: {@code frame}, {@code device} or {@code none}
     * @param label   the state's name in tables: the pair, with {@code /s} (on the device) or
     *                {@code /n} (nothing held) where the pair alone does not say which
     * @param code    the architected result code ESSA returns for it ({@link FrameState#resultCode})
     */
    public record StateRow(String state, String holding, String label, boolean legal, ReclaimAction reclaim,
                           AccessEffect access, int code) {
    }

    /** ESSA {@code op} applied to {@code from} with the guest change bit {@code changed}. */
    public record TransitionRow(Orc op, StateRow from, boolean changed, StateRow to, boolean collects) {
    }

    private final HostMode mode;
    private final List<StateRow> states = new ArrayList<>();
    private final List<TransitionRow> transitions = new ArrayList<>();

    public StateTables(HostMode mode) {
        this.mode = mode;
        List<Integer> words = StateModel.states(mode);
        for (int word : words) {
            states.add(row(word));
        }
        for (Orc op : Orc.values()) {
            for (int i = 0; i < words.size(); i++) {
                if (!states.get(i).legal()) {
                    continue;
                }
                for (boolean changed : new boolean[] {false, true}) {
                    int from = words.get(i) | (changed ? FrameState.GUEST_CHANGED : 0);
                    int to = StateModel.essa(from, op, mode);
                    transitions.add(new TransitionRow(op, states.get(i), changed, row(to),
                            StateModel.collects(from, op, mode)));
                }
            }
        }
    }

    public HostMode mode() {
        return mode;
    }

    /** Every state, usage-major in the order S U V P, then r p z. */
    public List<StateRow> states() {
        return states;
    }

    /** Every ESSA code x every legal state x change bit clear and set. */
    public List<TransitionRow> transitions() {
        return transitions;
    }

    /** Whether labels need the holding: the pair alone does not say it under this mode. */
    public boolean labelsShowHolding() {
        return !StateModel.contentTellsHolding(mode);
    }

    private StateRow row(int word) {
        String pair = FrameState.name(word);
        String holding = FrameState.isResident(word) ? "frame" : FrameState.backed(word) ? "device" : "none";
        String label = labelsShowHolding() && !FrameState.isResident(word)
                ? pair + (FrameState.backed(word) ? "/s" : "/n") : pair;
        boolean legal = StateModel.isLegal(word, mode);
        return new StateRow(pair, holding, label, legal,
                StateModel.reclaimAction(FrameState.usage(word), FrameState.content(word), mode),
                StateModel.access(word, mode), FrameState.resultCode(word & ~FrameState.NODAT));
    }
}
