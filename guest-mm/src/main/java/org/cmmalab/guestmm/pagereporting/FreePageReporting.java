package org.cmmalab.guestmm.pagereporting;

import org.cmmalab.guestmm.Arch;
import org.cmmalab.guestmm.BuddyListener;
import org.cmmalab.guestmm.DriverApi;
import org.cmmalab.guestmm.GuestKernel;

/**
 * Free page reporting: the guest side of Linux {@code mm/page_reporting.c} (Alexander Duyck,
 * Linux 5.7) as virtio-balloon's reporting queue drives it ({@code VIRTIO_BALLOON_F_REPORTING},
 * {@code drivers/virtio/virtio_balloon.c}, {@code virtballoon_free_page_report}).
 *
 * <p><b>Which order.</b> {@code page_reporting_register} (Linux 6.16) keeps the
 * {@code page_reporting_order} module parameter if it was set; otherwise it takes the order the
 * driver asks for, and if the driver asks for none, {@code pageblock_order}. virtio-balloon asks
 * for none except on arm64 with 64 KiB pages ({@code virtballoon_probe}), so a guest reports
 * blocks of its architecture's {@code pageblock_order}: {@link #defaultOrder}.
 *
 * <p><b>When.</b> A free that leaves a block of order at least {@link #order()} on the free lists
 * (after merging) requests reporting ({@code page_reporting_notify_free} at the end of
 * {@code __free_one_page}). A request from the idle state schedules one pass after a delay
 * ({@code PAGE_REPORTING_DELAY}, 2 s; the caller's {@code scheduleWork} does that); a request
 * while a pass is scheduled or running only notes that another pass is wanted. Registering the
 * driver requests the first pass ("initial flush of zones"). At the end of a pass the driver goes
 * idle, unless a request came in meanwhile or the pass ran out of budget, in which case it
 * schedules another pass after the same delay.
 *
 * <p><b>A pass</b> ({@code page_reporting_process}, {@code page_reporting_process_zone},
 * {@code page_reporting_cycle}). The guest has one zone. If its free pages are not above the low
 * watermark plus {@code capacity} blocks of the reporting order, the pass does nothing. Otherwise,
 * for each order from the reporting order up, it walks the free list from the head, skipping
 * blocks already reported, and collects unreported blocks into a list of {@code capacity} (32,
 * {@code PAGE_REPORTING_CAPACITY}) entries; each full list is one report to the host, and the walk
 * then starts again at the head. A list of {@code n} free blocks gets a budget of
 * {@code ceil(n / (capacity * 16))} reports plus one, about a sixteenth of the list per pass ("all
 * pages on an idle system in about 30 seconds"); meeting an unreported block with the budget
 * spent asks for another pass. What is left in the list at the end is reported too.
 *
 * <p><b>A report.</b> Each block in it is isolated from its free list
 * ({@link DriverApi#isolateFreePage}), the host discards every frame of it
 * ({@link DriverApi#release}, QEMU's {@code ram_block_discard_range} for the reporting queue), and
 * it goes back to its free list, at the tail, marked reported ({@link DriverApi#putbackIsolatedPage},
 * {@link DriverApi#setPageReported}, as {@code page_reporting_drain} does). The guest keeps using
 * the blocks: allocation clears the mark, and the first touch of a reused frame is a host zero
 * fill. In this single-threaded model a report is synchronous and nothing else runs during a
 * pass, so a block is isolated for its report only, where Linux isolates it as it lists it (to
 * keep it from being allocated meanwhile): the same blocks, reported in the same order. The
 * watermark check of {@code __isolate_free_page} is implied by the zone check above.
 *
 * <p>It reaches the kernel through its driver API ({@link DriverApi}) and the kernel's public
 * queries only.
 *
 * <p>Not modelled: migrate types (one free list per order), and guests backed by 2 MiB frames,
 * which this driver refuses (the host's release is per 4 KiB frame here).
 */
public final class FreePageReporting {
    /** {@code PAGE_REPORTING_CAPACITY}: blocks per report. */
    public static final int DEFAULT_CAPACITY = 32;
    /** A pass reports about {@code 1 / PASS_DIVISOR} of a free list ({@code page_reporting_cycle}). */
    static final int PASS_DIVISOR = 16;

    private enum State { IDLE, REQUESTED, ACTIVE }

    private final GuestKernel kernel;
    private final DriverApi api;
    private final int order;
    private final int capacity;
    private final Runnable scheduleWork;
    private final int[] list;
    private State state = State.IDLE;
    private int offset;
    private long passes;
    private long reports;
    private long blocksReported;
    private long framesReported;
    private long zoneSkips;

