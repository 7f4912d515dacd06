package org.cmmalab.harness.sim;

/**
 * The host's paging device as a queue: {@code channels} servers (paging volumes, or an SSD's
 * parallel queues), each taking one page at a time in arrival order. A guest that takes a host
 * fault waits for its page-in (and for any page-out its fault's direct reclaim had to make);
 * background reclaim's page-outs wait for nobody but occupy the device all the same, so that a
 * host that writes much makes everyone's page-ins slower. This is why a page written out and read
 * back costs two I/Os against the one of a discard and a re-read from the guest's own disk
 * (Schwidefsky, linux-mm 2009-03-30); without the queue a write would cost nothing.
 */
final class PagingQueue {
    private final long[] busyUntil;

    PagingQueue(int channels) {
        busyUntil = new long[channels];
    }

    /**
     * {@code pages} I/Os of {@code nanos} each that a guest issues one after another from
     * {@code now}, waiting for each; returns how long it waited in all.
     */
    long sync(long now, long pages, long nanos) {
        long t = now;
        for (long i = 0; i < pages; i++) {
            t = serve(t, nanos);
        }
        return t - now;
    }

    /** {@code pages} I/Os of {@code nanos} each issued at {@code now} that nobody waits for. */
    void async(long now, long pages, long nanos) {
        for (long i = 0; i < pages; i++) {
            serve(now, nanos);
        }
    }

    private long serve(long arrival, long nanos) {
        int c = 0;
        for (int i = 1; i < busyUntil.length; i++) {
            if (busyUntil[i] < busyUntil[c]) {
                c = i;
            }
        }
        long end = Math.max(arrival, busyUntil[c]) + nanos;
        busyUntil[c] = end;
        return end;
    }
}
