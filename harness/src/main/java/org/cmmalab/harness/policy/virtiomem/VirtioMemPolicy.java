package org.cmmalab.harness.policy.virtiomem;

import java.util.List;
import org.cmmalab.guestmm.Arch;
import org.cmmalab.guestmm.GuestKernel;
import org.cmmalab.guestmm.virtiomem.VirtioMem;
import org.cmmalab.harness.InputError;
import org.cmmalab.harness.policy.GuestHandle;
import org.cmmalab.harness.policy.Mechanism;
import org.cmmalab.harness.policy.Policy;
import org.cmmalab.harness.policy.RunContext;
import org.cmmalab.harness.yaml.YamlMapping;

/**
 * {@code virtio-mem}: each guest's memory beyond its boot memory is a virtio-mem device's region
 * ({@link VirtioMem}; Linux {@code drivers/virtio/virtio_mem.c}, 5.8 and later; QEMU
 * {@code hw/virtio/virtio-mem.c}, 5.1 and later), resized by a host-side controller. The guest's
 * physical memory is its maximum ({@code maxMemoryMiB}); it boots with {@code memoryMiB} plugged,
 * and no balloon.
 *
 * <p><b>The device.</b> {@code bootMiB}: the guest's boot memory, which virtio-mem cannot unplug;
 * by default the smallest whole number of memory blocks that is at least the maximum over 4.01, so
 * that Linux's {@code auto-movable} online policy, with its default {@code auto_movable_ratio} of
 * 301%, would put all of the device's memory in ZONE_MOVABLE ({@code mm/memory_hotplug.c}). The
 * region is the rest of the maximum, in memory blocks of the guests' architecture
 * ({@code host.arch}: 128 MiB on x86 and on s390, {@link Arch#memoryBlockMiB}). {@code blockMiB}:
 * the device block size, by default QEMU's (the host's transparent huge page size: 2 MiB on x86,
 * 1 MiB on s390); subblocks are the larger of it and the pageblock. {@code zone}: {@code movable}
 * (the default, as virtio-mem's and Firecracker's documentation recommend for unplug) or
 * {@code normal}.
 *
 * <p><b>The controller</b>, a simple one after Hyper-V's Dynamic Memory (every VMM brings its own;
 * QEMU has none): every {@code intervalSeconds} (1, the Linux Hyper-V balloon driver's status
 * interval) the guest's demand is its committed memory ({@code Committed_AS}) plus the floor
 * {@code drivers/hv/hv_balloon.c}'s {@code compute_balloon_floor} adds for a guest of its current
 * size, as the Linux driver reports it; the requested size is that demand plus {@code buffer}
 * (0.20, Hyper-V's default memory buffer), less boot memory, within the region. Page cache is no
 * demand: a guest that holds files in its cache loses them when it is shrunk.
 *
 * <p><b>Costs.</b> The driver works on the guest's vCPU when the requested size changes, and on its
 * retry timer after a short unplug (50 s, doubling to 300 s: {@code VIRTIO_MEM_RETRY_TIMER_MIN_MS},
 * {@code _MAX_MS}): each request to the device is a virtqueue round trip
 * ({@code costs.balloonRoundTripNs}); each migrated page costs {@code migrateMicros} (2, our
 * estimate of unmapping, copying 4 KiB and remapping) beyond its load and store; reclaim and I/O
 * are charged as any; in {@code driverCpuMs}. Plugged and unplugged memory is counted in
 * {@code hotplugPages}, migrated pages in {@code migratedPages}. Guests of one vCPU backed by 4 KiB
 * frames only ({@link VirtioMem} says why).
 */
public final class VirtioMemPolicy implements Policy {
    private static final int FRAMES_PER_MIB = 256;
    /** {@code auto_movable_ratio}'s default, 301%: movable memory up to 3.01 times the kernel's. */
    static final double AUTO_MOVABLE_RATIO = 3.01;
    private static final long RETRY_MIN_NANOS = 50_000_000_000L;
    private static final long RETRY_MAX_NANOS = 300_000_000_000L;

    private final int bootMiB;
    private final double blockMiB;
    private final boolean movable;
    private final long intervalNanos;
    private final double buffer;
    private final long migrateNanos;

    private VirtioMemPolicy(int bootMiB, double blockMiB, boolean movable, long intervalNanos, double buffer,
                            long migrateNanos) {
        this.bootMiB = bootMiB;
        this.blockMiB = blockMiB;
        this.movable = movable;
        this.intervalNanos = intervalNanos;
        this.buffer = buffer;
        this.migrateNanos = migrateNanos;
    }

    public static VirtioMemPolicy parse(YamlMapping p) {
        VirtioMemPolicy v = new VirtioMemPolicy(
                (int) p.integer("bootMiB", 0, 0, 1 << 22),
                p.number("blockMiB", 0, 0, 1 << 20),
                p.choice("zone", "movable", List.of("movable", "normal")).equals("movable"),
                Math.round(p.number("intervalSeconds", 1, 1e-3, 1e6) * 1e9),
                p.number("buffer", 0.20, 0, 10),
                Math.round(p.number("migrateMicros", 2, 0, 1e6) * 1000));
        if (v.blockMiB != 0 && Long.bitCount(Math.round(v.blockMiB * FRAMES_PER_MIB)) != 1) {
            throw p.error("blockMiB", "blockMiB must be a power of two of 4 KiB pages, was " + v.blockMiB);
        }
        p.done();
        return v;
    }

    @Override
    public String name() {
        return "virtio-mem";
    }

    @Override
    public boolean sizesGuestMemory() {
        return true;
    }

    @Override
    public String largeFramesRefused() {
        return "the model's virtio-mem migrates pages of guests backed by 4 KiB frames only";
    }

