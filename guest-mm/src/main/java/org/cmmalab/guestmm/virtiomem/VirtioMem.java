package org.cmmalab.guestmm.virtiomem;

import java.util.BitSet;
import org.cmmalab.guestmm.Arch;
import org.cmmalab.guestmm.ContentToken;
import org.cmmalab.guestmm.DriverApi;
import org.cmmalab.guestmm.GuestKernel;

/**
 * A virtio-mem device and its guest driver in Sub Block Mode: Linux
 * {@code drivers/virtio/virtio_mem.c} (Hildenbrand; Linux 5.8 and later; {@code virtio_mem_run_wq},
 * {@code virtio_mem_sbm_plug_request}, {@code virtio_mem_sbm_unplug_request},
 * {@code virtio_mem_sbm_unplug_any_sb_online}, {@code virtio_mem_fake_offline}), against QEMU's
 * device ({@code hw/virtio/virtio-mem.c}, QEMU 5.1 and later), which discards the memory of every
 * block unplugged ({@code ram_block_discard_range}).
 *
 * <p><b>Layout.</b> The guest's physical memory is its maximum size: its boot memory, then the
 * device's region, a whole number of Linux memory blocks ({@link Arch#memoryBlockMiB}), each cut
 * into subblocks (the larger of the device block size and {@code pageblock_order}'s block). A
 * subblock is plugged (its frames belong to the buddy allocator, the guest's to use) or unplugged
 * (its frames belong to the device and the host holds nothing for them). The driver takes the
 * region's frames when it is made, as if the guest had booted without them, and plugs its initial
 * size, as it does at probe.
 *
 * <p><b>Plug</b> (toward a larger requested size): first the unplugged subblocks of memory blocks
 * already added, lowest block and subblock first; then further memory blocks, lowest first, each
 * first added to Linux: its page descriptors ({@code struct page}, 64 bytes per 4 KiB page, 2 MiB
 * for a 128 MiB block) are allocated and written, unmovable kernel memory. With the hot-plugged
 * memory in ZONE_MOVABLE ({@code memhp_default_state=online_movable}, or the {@code auto-movable}
 * online policy: what virtio-mem's and Firecracker's documentation recommend for unplug) they come
 * from boot memory only, reclaiming there if none is free ({@link DriverApi#allocPageBelow}); in
 * ZONE_NORMAL from anywhere, hot-plugged memory included. A plugged subblock's frames go to the
 * buddy allocator ({@code virtio_mem_fake_online}). Each request to the device is one round trip.
 *
 * <p><b>Unplug</b> (toward a smaller one): memory blocks partly plugged first, then fully plugged
 * ones, the highest first; a whole block at once when that much is to go, else subblocks from the
 * highest. A subblock is emptied by {@code alloc_contig_range} ({@link DriverApi#allocContigRange}:
 * clean page cache dropped, other pages migrated); if a page there cannot move (page descriptors,
 * a driver's pages) the subblock is busy and the next one is tried. An emptied subblock is
 * unplugged: the host discards its frames. A memory block with nothing plugged left is offlined
 * and removed, freeing its page descriptors. If migration runs out of memory the request stops; if
 * busy subblocks kept it short, the caller retries later (the driver's retry timer).
 *
 * <p>The page descriptors are written once and never read here (this kernel keeps its own in
 * Java), so a host under pressure may page them out as cold; a real guest touches them with every
 * page operation. Not modelled: Big Block Mode, the device's NUMA node, and the guest's
 * {@code offline_threshold} (memory is onlined at once here). Guests backed by 2 MiB frames and
 * guests of more than one vCPU are refused (page migration is modelled for one).
 */
public final class VirtioMem {
    /** What a {@link #process} run came to, as {@code virtio_mem_run_wq}'s return codes. */
    public enum Result {
        /** The plugged size reached the requested one. */
        DONE,
        /** Busy subblocks (unmovable pages) kept an unplug short: retry later ({@code -EBUSY}). */
        BUSY,
        /** Memory ran out: for a migration target or for page descriptors ({@code -ENOMEM}). */
        NO_MEMORY
    }

    /** Page descriptors per page: {@code sizeof(struct page)} 64 bytes per 4 KiB. */
    public static final int PAGES_PER_MEMMAP_PAGE = 4096 / 64;
    /** The object number of page-descriptor frames in {@link ContentToken#kernel} tokens. */
    private static final int MEMMAP_OBJECT = 2;

