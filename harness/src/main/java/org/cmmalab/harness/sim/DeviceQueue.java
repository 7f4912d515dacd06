package org.cmmalab.harness.sim;

/**
 * A storage device as a queue, the one timing rule for every I/O path of a run (the host's
 * paging device, the guests' disks): {@code channels} servers, each moving one page at a time.
 * Pages are served in the order they are issued; a page starts when it arrives or when its
 * channel is free, whichever is later. It takes a channel that is free when it arrives, the one
 * busy last of those (so that one issuer's back-to-back pages stay on one channel and leave the
 * others to whoever comes next), or, if none is free, the channel that comes free first. A guest
 * that waits for its I/O (a host fault's page-in, its own disk read) is charged the queueing and
 * the service; an I/O nobody waits for (background reclaim's page-outs) occupies a channel all
 * the same, so that a device that writes much makes every reader slower. This is why a page
 * written out and read back costs two I/Os against the one of a discard and a re-read
 * (Schwidefsky, linux-mm 2009-03-30): without the queue a write would cost nothing. A device
 * with no channel limit ({@link #unlimited()}) serves every page on arrival: an I/O costs its
 * service time and never waits.
 *
 * <p>Issue order is the order of the calls, which the event queue makes a function of the run's
 * inputs: the same scenario and seed give the same waits, bit for bit. A step's I/O is issued
 * when the step is charged, all of it before any later event's: a guest that arrives while
 * another's burst is under way waits for the whole burst, not page by page.
 */
final class DeviceQueue {
    /** When each channel is next free; empty for a device without a channel limit. */
    private final long[] busyUntil;

    private DeviceQueue(long[] busyUntil) {
        this.busyUntil = busyUntil;
    }

    /** A device of {@code channels} channels, at least one. */
    static DeviceQueue of(int channels) {
        if (channels < 1) {
            throw new IllegalArgumentException("a device needs at least one channel, had " + channels);
        }
        return new DeviceQueue(new long[channels]);
    }

    /** A device on which no I/O ever waits for another. */
    static DeviceQueue unlimited() {
        return new DeviceQueue(new long[0]);
    }

    /**
     * {@code pages} I/Os of {@code nanos} each that a guest issues one after another from
     * {@code now}, waiting for each; returns how long it waited in all, service included.
     */
    long sync(long now, long pages, long nanos) {
        if (busyUntil.length == 0) {
            return pages * nanos;
        }
        long t = now;
        for (long i = 0; i < pages; i++) {
            t = serve(t, nanos);
        }
        return t - now;
    }

    /**
     * {@code pages} I/Os of {@code nanos} each issued at {@code now} that nobody waits for; returns
     * when the last of them is done ({@code now} for none).
     */
    long async(long now, long pages, long nanos) {
        if (busyUntil.length == 0) {
            return pages == 0 ? now : now + nanos;
        }
        long done = now;
        for (long i = 0; i < pages; i++) {
            done = Math.max(done, serve(now, nanos));
        }
        return done;
    }

    /** Serves one page issued at {@code arrival}; returns when it is done. */
    private long serve(long arrival, long nanos) {
        int c = -1;
        int first = 0;
        for (int i = 0; i < busyUntil.length; i++) {
            long b = busyUntil[i];
            if (b <= arrival && (c < 0 || b > busyUntil[c])) {
                c = i;
            }
            if (b < busyUntil[first]) {
                first = i;
            }
        }
        if (c < 0) {
            c = first;
        }
        long end = Math.max(arrival, busyUntil[c]) + nanos;
        busyUntil[c] = end;
        return end;
    }
}
