package org.cmmalab.guestmm.balloon;

import org.cmmalab.guestmm.DriverApi;
import org.cmmalab.guestmm.GuestKernel;

/**
 * A balloon driver: the guest side of z/VM's Collaborative Memory Management
 * ({@code arch/s390/mm/cmm.c}, driven by VMRM's {@code CMM SHRINK}) and of virtio-balloon
 * ({@code drivers/virtio/virtio_balloon.c}, driven by a host policy such as MOM).
 *
 * <p>Inflating takes 4 KiB pages from the buddy allocator through the watermarks, so that the
 * guest reclaims its own page cache or swaps to make room, and hands each to the host, which
 * drops it ({@link DriverApi#release}). Deflating frees them back to the guest. Pages cross in
 * batches of {@link #batch()} per guest-host round trip: virtio-balloon sends up to 256 page
 * numbers per request; CMM issues one DIAGNOSE X'10' per page.
 *
 * <p><b>Deflate on OOM.</b> A balloon whose driver registers an OOM notifier deflates
 * {@link #OOM_PAGES} pages before an allocation would otherwise fail; whether it does is the
 * driver's. virtio-balloon registers one only when {@code VIRTIO_BALLOON_F_DEFLATE_ON_OOM} is
 * negotiated ({@code virtballoon_probe}; {@code virtio_balloon_oom_notify} frees
 * {@code VIRTIO_BALLOON_OOM_NR_PAGES}, 256; Linux 6.16), and QEMU offers the feature only when the
 * device's {@code deflate-on-oom} property is set, off by default ({@code virtio_balloon_properties}
 * in {@code hw/virtio/virtio-balloon.c}, QEMU 5.1): {@link #VIRTIO_DEFLATE_ON_OOM}. z/VM's CMM
 * always registers one ({@code cmm_init} registers {@code cmm_oom_nb} unconditionally;
 * {@code cmm_oom_notify} frees 256; {@code arch/s390/mm/cmm.c}, Linux 6.16):
 * {@link #CMM_DEFLATE_ON_OOM}. Xen's balloon driver registers none ({@code drivers/xen/balloon.c},
 * Linux 6.16): {@link #XEN_DEFLATE_ON_OOM}.
 *
 * <p>A ballooned frame is stable to the guest (allocated) and logically zero to the host; with
 * hints on, freeing it makes it unused like any freed page.
 *
 * <p>A balloon may hold most of its guest, so its pages cost next to no heap: the page list
 * stores runs of frames ({@link BalloonPageList}), and the kernel drops the page descriptors of the
 * chunks an inflate takes whole ({@link DriverApi#balloonPageAlloc}), as the buddy allocator does
 * for chunks it has coalesced whole.
 *
 * <p>It reaches the kernel through its driver API ({@link DriverApi}) only.
 */
public final class Balloon {
    /** Pages a balloon gives back when the guest would otherwise run out of memory. */
    public static final int OOM_PAGES = 256;
    /** virtio-balloon under QEMU's default device: {@code deflate-on-oom} off (see the class comment). */
    public static final boolean VIRTIO_DEFLATE_ON_OOM = false;
    /** z/VM CMM: {@code cmm_oom_notify} is always registered (see the class comment). */
    public static final boolean CMM_DEFLATE_ON_OOM = true;
    /** Xen's balloon driver: no OOM notifier (see the class comment). */
    public static final boolean XEN_DEFLATE_ON_OOM = false;

    private final DriverApi api;
    private final int batch;
    private final boolean deflateOnOom;
    private final BalloonPageList held = new BalloonPageList();
    private long inflated;
    private long deflated;
    private long roundTrips;
    /** Pages handed to the host in the request (round trip) going on. */
    private int inRequest;
    private final DriverApi.Taken take = this::take;

    /**
     * A balloon in {@code kernel}, sending {@code batch} pages per round trip to the host, and
     * deflating {@link #OOM_PAGES} before an allocation fails if {@code deflateOnOom}.
     */
    public Balloon(GuestKernel kernel, int batch, boolean deflateOnOom) {
        if (batch <= 0) {
            throw new IllegalArgumentException("batch must be positive, was " + batch);
        }
        this.api = kernel.driverApi();
        this.batch = batch;
        this.deflateOnOom = deflateOnOom;
        if (deflateOnOom) {
            api.registerOomNotifier(() -> deflateQuietly(OOM_PAGES));
        }
    }

    /** Pages in the balloon now. */
    public int pages() {
        return held.size();
    }

    public int batch() {
        return batch;
    }

    /** Whether it gives pages back before an allocation fails. */
    public boolean deflatesOnOom() {
        return deflateOnOom;
    }

    /** Pages inflated, deflated and round trips made since the start. */
    public long inflated() {
        return inflated;
    }

    public long deflated() {
        return deflated;
    }

    public long roundTrips() {
        return roundTrips;
    }

    /** Bytes of heap the page list takes (its runs; see {@link BalloonPageList#bytes}). */
    long pageListBytes() {
        return held.bytes();
    }

    /**
     * Takes up to {@code pages} more pages from the guest and gives them to the host; returns how
     * many it got (fewer if the guest could not free enough memory). The pages come one at a
     * time, as {@code balloon_page_alloc} takes them, except that a block those single-page
     * allocations would use up whole is taken at once ({@link DriverApi#balloonPageAlloc}) and
     * handed to the host as one run ({@link DriverApi#releaseRun}): the same frames, in the same
     * order, in requests of {@link #batch()} pages ({@link DriverApi#releaseRequestDone} after
     * each, and after the last, shorter one).
     */
    public int inflate(int pages) {
        int got = api.balloonPageAlloc(pages, take);
        if (inRequest > 0) {
            endRequest();
        }
        inflated += got;
        roundTrips += (got + batch - 1) / batch;
        api.quiescentPoint();
        return got;
    }

    /** Hands a run of frames just allocated to the host and keeps them ({@code balloon_page_enqueue}). */
    private void take(int first, int count) {
        for (int done = 0; done < count; ) {
            int n = Math.min(count - done, batch - inRequest);
            api.releaseRun(first + done, n);
            done += n;
            inRequest += n;
            if (inRequest == batch) {
                endRequest();
            }
        }
        held.pushRun(first, count);
    }

    /** A request of {@link #batch} pages, or the last of an inflate, went to the host ({@link DriverApi#releaseRequestDone}). */
    private void endRequest() {
        api.releaseRequestDone();
        inRequest = 0;
    }

    /** Gives up to {@code pages} pages back to the guest; returns how many. */
    public int deflate(int pages) {
        int n = deflateQuietly(pages);
        api.quiescentPoint();
        return n;
    }

    /** Deflates without reaching a quiescent point: safe inside the allocator. */
    private int deflateQuietly(int pages) {
        int n = Math.min(pages, held.size());
        for (int left = n; left > 0; ) {
            long range = held.popRun(left);
            int from = BalloonPageList.rangeFirst(range);
            int to = BalloonPageList.rangeLast(range);
            api.freePageRun(from, to);
            left -= Math.abs(to - from) + 1;
        }
        deflated += n;
        roundTrips += (n + batch - 1) / batch;
        return n;
    }
}