    @Override
    public List<Mechanism> mechanisms() {
        return List.of(new Mechanism.HotplugBlocks());
    }

    @Override
    public void start(RunContext run) {
        Arch arch = run.arch();
        int blockFrames = arch.memoryBlockMiB() * FRAMES_PER_MIB;
        int pageblock = 1 << arch.pageblockOrder();
        int subblockFrames = Math.max(pageblock, blockMiB == 0 ? pageblock : (int) Math.round(blockMiB * FRAMES_PER_MIB));
        if (subblockFrames * 2 > blockFrames) {
            throw new InputError("virtio-mem.blockMiB " + blockMiB + " leaves less than two subblocks per "
                    + arch.memoryBlockMiB() + " MiB memory block (Big Block Mode is not modelled)");
        }
        for (GuestHandle vm : run.guests()) {
            int maxMiB = vm.frames() / FRAMES_PER_MIB;
            int memoryMiB = vm.memoryFrames() / FRAMES_PER_MIB;
            int block = arch.memoryBlockMiB();
            int boot = bootMiB != 0 ? bootMiB : defaultBootMiB(maxMiB, block);
            int regionMiB = maxMiB - boot;
            if (boot % block != 0 || regionMiB < block || regionMiB % block != 0 || boot > memoryMiB) {
                throw new InputError("virtio-mem: guest " + vm.name() + " (memoryMiB " + memoryMiB + ", maxMemoryMiB "
                        + maxMiB + ") needs boot memory of whole " + block + " MiB memory blocks, no more than its "
                        + "memoryMiB, and at least one more block for the device; boot memory was " + boot + " MiB");
            }
            if (vm.kernel().config().vcpus() != 1) {
                throw new InputError("virtio-mem: guest " + vm.name() + " has " + vm.kernel().config().vcpus()
                        + " vCPUs; the model's page migration, which unplugging needs, is for guests of one vCPU");
            }
            VirtioMem device = new VirtioMem(vm.kernel(), boot * FRAMES_PER_MIB, regionMiB / block, blockFrames,
                    subblockFrames, movable, (long) (memoryMiB - boot) * FRAMES_PER_MIB);
            new Controller(run, vm, device, (long) boot * FRAMES_PER_MIB).start();
        }
    }

    /** The smallest boot memory, in whole memory blocks, under which all of the rest can be ZONE_MOVABLE. */
    static int defaultBootMiB(int maxMiB, int memoryBlockMiB) {
        int least = (int) Math.ceil(maxMiB / (1 + AUTO_MOVABLE_RATIO));
        return Math.max(1, (least + memoryBlockMiB - 1) / memoryBlockMiB) * memoryBlockMiB;
    }

    /**
     * {@code compute_balloon_floor} ({@code drivers/hv/hv_balloon.c}): the memory a Linux guest of
     * {@code pages} pages reports to Hyper-V as needed beyond its committed memory, a piecewise
     * linear function of its size.
     */
    static long balloonFloor(long pages) {
        long mib = FRAMES_PER_MIB;
        if (pages < 128 * mib) {
            return 8 * mib + (pages >> 1);
        } else if (pages < 512 * mib) {
            return 40 * mib + (pages >> 2);
        } else if (pages < 2048 * mib) {
            return 104 * mib + (pages >> 3);
        } else if (pages < 8192 * mib) {
            return 232 * mib + (pages >> 4);
        }
        return 488 * mib + (pages >> 5);
    }

    /** One guest's controller and its device's work queue. */
    private final class Controller {
        private final RunContext run;
        private final GuestHandle vm;
        private final VirtioMem device;
        private final long bootFrames;
        private long retryNanos = RETRY_MIN_NANOS;
        private long retryAt = Long.MAX_VALUE;

        Controller(RunContext run, GuestHandle vm, VirtioMem device, long bootFrames) {
            this.run = run;
            this.vm = vm;
            this.device = device;
            this.bootFrames = bootFrames;
        }

        void start() {
            run.every(intervalNanos, intervalNanos, this::resize);
        }

        /** The controller's rule: the requested size follows demand plus the buffer. */
        private void resize(long now) {
            GuestKernel k = vm.kernel();
            long size = bootFrames + device.pluggedFrames();
            long demand = k.counters().committedPages() + balloonFloor(size);
            long target = (long) Math.ceil(demand * (1 + buffer));
            long before = device.requestedFrames();
            device.setRequested(target - bootFrames);
            if (device.requestedFrames() != before) {
                work(now); // a configuration change runs the driver's work at once
            }
        }

        /** virtio_mem_run_wq on the guest's vCPU; a short unplug sets the retry timer. */
        private void work(long now) {
            retryAt = Long.MAX_VALUE;
            long requests = device.requests();
            long moved = device.movedFrames();
            long migrated = vm.kernel().counters().migratedPages();
            VirtioMem.Result[] r = new VirtioMem.Result[1];
            vm.driverWork(now, 0, () -> r[0] = device.process());
            long extra = (device.requests() - requests) * run.costs().balloonRoundTrip()
                    + (vm.kernel().counters().migratedPages() - migrated) * migrateNanos;
            vm.delay(extra);
            vm.chargeDriver(extra);
            vm.chargeHotplug(device.movedFrames() - moved);
            if (r[0] == VirtioMem.Result.DONE) {
                retryNanos = RETRY_MIN_NANOS;
            } else {
                long at = now + retryNanos;
                retryNanos = Math.min(RETRY_MAX_NANOS, retryNanos * 2);
                retryAt = at;
                run.at(at, t -> {
                    if (retryAt == t) {
                        work(t);
                    }
                });
            }
        }
    }
}
