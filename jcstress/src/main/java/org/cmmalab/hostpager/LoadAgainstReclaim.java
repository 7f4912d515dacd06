package org.cmmalab.hostpager;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.cmmalab.discardfault.HostedGuest;
import org.cmmalab.pagestates.HostMode;
import org.cmmalab.pagestates.Orc;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LL_Result;

/**
 * The seqlock of {@link SeqlockRead} as the real {@link GuestSpace} uses it under
 * {@code Discipline.THREADS} ({@link HostedGuest#threaded}: two frames, zvm): a guest load of a resident volatile frame against the host
 * discarding it ({@link GuestSpace#reclaimStep}). The discard holds the frame's word across making
 * the frame not resident, overwriting its host frame's content with {@link GuestSpace#POISON} and
 * unmapping it; the load reads the word, the state, the content and the word again. The state and
 * the content it returns must come from one moment, so the load returns the content while the
 * frame was resident, or a discard fault after, and never the poison of a frame it found resident.
 */
@JCStressTest
@Description("GuestSpace.load against reclaimStep: never the poison of a discarded frame")
@Outcome(id = "token, DISCARDED", expect = ACCEPTABLE, desc = "the load came before the discard")
@Outcome(id = "discard fault, DISCARDED", expect = ACCEPTABLE, desc = "the load came after the discard")
@Outcome(expect = FORBIDDEN, desc = "the load returned what the discard wrote, or the discard did not happen")
@State
public class LoadAgainstReclaim {
    private static final long TOKEN = 7;

    private final GuestSpace space = prepare(HostedGuest.threaded(2, HostMode.ZVM, 2));

    /** Frame 0 resident and volatile, holding {@link #TOKEN}: a reclaim discards it without a write. */
    private static GuestSpace prepare(GuestSpace space) {
        space.essa(0, Orc.SET_STABLE);
        space.store(0, TOKEN);
        space.essa(0, Orc.SET_VOLATILE);
        return space;
    }

    @Actor
    public void guest(LL_Result r) {
        long loaded = space.load(0);
        r.r1 = loaded == TOKEN ? "token"
                : loaded == GuestSpace.DISCARD_FAULT ? "discard fault"
                : loaded == GuestSpace.POISON ? "poison" : Long.toString(loaded);
    }

    @Actor
    public void host(LL_Result r) {
        r.r2 = space.reclaimStep(0).name();
    }
}
