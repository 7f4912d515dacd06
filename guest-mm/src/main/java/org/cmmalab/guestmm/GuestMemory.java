package org.cmmalab.guestmm;

import org.cmmalab.pagestates.Orc;

/**
 * The machine as a guest kernel sees it: its frames' memory and ESSA.
 *
 * <p>Every {@link #load} and {@link #store} is a real access to one 4 KiB frame: the kernel in
 * this module issues them only for the accesses a page's own use needs (the workload's access, the
 * read-in or swap-in that fills the frame, the write-back or swap-out that empties it), never to
 * keep metadata, so that the host's replacement policy sees the workload's references.
 *
 * <p>Content is a token ({@link ContentToken}); 0 is the zero page.
 */
public interface GuestMemory {
    /** {@link #load} result: the frame's content was discarded ({@code Vz}); a discard fault. */
    long DISCARD_FAULT = Long.MIN_VALUE;

    /** The number of 4 KiB frames. */
    int frames();

    /** ESSA on a 4 KiB frame; returns the old state word ({@link org.cmmalab.pagestates.FrameState}). */
    int essa(int frame, Orc orc);

    /**
     * {@link #essa} on the {@code count} frames from {@code first}, in order, the state words before
     * unread: a block freed at once (s390 Linux's {@code arch_free_page} issues one ESSA per
     * frame of the block). A memory may take the frames a chunk at a time, as long as each frame
     * steps as its own {@code essa} would.
     */
    default void essaRun(int first, int count, Orc orc) {
        for (int f = first; f < first + count; f++) {
            essa(f, orc);
        }
    }

    /**
     * Loads the frame's content token: 0 for the zero page, or {@link #DISCARD_FAULT}; an
     * {@link IllegalStateException} for a frame in an unused state (the addressing exception).
     */
    long load(int frame);

    /** Stores a content token; false is a discard fault, and nothing was stored. */
    boolean store(int frame, long token);

    /** ESSA on a 2 MiB frame; only for guests backed by 2 MiB frames. */
    int essaLarge(int large, Orc orc);

    /**
     * Resets the frame's change bit ({@link org.cmmalab.pagestates.FrameOp#CLEAN}; on s390 the
     * SSKE instruction). The kernel calls it, with page-cache hints on, when a page-cache page
     * matches its file: after a read-in (s390 Linux resets the storage key in
     * {@code SetPageUptodate}) and after a write-back ({@code page_test_and_clear_dirty}). Only a
     * potentially volatile page depends on it: with the change bit left set, the host writes such
     * a page out instead of discarding it.
     */
    void clean(int frame);

    /**
     * Hands {@code frame} to the host, which drops its content ({@link
     * org.cmmalab.pagestates.FrameOp#RELEASE}): z/VM's DIAGNOSE X'10' from the CMM balloon, or a
     * virtio-balloon inflate. The frame reads as zeros afterwards, unless the host backs it with a
     * larger frame that the request did not give back whole and keeps it ({@link #releaseRequestDone}).
     */
    void release(int frame);

    /**
     * The end of one release request, the pages a balloon hands over in one guest-host round trip
     * (a virtio-balloon request holds up to 256 page numbers): a host that backs the guest with
     * frames larger than 4 KiB counts a request's releases toward each of them
     * ({@code GuestSpace#releaseRun}); to any other it means nothing.
     */
    default void releaseRequestDone() {
    }

    /** {@link #release} of the {@code count} frames from {@code first}, in order. */
    default void releaseRun(int first, int count) {
        for (int f = first; f < first + count; f++) {
            release(f);
        }
    }
}
