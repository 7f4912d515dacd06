package org.cmmalab.jmh;

import org.cmmalab.pagestates.FrameState;
import org.cmmalab.pagestates.HostMode;
import org.cmmalab.pagestates.Orc;
import org.cmmalab.pagestates.StateModel;

/**
 * How each ESSA operation is measured as a real state change. ESSA operations are idempotent:
 * applied twice, the second changes nothing and skips its compare-and-set. So each operation is
 * paired with a partner that changes the frame back, from a from-state where both really change
 * it: a benchmark applies the operation to every frame in one lap and the partner in the next
 * ({@link Cursor}), and its score is the mean of the two. Every transition is the same code (one
 * table load and one compare-and-set), so that mean is the cost of either.
 *
 * <p>The benchmarks name both operations as constants at their call sites, the way a guest's
 * code calls ESSA, one benchmark method per cycle, so that nothing stands between the walk and
 * the transition. Picking the operation out of an array instead costs about half a nanosecond a
 * call that no real caller pays (two more dependent loads: the {@code Orc}, then its row of the
 * transition table), and a switch on a {@code @Param} about a third of one.
 *
 * <p>{@link #GET_STATE} is the exception: it changes nothing by definition, and its score is the
 * read-only path (a volatile load and a table load, no compare-and-set).
 *
 * <p>Each cycle is checked against {@link StateModel} when this class loads: every step but
 * GET_STATE changes the state word, and the cycle ends where it started.
 */
public enum EssaCycle {
    /** Sr, read only. */
    GET_STATE(arm(Orc.SET_STABLE_RESIDENT), Orc.GET_STATE),
    /** Ur to Sr and back with SET_UNUSED: allocation and free, what mainline Linux does. */
    SET_STABLE(arm(Orc.SET_STABLE_RESIDENT, Orc.SET_UNUSED), Orc.SET_STABLE, Orc.SET_UNUSED),
    /** Sr to Ur and back with SET_STABLE. */
    SET_UNUSED(arm(Orc.SET_STABLE_RESIDENT), Orc.SET_UNUSED, Orc.SET_STABLE),
    /** Sr to Vr and back with SET_STABLE_IF_RESIDENT: a clean page-cache page released and used again. */
    SET_VOLATILE(arm(Orc.SET_STABLE_RESIDENT), Orc.SET_VOLATILE, Orc.SET_STABLE_IF_RESIDENT),
    /** Sr to Pr and back with SET_STABLE. */
    SET_POT_VOLATILE(arm(Orc.SET_STABLE_RESIDENT), Orc.SET_POT_VOLATILE, Orc.SET_STABLE),
    /** Vr to Sr and back with SET_VOLATILE. */
    SET_STABLE_RESIDENT(arm(Orc.SET_STABLE_RESIDENT, Orc.SET_VOLATILE), Orc.SET_STABLE_RESIDENT, Orc.SET_VOLATILE),
    /** Vr to Sr and back with SET_VOLATILE. */
    SET_STABLE_IF_RESIDENT(arm(Orc.SET_STABLE_RESIDENT, Orc.SET_VOLATILE), Orc.SET_STABLE_IF_RESIDENT, Orc.SET_VOLATILE),
    /** Sr to Sr with no-DAT and back with SET_STABLE. */
    SET_STABLE_NODAT(arm(Orc.SET_STABLE_RESIDENT), Orc.SET_STABLE_NODAT, Orc.SET_STABLE);

    private final Orc[] arm;
    private final Orc[] steps;

    EssaCycle(Orc[] arm, Orc... steps) {
        this.arm = arm;
        this.steps = steps;
        check();
    }

    /** The operations that take an untouched frame (zvm's initial state, as the benchmarks' tables) to the from-state. */
    Orc[] arm() {
        return arm.clone();
    }

    /** The operations of the cycle: the measured one first, then its partner. */
    Orc[] steps() {
        return steps.clone();
    }

    /**
     * The cycle a benchmark method measures, named by the end of its name: {@code essa4k_SET_STABLE}
     * and {@code ...StateChangeBenchmark.essa2m_SET_STABLE} both measure {@link #SET_STABLE}.
     */
    static EssaCycle ofBenchmark(String benchmark) {
        String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
        return valueOf(method.substring(method.indexOf('_') + 1));
    }

    /** The state word every frame holds at the start of a cycle. */
    int from() {
        int word = StateModel.initial(HostMode.ZVM);
        for (Orc orc : arm) {
            word = StateModel.essa(word, orc, HostMode.ZVM);
        }
        return word;
    }

    private void check() {
        int word = from();
        for (Orc orc : steps) {
            int next = StateModel.essa(word, orc, HostMode.ZVM);
            if (next == word && orc != Orc.GET_STATE) {
                throw new IllegalStateException(name() + ": " + orc + " does not change "
                        + FrameState.describe(word) + ", so it would not be measured as a state change");
            }
            word = next;
        }
        if (word != from()) {
            throw new IllegalStateException(name() + ": the cycle ends in " + FrameState.describe(word)
                    + ", not where it started, " + FrameState.describe(from()));
        }
    }

    private static Orc[] arm(Orc... orcs) {
        return orcs;
    }
}
