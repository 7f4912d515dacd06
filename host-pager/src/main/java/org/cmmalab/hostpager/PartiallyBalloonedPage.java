package org.cmmalab.hostpager;

import java.util.Arrays;

/**
 * QEMU's rule for a balloon on host pages larger than 4 KiB, for one guest
 * ({@code balloon_inflate_page} and its {@code PartiallyBalloonedPage} in
 * {@code hw/virtio/virtio-balloon.c}, QEMU 4.1 and later): the large frame that the release
 * request going on has given back in part, and which of its frames. A release inside another large
 * frame forgets the first, and so does the end of the request; when the last frame of the large
 * frame comes, the whole large frame is given back. A large frame the guest gave back only in part
 * stays resident with its content, as QEMU keeps such a host page.
 *
 * <p>Only the bookkeeping: {@link GuestSpace#releaseRun} releases, under the host lock.
 */
final class PartiallyBalloonedPage {
    /** {@link #large} when no large frame is released in part. */
    private static final int NONE = -1;

    private final int framesPerLarge;
    /** Which of {@link #large}'s frames the request has given back, a bit each, and how many. */
    private final long[] released;
    private int count;
    private int large = NONE;

    PartiallyBalloonedPage(int framesPerLarge) {
        this.framesPerLarge = framesPerLarge;
        this.released = new long[(framesPerLarge + 63) >>> 6];
    }

    /**
     * The request gave back the {@code n} frames from {@code from}, all inside large frame
     * {@code large}: returns whether every frame of it is given back now, and then forgets it.
     */
    boolean release(int large, int from, int n) {
        if (this.large != large) {
            this.large = large;
            Arrays.fill(released, 0L);
            count = 0;
        }
        for (int f = from; f < from + n; f++) {
            int i = f & framesPerLarge - 1;
            if ((released[i >>> 6] & 1L << i) == 0) {
                released[i >>> 6] |= 1L << i;
                count++;
            }
        }
        if (count < framesPerLarge) {
            return false;
        }
        this.large = NONE;
        return true;
    }

    /** The release request ended: the large frame it gave back in part, if any, is forgotten. */
    void requestDone() {
        large = NONE;
    }

    /** Run {@code large} was split or merged: what a request gave back of it in part is forgotten. */
    void forget(int large) {
        if (this.large == large) {
            this.large = NONE;
        }
    }
}