    /**
     * Registers free page reporting on {@code kernel}: blocks of order {@code order} and above,
     * {@code capacity} per report. {@code scheduleWork} is called whenever a pass must run after
     * the reporting delay; the caller then calls {@link #process} once, at that time.
     */
    public FreePageReporting(GuestKernel kernel, int order, int capacity, Runnable scheduleWork) {
        DriverApi.checkOrder(order);
        if (capacity <= 0) {
            throw new IllegalArgumentException("reporting capacity must be positive, was " + capacity);
        }
        if (kernel.config().largeFrames()) {
            throw new IllegalArgumentException("free page reporting is modelled for guests backed by 4 KiB frames only");
        }
        this.kernel = kernel;
        this.api = kernel.driverApi();
        this.order = order;
        this.capacity = capacity;
        this.scheduleWork = java.util.Objects.requireNonNull(scheduleWork, "scheduleWork");
        this.list = new int[capacity];
        api.addBuddyListener(new BuddyListener() {
            @Override
            public void freed(int frame, int freedOrder, int head, int mergedOrder) {
                if (mergedOrder >= FreePageReporting.this.order) {
                    request();
                }
            }
        });
        request();
    }

    public int order() {
        return order;
    }

    /** The order a guest of {@code arch} reports from when {@code page_reporting_order} is not set. */
    public static int defaultOrder(Arch arch) {
        return arch.pageblockOrder();
    }

    public int capacity() {
        return capacity;
    }

    /** Passes run, reports made (host round trips), blocks and 4 KiB frames reported, passes skipped for low memory. */
    public long passes() {
        return passes;
    }

    public long reports() {
        return reports;
    }

    public long blocksReported() {
        return blocksReported;
    }

    public long framesReported() {
        return framesReported;
    }

    public long zoneSkips() {
        return zoneSkips;
    }

    /** Whether a pass is scheduled and not yet run (or running). */
    public boolean pending() {
        return state != State.IDLE;
    }

    /** One pass ({@code page_reporting_process}); returns how many reports it made. */
    public int process() {
        if (state == State.IDLE) {
            throw new IllegalStateException("free page reporting ran a pass nobody scheduled");
        }
        long before = reports;
        state = State.ACTIVE;
        passes++;
        processZone();
        if (state == State.REQUESTED) {
            scheduleWork.run();
        } else {
            state = State.IDLE;
        }
        api.quiescentPoint();
        return (int) (reports - before);
    }

    private void request() {
        if (state == State.REQUESTED) {
            return;
        }
        State was = state;
        state = State.REQUESTED;
        if (was == State.IDLE) {
            scheduleWork.run();
        }
    }

    /** page_reporting_process_zone. */
    private void processZone() {
        long watermark = kernel.watermarks().low() + ((long) capacity << order);
        if (kernel.freeFrames() <= watermark) {
            zoneSkips++;
            return;
        }
        offset = capacity;
        for (int o = order; o <= GuestKernel.MAX_ORDER; o++) {
            cycle(o);
        }
        int leftover = capacity - offset;
        if (leftover > 0) {
            report(offset, leftover);
        }
    }

    /** page_reporting_cycle over the free list of order {@code o}. */
    private void cycle(int o) {
        int free = kernel.freeBlocks(o);
        if (free == 0) {
            return;
        }
        long budget = (free + (long) capacity * PASS_DIVISOR - 1) / ((long) capacity * PASS_DIVISOR);
        for (int frame = api.firstFreeBlock(o); frame != DriverApi.NO_BLOCK; ) {
            int next = api.nextFreeBlock(frame);
            if (api.isReported(frame)) {
                frame = next;
                continue;
            }
            if (budget < 0) {
                state = State.REQUESTED;
                return;
            }
            if (offset > 0) {
                list[--offset] = frame;
                frame = next;
                continue;
            }
            report(0, capacity);
            offset = capacity;
            budget--;
            frame = api.firstFreeBlock(o);
        }
    }

    /** One report of the blocks in {@code list[from .. from + n)}: isolated, discarded by the host, put back marked. */
    private void report(int from, int n) {
        for (int i = from; i < from + n; i++) {
            int head = list[i];
            int blockOrder = api.freeOrder(head);
            api.isolateFreePage(head, blockOrder);
            for (int f = head, end = head + (1 << blockOrder); f < end; f++) {
                api.release(f);
            }
            api.putbackIsolatedPage(head, blockOrder);
            api.setPageReported(head);
            framesReported += 1 << blockOrder;
        }
        blocksReported += n;
        reports++;
    }
}