    private final GuestKernel kernel;
    private final DriverApi api;
    private final int first;
    private final int subblockFrames;
    private final int subblocksPerBlock;
    private final int blocks;
    private final int memmapFrames;
    private final boolean movable;
    private final BitSet plugged = new BitSet();
    /** Per memory block, the frames of its page descriptors; null while it is not added. */
    private final int[][] memmap;
    private long requestedFrames;
    private long pluggedFrames;
    private long requests;
    private long busySubblocks;
    private long movedFrames;
    private int memmapSerial;
    /** Set when a migration found no memory: the request stops. */
    private boolean outOfMemory;

    /**
     * A device whose region is frames {@code first} to {@code first + blocks * memoryBlockFrames}
     * of {@code kernel}, in subblocks of {@code subblockFrames}, its hot-plugged memory in
     * ZONE_MOVABLE if {@code movable}; it takes the region and plugs {@code initialFrames} at once.
     */
    public VirtioMem(GuestKernel kernel, int first, int blocks, int memoryBlockFrames, int subblockFrames,
                     boolean movable, long initialFrames) {
        if (kernel.config().largeFrames() || kernel.config().vcpus() != 1) {
            throw new IllegalArgumentException("virtio-mem is modelled for guests of one vCPU backed by 4 KiB frames");
        }
        if (Integer.bitCount(subblockFrames) != 1 || memoryBlockFrames % subblockFrames != 0
                || memoryBlockFrames / subblockFrames < 2 || first % memoryBlockFrames != 0 || blocks < 1
                || first + (long) blocks * memoryBlockFrames > kernel.frames()) {
            throw new IllegalArgumentException("a virtio-mem region of " + blocks + " memory blocks of "
                    + memoryBlockFrames + " frames from frame " + first + " in subblocks of " + subblockFrames
                    + " does not fit a guest of " + kernel.frames() + " frames");
        }
        this.kernel = kernel;
        this.api = kernel.driverApi();
        this.first = first;
        this.subblockFrames = subblockFrames;
        this.subblocksPerBlock = memoryBlockFrames / subblockFrames;
        this.blocks = blocks;
        this.memmapFrames = memoryBlockFrames / PAGES_PER_MEMMAP_PAGE;
        this.movable = movable;
        this.memmap = new int[blocks][];
        int n = blocks * memoryBlockFrames;
        if (api.allocContigRange(first, n) != DriverApi.CONTIG_DONE) {
            throw new IllegalStateException("virtio-mem could not take its region of " + n + " frames from frame "
                    + first + ": pages there that cannot move");
        }
        api.releaseRun(first, n);
        api.releaseRequestDone();
        setRequested(initialFrames);
        if (process() != Result.DONE) {
            throw new IllegalStateException("virtio-mem could not plug its initial " + initialFrames + " frames");
        }
    }

    /** The region's size in frames. */
    public long regionFrames() {
        return (long) blocks * subblocksPerBlock * subblockFrames;
    }

    public long pluggedFrames() {
        return pluggedFrames;
    }

    public long requestedFrames() {
        return requestedFrames;
    }

    public int subblockFrames() {
        return subblockFrames;
    }

    /** Guest frames holding page descriptors of added memory blocks now. */
    public long memmapFrames() {
        long n = 0;
        for (int[] m : memmap) {
            n += m == null ? 0 : m.length;
        }
        return n;
    }

    /** Requests sent to the device (round trips) since the start. */
    public long requests() {
        return requests;
    }

    /** Subblocks found busy since the start. */
    public long busySubblocks() {
        return busySubblocks;
    }

    /** Frames plugged plus frames unplugged since the start. */
    public long movedFrames() {
        return movedFrames;
    }

    /** The host sets the requested size ({@code requested_size}), rounded up to whole subblocks and kept within the region. */
    public void setRequested(long frames) {
        long sb = (Math.max(0, Math.min(regionFrames(), frames)) + subblockFrames - 1) / subblockFrames;
        requestedFrames = sb * subblockFrames;
    }

    /** virtio_mem_run_wq: plugs or unplugs toward the requested size; a piece of driver work. */
    public Result process() {
        Result r;
        if (requestedFrames > pluggedFrames) {
            r = plug((int) ((requestedFrames - pluggedFrames) / subblockFrames));
        } else if (requestedFrames < pluggedFrames) {
            r = unplug((int) ((pluggedFrames - requestedFrames) / subblockFrames));
        } else {
            r = Result.DONE;
        }
        api.quiescentPoint();
        return r;
    }

    private Result plug(int wanted) {
        for (int mb = 0; mb < blocks && wanted > 0; mb++) {
            if (memmap[mb] != null) {
                wanted = plugIn(mb, wanted);
            }
        }
        for (int mb = 0; mb < blocks && wanted > 0; mb++) {
            if (memmap[mb] == null) {
                if (!addBlock(mb)) {
                    return Result.NO_MEMORY;
                }
                wanted = plugIn(mb, wanted);
            }
        }
        return Result.DONE;
    }

