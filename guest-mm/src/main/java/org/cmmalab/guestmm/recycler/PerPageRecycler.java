package org.cmmalab.guestmm.recycler;

import org.cmmalab.guestmm.BuddyListener;
import org.cmmalab.guestmm.DriverApi;
import org.cmmalab.guestmm.GuestKernel;

/**
 * The per-page recycler (PPR) of baibantech's Dynamic VM (XaviLi, "Another Para-Virtualization
 * page recycler", kvm list 2017-09-20, docs/sources.md): a mark per guest frame in memory that
 * guest and host share, set by a hook at the entry of the guest's page-free path, cleared by a
 * hook in the page-allocation path, and read by a host daemon that, once per period, replaces
 * every marked page with the host's read-only zero page. "No interrupts between guest and host":
 * the guest never waits for the host.
 *
 * <p>The guest side is {@link BuddyListener}'s two hooks: a freed block marks each of its 4 KiB
 * frames, an allocated block unmarks each; each frame marked or unmarked is one hook call (the
 * seed: "about 300 cycles for mark or unmark each page"), counted in {@link #hookCalls()} for the
 * caller to charge. Frames already free when the driver loads are marked without hook calls: a
 * guest booted with PPR would have marked them as boot freed its memory.
 *
 * <p>The host side is {@link #recycleMarked()}: the daemon's scan of the shared marks. Each
 * marked frame is handed to the host ({@link DriverApi#release}, which drops its content and
 * frees its host frame: the frame reads as zeros from then on and takes a new host frame only
 * when the guest next touches it, which is what mapping the shared zero page read-only achieves
 * for a guest that stores before it loads, as Linux's page clearing does) and unmarked. The daemon
 * reads the marks directly, so the scan lives here, next to them; its cost (the seed's 6500 host
 * cycles per recycled page and 5% of a CPU when idle) is the caller's to charge. In this
 * single-threaded model the scan is atomic with respect to the guest, which in the real design a
 * lockless protocol on the marks provides.
 *
 * <p>It reaches the kernel through its driver API ({@link DriverApi}) and the kernel's public
 * queries only.
 */
public final class PerPageRecycler {
    private final GuestKernel kernel;
    private final DriverApi api;
    private final long[] marks;
    private int marked;
    private long hookCalls;
    private long recycled;

    /** Loads the recycler into {@code kernel}: every frame free now is marked. */
    public PerPageRecycler(GuestKernel kernel) {
        if (kernel.config().largeFrames()) {
            throw new IllegalArgumentException("the per-page recycler is modelled for guests backed by 4 KiB frames only");
        }
        this.kernel = kernel;
        this.api = kernel.driverApi();
        this.marks = new long[(kernel.frames() + 63) >>> 6];
        for (int order = 0; order <= GuestKernel.MAX_ORDER; order++) {
            for (int head = api.firstFreeBlock(order); head != DriverApi.NO_BLOCK; head = api.nextFreeBlock(head)) {
                mark(head, 1 << order);
            }
        }
        api.addBuddyListener(new BuddyListener() {
            @Override
            public void allocated(int frame, int order) {
                unmark(frame, 1 << order);
                hookCalls += 1L << order;
            }

            @Override
            public void freed(int frame, int order, int head, int mergedOrder) {
                mark(frame, 1 << order);
                hookCalls += 1L << order;
            }
        });
    }

    /** Guest hook calls so far: one per 4 KiB frame freed or allocated. */
    public long hookCalls() {
        return hookCalls;
    }

    /** Frames marked now: freed and neither reused nor recycled since. */
    public int marked() {
        return marked;
    }

    /** Frames the daemon has recycled so far. */
    public long recycled() {
        return recycled;
    }

    /** Whether {@code frame} is marked. */
    public boolean isMarked(int frame) {
        return (marks[frame >>> 6] & 1L << frame) != 0;
    }

    /**
     * The host daemon's scan: every marked frame is replaced by the zero page and unmarked.
     * Returns how many frames it recycled.
     */
    public int recycleMarked() {
        int n = 0;
        for (int w = 0; w < marks.length && marked > 0; w++) {
            long bits = marks[w];
            while (bits != 0) {
                int frame = w << 6 | Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                api.release(frame);
                marks[w] &= ~(1L << frame);
                marked--;
                n++;
            }
        }
        recycled += n;
        return n;
    }

    /** Marks frames {@code first .. first + count - 1}, a word of the bitmap at a time. */
    private void mark(int first, int count) {
        for (int f = first, end = first + count; f < end; ) {
            int w = f >>> 6;
            int n = Math.min(end - f, 64 - (f & 63));
            long bits = span(f, n);
            marked += Long.bitCount(bits & ~marks[w]);
            marks[w] |= bits;
            f += n;
        }
    }

    /** Unmarks frames {@code first .. first + count - 1}. */
    private void unmark(int first, int count) {
        for (int f = first, end = first + count; f < end; ) {
            int w = f >>> 6;
            int n = Math.min(end - f, 64 - (f & 63));
            long bits = span(f, n);
            marked -= Long.bitCount(bits & marks[w]);
            marks[w] &= ~bits;
            f += n;
        }
    }

    /** The bits of frames {@code f .. f + n - 1} in their word ({@code n} at most to the word's end). */
    private static long span(int f, int n) {
        return (n == 64 ? -1L : (1L << n) - 1) << f;
    }

    @Override
    public String toString() {
        return "per-page recycler of a guest of " + kernel.frames() + " frames: " + marked + " marked, "
                + recycled + " recycled, " + hookCalls + " hook calls";
    }
}
