package org.cmmalab.guestmm;

/**
 * A balloon driver: the guest side of z/VM's Collaborative Memory Management
 * ({@code arch/s390/mm/cmm.c}, driven by VMRM's {@code CMM SHRINK}) and of virtio-balloon
 * ({@code drivers/virtio/virtio_balloon.c}, driven by a host policy such as MOM).
 *
 * <p>Inflating takes 4 KiB pages from the buddy allocator through the watermarks, so that the
 * guest reclaims its own page cache or swaps to make room, and hands each to the host, which
 * drops it ({@link GuestMemory#release}). Deflating frees them back to the guest. Pages cross in
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
 * stores runs of frames ({@link BalloonPages}), and after an inflate the balloon lets the page
 * descriptors drop the chunks it has taken whole ({@link MemMap#dropIfClear}), as the buddy
 * allocator does for chunks it has coalesced whole.
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

    private final GuestKernel kernel;
    private final GuestMemory memory;
    private final MemMap map;
    private final int batch;
    private final boolean deflateOnOom;
    private final BalloonPages held = new BalloonPages();
    private long inflated;
    private long deflated;
    private long roundTrips;
    /** Pages handed to the host in the request (round trip) going on. */
    private int inRequest;
    /** The chunk the inflate going on took its last page from, or -1. */
    private int chunk = -1;
    private final PageAllocator.Taken take = this::take;

    /**
     * A balloon in {@code kernel}, sending {@code batch} pages per round trip to the host, and
     * deflating {@link #OOM_PAGES} before an allocation fails if {@code deflateOnOom}.
     */
    public Balloon(GuestKernel kernel, int batch, boolean deflateOnOom) {
        if (batch <= 0) {
            throw new IllegalArgumentException("batch must be positive, was " + batch);
        }
        this.kernel = kernel;
        this.memory = kernel.memory();
        this.map = kernel.memMap();
        this.batch = batch;
        this.deflateOnOom = deflateOnOom;
        if (deflateOnOom) {
            kernel.allocator().addOomNotifier(() -> deflateQuietly(OOM_PAGES));
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

    /** Bytes of heap the page list takes (its runs; see {@link BalloonPages#bytes}). */
    long pageListBytes() {
        return held.bytes();
    }

    /**
     * Takes up to {@code pages} more pages from the guest and gives them to the host; returns how
     * many it got (fewer if the guest could not free enough memory). The pages come one at a
     * time, as {@code balloon_page_alloc} takes them, except that a block those single-page
     * allocations would use up whole is taken at once ({@link PageAllocator#allocPages(int,
     * PageAllocator.Taken)}) and handed to the host as one run ({@link GuestMemory#releaseRun}):
     * the same frames, in the same order, in requests of {@link #batch()} pages
     * ({@link GuestMemory#releaseRequestDone} after each, and after the last, shorter one). Each
     * time the pages taken move on to another 2 MiB
     * chunk, and at the end, the chunk left may have been taken whole: the descriptors are asked
     * to drop it.
     */
    public int inflate(int pages) {
        int got = kernel.allocator().allocPages(pages, take);
        if (inRequest > 0) {
            endRequest();
        }
        dropIfTaken(chunk);
        chunk = -1;
        inflated += got;
        roundTrips += (got + batch - 1) / batch;
        kernel.quiescentPoint();
        return got;
    }

    /**
     * Hands a run of frames just allocated to the host and keeps them, dropping each chunk it has
     * moved past. A run is one buddy block: within one chunk, or, a block of 4 MiB, two whole
     * ones, the first of which it has moved past. The chunk before a run is dropped after the whole
     * run is released, not after its first frame: the same, as releasing is the host's work and
     * touches no descriptor.
     */
    private void take(int first, int count) {
        for (int done = 0; done < count; ) {
            int n = Math.min(count - done, batch - inRequest);
            memory.releaseRun(first + done, n);
            done += n;
            inRequest += n;
            if (inRequest == batch) {
                endRequest();
            }
        }
        held.pushRun(first, count);
        int c = first >>> MemMap.SHIFT;
        int last = (first + count - 1) >>> MemMap.SHIFT;
        if (c != chunk) {
            dropIfTaken(chunk);
        }
        for (; c < last; c++) {
            dropIfTaken(c);
        }
        chunk = last;
    }

    /** A request of {@link #batch} pages, or the last of an inflate, went to the host ({@link GuestMemory#releaseRequestDone}). */
    private void endRequest() {
        memory.releaseRequestDone();
        inRequest = 0;
    }

    /** Gives up to {@code pages} pages back to the guest; returns how many. */
    public int deflate(int pages) {
        int n = deflateQuietly(pages);
        kernel.quiescentPoint();
        return n;
    }

    /** Deflates without reaching a quiescent point: safe inside the allocator. */
    private int deflateQuietly(int pages) {
        int n = Math.min(pages, held.size());
        for (int left = n; left > 0; ) {
            long range = held.popRun(left);
            int from = BalloonPages.rangeFirst(range);
            int to = BalloonPages.rangeLast(range);
            kernel.buddy().freeRun(from, to);
            left -= Math.abs(to - from) + 1;
        }
        deflated += n;
        roundTrips += (n + batch - 1) / batch;
        return n;
    }

    /** Lets the descriptors drop chunk {@code chunk} (none if negative) if no frame in it needs them. */
    private void dropIfTaken(int chunk) {
        if (chunk >= 0) {
            map.dropIfClear(chunk << MemMap.SHIFT);
        }
    }
}