    /** Plugs up to {@code wanted} unplugged subblocks of block {@code mb}, lowest first, a request per run; returns what is left. */
    private int plugIn(int mb, int wanted) {
        int sb0 = mb * subblocksPerBlock;
        for (int sb = sb0; sb < sb0 + subblocksPerBlock && wanted > 0; ) {
            if (plugged.get(sb)) {
                sb++;
                continue;
            }
            int run = 0;
            while (sb + run < sb0 + subblocksPerBlock && run < wanted && !plugged.get(sb + run)) {
                run++;
            }
            requests++;
            plugged.set(sb, sb + run);
            int lo = frameOf(sb);
            api.freePageRun(lo, lo + run * subblockFrames - 1);
            pluggedFrames += (long) run * subblockFrames;
            movedFrames += (long) run * subblockFrames;
            wanted -= run;
            sb += run;
        }
        return wanted;
    }

    private Result unplug(int wanted) {
        outOfMemory = false;
        for (boolean partial : new boolean[] {true, false}) {
            for (int mb = blocks - 1; mb >= 0 && wanted > 0 && !outOfMemory; mb--) {
                int n = pluggedIn(mb);
                if (n == 0 || (n < subblocksPerBlock) != partial) {
                    continue;
                }
                wanted = unplugIn(mb, wanted);
                if (pluggedIn(mb) == 0) {
                    removeBlock(mb);
                }
            }
        }
        return outOfMemory ? Result.NO_MEMORY : wanted == 0 ? Result.DONE : Result.BUSY;
    }

    /**
     * virtio_mem_sbm_unplug_any_sb_online: block {@code mb}'s subblocks, the whole block at once if
     * that much is wanted, else one at a time from the highest, busy ones skipped; returns how many
     * of {@code wanted} are left.
     */
    private int unplugIn(int mb, int wanted) {
        int sb0 = mb * subblocksPerBlock;
        if (wanted >= subblocksPerBlock && pluggedIn(mb) == subblocksPerBlock && offlineAndUnplug(sb0, subblocksPerBlock)) {
            return wanted - subblocksPerBlock;
        }
        for (int sb = sb0 + subblocksPerBlock - 1; sb >= sb0 && wanted > 0 && !outOfMemory; sb--) {
            if (plugged.get(sb) && offlineAndUnplug(sb, 1)) {
                wanted--;
            }
        }
        return wanted;
    }

    /** virtio_mem_sbm_unplug_sb_online: empties {@code count} subblocks from {@code sb} and unplugs them; whether it could. */
    private boolean offlineAndUnplug(int sb, int count) {
        int lo = frameOf(sb);
        int n = count * subblockFrames;
        int r = api.allocContigRange(lo, n);
        if (r != DriverApi.CONTIG_DONE) {
            if (r == DriverApi.CONTIG_NO_MEMORY) {
                outOfMemory = true;
            } else if (count == 1) {
                busySubblocks++; // a whole block found busy is tried again subblock by subblock
            }
            return false;
        }
        requests++;
        api.releaseRun(lo, n);
        api.releaseRequestDone();
        plugged.clear(sb, sb + count);
        pluggedFrames -= n;
        movedFrames += n;
        return true;
    }

    /** Adds memory block {@code mb} to Linux: allocates and writes its page descriptors; false if memory ran out. */
    private boolean addBlock(int mb) {
        int[] frames = new int[memmapFrames];
        for (int i = 0; i < memmapFrames; i++) {
            int f = movable ? api.allocPageBelow(first) : api.allocPages(0);
            if (f == GuestKernel.NO_PAGE) {
                for (int j = 0; j < i; j++) {
                    api.freePages(frames[j], 0);
                }
                return false;
            }
            frames[i] = f;
            api.storeDriverPage(f, ContentToken.kernel(kernel.config().guest(), MEMMAP_OBJECT, mb, memmapSerial++));
        }
        memmap[mb] = frames;
        return true;
    }

    /** Offlines and removes memory block {@code mb}: its page descriptors are freed. */
    private void removeBlock(int mb) {
        for (int f : memmap[mb]) {
            api.freePages(f, 0);
        }
        memmap[mb] = null;
    }

    private int pluggedIn(int mb) {
        int sb0 = mb * subblocksPerBlock;
        return plugged.get(sb0, sb0 + subblocksPerBlock).cardinality();
    }

    private int frameOf(int sb) {
        return first + sb * subblockFrames;
    }
}
