package org.cmmalab.hostpager;

/**
 * Told when a host write-out is in flight: the host has marked the unit as being written
 * ({@link org.cmmalab.pagestates.FrameOp#BEGIN_WRITE_OUT}) and copied its content to the paging
 * device, and has not yet looked at the frame again. Whatever the guest does here happens "during
 * the write": this is where a simulation (or a test) puts the guest events that fall inside the
 * write's latency, which is how races 4 and 5 of the spec (a store, or SET_UNUSED, during a
 * write-out) are played out on the host's one thread.
 *
 * <p>It runs on the host thread in the middle of a reclaim. It may call {@link GuestSpace#essa},
 * {@link GuestSpace#load} and {@link GuestSpace#store} on resident frames, and any ESSA that needs
 * no host frame; anything that would need a host frame (a host fault, SET_STABLE_RESIDENT on a
 * frame that is not resident) is refused with an {@link IllegalStateException}, because reclaim
 * does not nest.
 */
@FunctionalInterface
public interface WriteOutListener {
    WriteOutListener NONE = (guestId, frame, frames) -> { };

    /** The unit of {@code frames} guest frames from {@code frame} of guest {@code guestId} is being written. */
    void inFlight(int guestId, int frame, int frames);
}
