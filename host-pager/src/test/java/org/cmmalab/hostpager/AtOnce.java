package org.cmmalab.hostpager;

/** For tests of what a write-out does rather than when: background reclaim whose write-outs land as soon as they start. */
public final class AtOnce {
    private AtOnce() {
    }

    /** {@link Host#balance}, each write-out ended as it starts; returns the host frames it freed. */
    public static int balance(Host host) {
        return host.balance((guest, frame, frames, ticket) -> guest.finishWriteOut(frame, ticket));
    }
}
