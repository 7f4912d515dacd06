package org.cmmalab.guestmm.freepagehint;

import java.util.function.IntConsumer;
import org.cmmalab.guestmm.DriverApi;
import org.cmmalab.guestmm.GuestKernel;
import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;

/**
 * Free page hinting for live migration: the guest side of virtio-balloon's
 * {@code VIRTIO_BALLOON_F_FREE_PAGE_HINT} (Wei Wang, Linux 4.20, {@code drivers/virtio/virtio_balloon.c};
 * "[PATCH v36 0/5] Virtio-balloon: support free page reporting", LKML 2018-07-20, docs/sources.md).
 * It acts only while the host migrates the guest: the host starts a hinting
 * round with a command id ({@link #start}); the guest allocates free blocks without reclaim
 * ({@link DriverApi#allocPagesNoReclaim}; {@code get_free_page_and_send}: {@code alloc_pages(VIRTIO_BALLOON_FREE_PAGE_ALLOC_FLAG,
 * VIRTIO_BALLOON_FREE_PAGE_ORDER)}, whose flags {@code __GFP_NORETRY | __GFP_NOWARN |
 * __GFP_NOMEMALLOC} allow neither reclaim nor the reserves below the min watermark) and sends the
 * address of each to the host, which leaves those pages out of the first round of copying; the
 * guest holds the blocks until the host says the round is done ({@link #done}:
 * {@code return_free_pages_to_mm}). A guest that needs memory meanwhile gets the blocks back from
 * the driver's shrinker ({@code virtio_balloon_shrinker_scan}). The host drops nothing: hinted
 * pages stay resident, and a page the guest writes after the hint is caught by the migration's
 * dirty tracking and sent in a later round.
 *
 * <p>The block order is the buddy allocator's largest: {@code VIRTIO_BALLOON_HINT_BLOCK_ORDER} is
 * {@code MAX_PAGE_ORDER} (Linux 6.16; {@code VIRTIO_BALLOON_FREE_PAGE_ORDER}, {@code MAX_ORDER - 1},
 * before), 10: blocks of 4 MiB. The shrinker is modelled as an out-of-memory notifier: it gives all
 * held blocks back before an allocation would fail, where Linux's shrinker runs during reclaim
 * in proportion to reclaim's scanning, earlier. Migration itself is the harness's
 * ({@code org.cmmalab.harness.migration.PreCopy}): it starts a round when a migration starts and
 * says done when the migration ends; QEMU also restarts hinting after every later dirty-bitmap
 * sync while the guest runs, which the harness leaves out.
 *
 * <p>It reaches the kernel through its driver API ({@link DriverApi}) only.
 */
public final class FreePageHint {
    /** The order of the blocks hinted: the buddy allocator's largest (see the class comment). */
    public static final int ORDER = GuestKernel.MAX_ORDER;

    private final DriverApi api;
    private final IntArrayList held = new IntArrayList();
    private long rounds;
    private long hinted;
    private long shrunk;

    /** Loads the driver into {@code kernel}; nothing happens until the host starts a round. */
    public FreePageHint(GuestKernel kernel) {
        this.api = kernel.driverApi();
        api.registerOomNotifier(this::shrink);
    }

    /**
     * A hinting round: takes every free block of {@link #ORDER} the guest can give without reclaim
     * and without going below its min watermark, and hands each block's first frame to
     * {@code host}. Returns how many blocks it hinted.
     */
    public int start(IntConsumer host) {
        if (!held.isEmpty()) {
            throw new IllegalStateException("a hinting round is running already: " + held.size() + " blocks held");
        }
        rounds++;
        int n = 0;
        int frame;
        while ((frame = api.allocPagesNoReclaim(ORDER)) != GuestKernel.NO_PAGE) {
            held.add(frame);
            host.accept(frame);
            n++;
        }
        hinted += n;
        return n;
    }

    /** The host's "done": every held block goes back to the free lists. Returns how many. */
    public int done() {
        int n = giveBack();
        api.quiescentPoint();
        return n;
    }

    /** Blocks held now. */
    public int held() {
        return held.size();
    }

    /** Whether {@code frame} lies in a block held now. */
    public boolean holds(int frame) {
        int head = frame >>> ORDER << ORDER;
        return held.contains(head);
    }

    /** Rounds started, blocks hinted in all, blocks the shrinker gave back early. */
    public long rounds() {
        return rounds;
    }

    public long hinted() {
        return hinted;
    }

    public long shrunk() {
        return shrunk;
    }

    /** The shrinker: the guest needs memory, so every held block goes back now. */
    private int shrink() {
        int n = giveBack();
        shrunk += n;
        return n << ORDER;
    }

    private int giveBack() {
        int n = held.size();
        for (int i = n - 1; i >= 0; i--) {
            api.freePages(held.get(i), ORDER);
        }
        held.clear();
        return n;
    }
}
