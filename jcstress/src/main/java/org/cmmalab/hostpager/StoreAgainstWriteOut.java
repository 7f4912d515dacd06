package org.cmmalab.hostpager;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.cmmalab.discardfault.HostedGuest;
import org.cmmalab.pagestates.HostMode;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LL_Result;

/**
 * A guest store against a write-out of the same frame on the real {@link GuestSpace} under
 * {@code Discipline.THREADS} ({@link HostedGuest#threaded}: two frames, zvm; see
 * {@link WriteOutRace}): a Dekker (StoreLoad) shape. The store
 * writes the content ({@link FrameSync#storeContent}), then sets the change bits, which are set
 * already, so that step only reads them; the write-out clears the host change bit with a CAS, then
 * reads the content to copy it. One of the two must see the other: either the store's read finds
 * the bit cleared and sets it (the frame stays resident) or the copy finds the new content. If the
 * store's read could run ahead of its own content write, both could miss, and the frame would be
 * freed as clean with the old content: the store lost. The volatile content write of
 * {@link FrameSync.Threads} forbids that. {@link StoreReleaseWrong} shows a release store failing
 * on the same steps without the rest of the host ({@link StoreSteps}, whose comment says why).
 */
@JCStressTest
@Description("GuestSpace.store against beginWriteOut and writeToDevice: never freed clean with the old copy")
@Outcome(id = "WRITTEN, new", expect = ACCEPTABLE, desc = "the store came before the copy read the content")
@Outcome(id = "STORE_DURING_WRITE, new", expect = ACCEPTABLE, desc = "the store set the host change bit after the write-out cleared it: the frame stays resident")
@Outcome(id = "WRITTEN, old", expect = FORBIDDEN, desc = "the store is lost: freed as clean, and the device holds the old content")
@Outcome(expect = FORBIDDEN, desc = "anything else")
@State
public class StoreAgainstWriteOut {
    private final GuestSpace space = WriteOutRace.prepare(HostedGuest.threaded(2, HostMode.ZVM, 2));

    @Actor
    public void guest() {
        space.store(0, WriteOutRace.NEW);
    }

    @Actor
    public void host() {
        space.beginWriteOut(0);
        space.writeToDevice(0);
    }

    @Arbiter
    public void verdict(LL_Result r) {
        WriteOutRace.verdict(space, r);
    }
}
