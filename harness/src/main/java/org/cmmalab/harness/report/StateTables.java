package org.cmmalab.harness.report;

import java.util.ArrayList;
import java.util.List;
import org.cmmalab.pagestates.AccessEffect;
import org.cmmalab.pagestates.ContentState;
import org.cmmalab.pagestates.FrameState;
import org.cmmalab.pagestates.HostMode;
import org.cmmalab.pagestates.Orc;
import org.cmmalab.pagestates.ReclaimAction;
import org.cmmalab.pagestates.StateModel;
import org.cmmalab.pagestates.UsageState;

/**
 * The state model of one host mode as rows, read from {@link StateModel} itself so that what
 * {@code cmma states} prints cannot drift from what the frame table does.
 */
public final class StateTables {
    /** One (usage, content) pair; {@code reclaim} and {@code access} are null for an illegal pair. */
    public record StateRow(String state, boolean legal, ReclaimAction reclaim, AccessEffect access) {
    }

    /** ESSA {@code op} applied to {@code from} with the guest change bit {@code changed}. */
    public record TransitionRow(Orc op, String from, boolean changed, String to) {
    }

    private final HostMode mode;
    private final List<StateRow> states = new ArrayList<>();
    private final List<TransitionRow> transitions = new ArrayList<>();

    public StateTables(HostMode mode) {
        this.mode = mode;
        for (UsageState usage : UsageState.values()) {
            for (ContentState content : ContentState.values()) {
                int word = FrameState.of(usage, content);
                states.add(new StateRow(FrameState.name(word), FrameState.isLegal(word),
                        StateModel.reclaimAction(usage, content, mode), StateModel.access(usage, content, mode)));
            }
        }
        for (Orc op : Orc.values()) {
            for (StateRow row : states) {
                if (!row.legal()) {
                    continue;
                }
                for (boolean changed : new boolean[] {false, true}) {
                    int from = wordOf(row.state()) | (changed ? FrameState.GUEST_CHANGED : 0);
                    transitions.add(new TransitionRow(op, row.state(), changed, FrameState.name(StateModel.essa(from, op))));
                }
            }
        }
    }

    public HostMode mode() {
        return mode;
    }

    /** All 12 pairs, usage-major in the order S U V P, r p z. */
    public List<StateRow> states() {
        return states;
    }

    /** Every ESSA code x every legal from-state x change bit clear and set: 128 rows. */
    public List<TransitionRow> transitions() {
        return transitions;
    }

    private static int wordOf(String name) {
        for (UsageState usage : UsageState.values()) {
            for (ContentState content : ContentState.values()) {
                int word = FrameState.of(usage, content);
                if (FrameState.name(word).equals(name)) {
                    return word;
                }
            }
        }
        throw new AssertionError(name);
    }
}
