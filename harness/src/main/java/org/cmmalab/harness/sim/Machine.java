package org.cmmalab.harness.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import org.cmmalab.discardfault.HostedGuest;
import org.cmmalab.guestmm.Arch;
import org.cmmalab.guestmm.GuestCounters;
import org.cmmalab.guestmm.GuestHinting;
import org.cmmalab.guestmm.KernelConfig;
import org.cmmalab.harness.InputError;
import org.cmmalab.harness.policy.GuestHandle;
import org.cmmalab.harness.policy.Policy;
import org.cmmalab.harness.policy.RunContext;
import org.cmmalab.harness.result.Metric;
import org.cmmalab.harness.result.RunResult;
import org.cmmalab.harness.scenario.CostModel;
import org.cmmalab.harness.scenario.Scenario;
import org.cmmalab.harness.workload.Workload;
import org.cmmalab.hostpager.GuestSpace;
import org.cmmalab.hostpager.Host;
import org.cmmalab.hostpager.HostConfig;
import org.cmmalab.hostpager.HostCounters;
import org.cmmalab.hostpager.ReclaimMode;
import org.cmmalab.hostpager.device.DeviceLatency;
import org.cmmalab.hostpager.device.MemoryTier;
import org.cmmalab.pagestates.FrameState;
import org.cmmalab.pagestates.FrameTable;
import org.cmmalab.pagestates.HostMode;
import org.cmmalab.pagestates.StateModel;
import org.cmmalab.pagestates.UsageState;
import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;

/**
 * One run: a host and its guests under one policy at one overcommit ratio, simulated on a
 * virtual clock ({@link EventQueue}).
 *
 * <p>Each vCPU of a guest runs its workload step after step (a guest with several runs them as
 * {@link VcpuThreads}, which interleave at the guest kernel's preemption points). A step's virtual duration is
 * its own CPU time plus the cost model's price of everything the step made happen, read from
 * counter deltas: page references, ESSA, discard faults, host page-ins, page-outs and zero fills
 * (a guest waits for the host's direct reclaim its faults run into), and its own disk and swap
 * I/O, which queues on the guests' storage ({@link GuestStorage}) as host paging queues on the
 * paging device ({@link HostPaging}). Policies' drivers (balloons, free page reports, hooks a
 * policy meters) and the guest's flusher charge the vCPU the same way; host-side daemons are
 * charged to the host. The host balances its free memory in the background every
 * {@value #BALANCE_MILLIS} ms; the write-outs it starts end when the paging device's queue has
 * written them, and guest steps run in between (races 4 and 5). A run is a pure function of scenario, overcommit, policy and seed:
 * nothing reads a wall clock. It lasts
 * {@code durationSeconds}, or ends earlier when every guest's workload has finished its finite job
 * (two kernel builds, say), whose time each guest reports as {@link Metric#JOB_SECONDS}.
 *
 * <p>Every run checks its invariants: no lost page, no page of one guest seen by another, and only
 * legal states in every frame table at the end (a violation of the last is a model bug and stops
 * the run).
 */
public final class Machine {
    /** Host memory each guest needs at least to run: 1 MiB. */
    static final int MIN_HOST_FRAMES_PER_GUEST = 256;
    private static final int BALANCE_MILLIS = 100;
    private static final int FLUSHER_SECONDS = 5;
    public static final long FRAMES_PER_MIB = 256;
    /** A 4 KiB page is eight 512-byte sectors, as a virtual block device counts them. */
    private static final int SECTORS_PER_PAGE = 4096 / 512;
    /** The Xen balloon driver's {@code frame_list}: one page of page numbers per hypercall. */
    private static final int BOOT_BALLOON_BATCH = 512;

    private final Scenario scenario;
    private final Policy policy;
    private final CostModel costs;
    private final Host host;
    private final EventQueue events = new EventQueue();
    private final List<GuestVm> guests = new ArrayList<>();
    private final long endNanos;
    private final long warmupNanos;
    private final double overcommit;
    private final HostPaging paging;
    private final GuestIo guestIo;
    private long totalReferences;
    private final List<Consumer<RunContext>> alongside = new ArrayList<>();
    private final RunContext context = new Context();
    private final RunMeasurements measured;
    private int finishedGuests;

    /** When the run ends, in virtual nanoseconds (it may end earlier: every finite job done). */
    long endNanos() {
        return endNanos;
    }

    public Machine(Scenario scenario, double overcommit, Policy policy) {
        this(scenario, overcommit, policy, storage(scenario));
    }

    /** A machine whose guests' block I/O takes the time {@code guestIo} gives, made for the paging device it may share. */
    Machine(Scenario scenario, double overcommit, Policy policy, Function<DeviceQueue, GuestIo> guestIo) {
        this(scenario, hostFrames(scenario, overcommit), overcommit, policy, guestIo);
    }

    /** The 4 KiB frames the host has for its guests at {@code overcommit}: fixed, or the guests' memory over the ratio. */
    public static long hostFrames(Scenario scenario, double overcommit) {
        return scenario.host().fixedMemory() ? scenario.host().memoryMiB() * FRAMES_PER_MIB
                : (long) (scenario.guestFrames() / overcommit);
    }

    /** A machine whose host has {@code hostFrames} 4 KiB frames for its guests (a density search's host). */
    public static Machine withHostFrames(Scenario scenario, long hostFrames, Policy policy) {
        return new Machine(scenario, hostFrames, scenario.guestFrames() / (double) hostFrames, policy, storage(scenario));
    }

    /** The scenario's guest storage ({@code storage:}). */
    private static Function<DeviceQueue, GuestIo> storage(Scenario scenario) {
        return paging -> GuestStorage.of(scenario.storage(), scenario.guestCount(), paging);
    }

    private Machine(Scenario scenario, long hostFrames, double overcommit, Policy policy,
                    Function<DeviceQueue, GuestIo> guestIo) {
        this.scenario = scenario;
        this.policy = policy;
        this.costs = scenario.costs();
        this.overcommit = overcommit;
        this.endNanos = Math.round(scenario.durationSeconds() * 1e9);
        this.warmupNanos = Math.round(scenario.warmupSeconds() * 1e9);
        long guestFrames = scenario.guestFrames();
        if (hostFrames < (long) MIN_HOST_FRAMES_PER_GUEST * scenario.guestCount()) {
            String cause = scenario.host().fixedMemory() ? "host.memoryMiB" : "overcommit " + overcommit;
            throw new InputError(cause + " leaves " + hostFrames / FRAMES_PER_MIB + " MiB of host memory for "
                    + scenario.guestCount() + " guests; each needs at least " + MIN_HOST_FRAMES_PER_GUEST / FRAMES_PER_MIB
                    + " MiB resident to run");
        }
        if (hostFrames > Integer.MAX_VALUE) {
            throw new InputError("host memory of " + hostFrames / FRAMES_PER_MIB + " MiB is more than this model holds (8 TiB)");
        }
        Scenario.Host h = scenario.host();
        int frames = (int) hostFrames;
        HostMode mode = policy.hostMode(h.mode());
        if (h.xstorMiB() > 0 && mode != HostMode.ZVM) {
            throw new InputError("policy " + policy.name() + " runs the host in " + mode.id()
                    + " mode, which has no expanded storage (host.xstorMiB)");
        }
        if (scenario.largeFrames()) {
            checkLargeFrames(policy, mode);
        }
        GuestHinting hinting = policy.guestHints() ? GuestHinting.forHost(mode) : GuestHinting.NONE;
        HostConfig config = HostConfig.of(frames, guestFrames)
                .withMode(mode)
                .withExpandedStorage((int) (h.xstorMiB() * FRAMES_PER_MIB))
                .withReplacement(h.replacement())
                .withDeviceLatency(new DeviceLatency(costs.pageIn(), costs.pageOut()))
                .withReclaim(ReclaimMode.watermarks((int) (frames * h.lowWatermark()), (int) (frames * h.highWatermark())));
        this.host = new Host(config);
        this.paging = new HostPaging(DeviceQueue.of(h.pagingChannels()), costs);
        this.guestIo = guestIo.apply(paging.device());
        this.measured = new RunMeasurements(host, paging, policy.name(), overcommit, warmupNanos);
        int number = 0;
        int image = 0;
        for (Scenario.GuestGroup g : scenario.guests()) {
            for (int i = 0; i < g.count(); i++) {
                number++;
                int guestFrameCount = (int) (g.maxMemoryMiB() * FRAMES_PER_MIB);
                // The guests of one group are clones of one disk image: their unwritten file
                // pages hold the same content (page sharing can merge them across guests).
                KernelConfig kc = KernelConfig.of(number, hinting)
                        .withSwapPages((int) (policy.swapMiB(g.swapMiB(), g.memoryMiB()) * FRAMES_PER_MIB))
                        .withImage(image)
                        .withVcpus(g.vcpus())
                        .withLargeFrames(g.largeFrames());
                HostedGuest hosted = HostedGuest.boot(host, guestFrameCount, kc);
                SplittableRandom random = new SplittableRandom(scenario.seed() * 0x9E3779B97F4A7C15L + number);
                GuestVm vm = new GuestVm(this, g.name() + "-" + i, number, hosted, g.workload().create(random, guestFrameCount),
                        (int) (g.memoryMiB() * FRAMES_PER_MIB));
                if (!policy.sizesGuestMemory()) {
                    bootBalloon(vm, (int) ((g.maxMemoryMiB() - g.memoryMiB()) * FRAMES_PER_MIB));
                }
                guests.add(vm);
            }
            image++;
        }
    }

    /**
     * Refuses a policy that cannot run the scenario's guests backed by 2 MiB frames: one that runs
     * the host in {@code kvm} mode (KVM with CMMA, which KVM refuses for a guest backed by huge
     * pages: the scenario reader says why), or one whose mechanism the model has only for 4 KiB
     * frames.
     */
    private static void checkLargeFrames(Policy policy, HostMode mode) {
        if (mode == HostMode.KVM) {
            throw new InputError("policy " + policy.name() + " runs the host in kvm mode, and a guest backed by 2 MiB "
                    + "frames (largeFrames: true) cannot run there: KVM enables CMMA only for a guest that is not "
                    + "backed by huge pages");
        }
        String why = policy.largeFramesRefused();
        if (why != null) {
            throw new InputError("policy " + policy.name() + " cannot run guests backed by 2 MiB frames "
                    + "(largeFrames: true): " + why);
        }
    }

    /**
     * A guest whose maximum memory exceeds its memory boots with the difference in its balloon, as
     * a Xen guest started with {@code memory < maxmem} does (the balloon driver's
     * {@code current_pages} start at {@code memory}). Before time 0, so nobody is charged; the
     * balloon sends {@value #BOOT_BALLOON_BATCH} pages per round trip from then on, whichever
     * policy drives it.
     */
    private static void bootBalloon(GuestVm vm, int pages) {
        if (pages > 0 && vm.balloon(BOOT_BALLOON_BATCH).inflate(pages) != pages) {
            throw new IllegalStateException(vm.name + " could not balloon out " + pages + " pages at boot");
        }
    }

    public List<GuestVm> guests() {
        return guests;
    }

    public Host host() {
        return host;
    }

    public EventQueue events() {
        return events;
    }

    public CostModel costs() {
        return costs;
    }

    /** The scenario this run is of. */
    public Scenario scenario() {
        return scenario;
    }

    /**
     * Work this run starts right after its policy's, on the same {@link RunContext}, such as a live
     * migration of every guest; call before {@link #run}.
     */
    public void alongside(Consumer<RunContext> start) {
        alongside.add(start);
    }

    /** Runs the whole simulation and returns its result; {@code progress} is told the virtual time as it passes. */
    public RunResult run(LongConsumer progress) {
        try {
            return simulate(progress);
        } finally {
            for (GuestVm vm : guests) {
                if (vm.threads != null) {
                    vm.threads.stop();
                }
            }
        }
    }

    private RunResult simulate(LongConsumer progress) {
        for (GuestVm vm : guests) {
            vm.workload.boot(vm.kernel());
            if (vm.kernel().vcpus().count() > 1) {
                vm.threads = new VcpuThreads(this, vm, host.counters());
                vm.threads.start(events, 0);
            } else {
                events.at(0, t -> step(vm, t));
            }
            events.every(FLUSHER_SECONDS * 1_000_000_000L, FLUSHER_SECONDS * 1_000_000_000L,
                    t -> driverWork(vm, t, 0, () -> vm.kernel().writeback(t)));
        }
        if (scenario.largeFrames()) {
            events.every(0, BALANCE_MILLIS * 1_000_000L, this::reorganizeLargeFrames); // before balance: it sees the pressure
        }
        events.every(0, BALANCE_MILLIS * 1_000_000L, this::balance);
        long sample = Math.round(scenario.host().sampleSeconds() * 1e9);
        events.every(0, sample, t -> {
            measured.sample(t);
            progress.accept(t);
        });
        events.at(warmupNanos, t -> measured.markWarm(guests));
        policy.start(context);
        alongside.forEach(start -> start.accept(context));
        events.runUntil(endNanos);
        progress.accept(endNanos);
        checkStates();
        return measured.result(guests, Math.min(events.now(), endNanos));
    }

    /**
     * The host's background reclaim at {@code now}: write-outs it starts are in flight for their
     * time in the paging device's queue, and each ends ({@link GuestSpace#finishWriteOut(int, int)})
     * at the virtual time the device has written its last page, an event like any other, so that
     * the guests' steps before it may store to the unit (race 4), free it or give it back (race 5).
     */
    private void balance(long now) {
        if (!host.needsBalance()) {
            return;
        }
        MemoryTier x = host.device().tier();
        long outs = host.counters().pageOuts(), xOuts = x.writes(), migrated = x.migrated();
        List<GuestSpace> guests = new ArrayList<>();
        IntArrayList frames = new IntArrayList();
        IntArrayList pages = new IntArrayList();
        IntArrayList tickets = new IntArrayList();
        host.balance((guest, frame, n, ticket) -> {
            guests.add(guest);
            frames.add(frame);
            pages.add(n);
            tickets.add(ticket);
        });
        long[] done = paging.background(now, host.counters().pageOuts() - outs, x.writes() - xOuts,
                x.migrated() - migrated, pages.toArray());
        measured.chargeHost(paging.hostNanos(x.writes() - xOuts, x.migrated() - migrated));
        for (int i = 0; i < done.length; i++) {
            GuestSpace guest = guests.get(i);
            int frame = frames.get(i);
            int ticket = tickets.get(i);
            events.at(done[i], t -> guest.finishWriteOut(frame, ticket));
        }
    }

    /**
     * The host's step on the 2 MiB frames of the guests backed by them, every
     * {@value #BALANCE_MILLIS} ms: one run of each such guest, in turn, is split if the host is
     * short of memory, so that reclaim can take its 4 KiB frames one by one and a later fault
     * brings back 4 KiB, not 2 MiB; or merged again if it is split and its 512 frames agree. A
     * Linux host does both to transparent huge pages (it splits one to reclaim part of it, and
     * khugepaged collapses runs back); how often is the model's choice, fixed so that every run of
     * a guest is looked at every few seconds. It runs before the host's balance at the same
     * instant, so that it sees the pressure the guests made since the last one. A split or merge of
     * a run the guest is using (stable: it holds pages the guest's vCPUs go on loading, storing and
     * hinting across the change) counts for race 6; a simulation's host step never runs inside a
     * single guest operation, so what it tests is that every operation after it finds the run whole.
     */
    private void reorganizeLargeFrames(long now) {
        for (GuestVm vm : guests) {
            if (!vm.kernel().config().largeFrames()) {
                continue;
            }
            GuestSpace space = vm.space();
            FrameTable table = space.table();
            int run = vm.largeHand;
            vm.largeHand = (run + 1) % table.largeFrames();
            boolean inUse = FrameState.usage(space.state(run * table.framesPerLarge())) == UsageState.STABLE;
            boolean changed = space.isLarge(run) ? host.needsBalance() && space.split(run) : space.merge(run);
            if (changed && inUse) {
                vm.splitsAndMergesInUse++;
            }
        }
    }

    /**
     * Driver work on a guest's vCPU at {@code now} (a balloon moving pages, the flusher): charged
     * like a step, plus {@code extraNanos} the counters cannot see, and delaying the guest's next
     * step by as much.
     */
    long driverWork(GuestVm vm, long now, long extraNanos, Runnable work) {
        long cost = charge(vm, Math.max(now, vm.busyUntil), work) + extraNanos;
        vm.busyUntil = Math.max(vm.busyUntil, now) + cost;
        return cost;
    }

    private void step(GuestVm vm, long now) {
        if (now < vm.busyUntil) {
            events.at(vm.busyUntil, t -> step(vm, t));
            return;
        }
        Workload.Step s = vm.step;
        s.clear();
        long cost = charge(vm, now, () -> vm.workload.step(vm.kernel(), now, s)) + s.cpuNanos();
        stepDone(vm, s, cost, now);
        vm.busyUntil = now + cost;
        if (s.isFinished()) {
            jobDone(vm, vm.busyUntil);
            return;
        }
        long next = vm.busyUntil + s.sleepNanos();
        if (next < endNanos) {
            events.at(next, t -> step(vm, t));
        }
    }

    /** A step of {@code vm}'s workload that started at {@code start} took {@code latency}: counted if it started warm. */
    void stepDone(GuestVm vm, Workload.Step s, long latency, long start) {
        if (start >= warmupNanos) {
            if (s.isRequest()) {
                vm.requests++;
                vm.latencyMicros.recordValue(Math.min(vm.latencyMicros.getHighestTrackableValue(), Math.max(1, latency / 1000)));
            }
            if (s.isFailed()) {
                vm.tally.add(Metric.GUEST_OOMS, 1);
            }
        }
    }

    /** {@code vm}'s finite job was done at {@code end}; the run ends when every guest's is. */
    void jobDone(GuestVm vm, long end) {
        if (vm.finishedAt >= 0) {
            return; // another vCPU of the guest finished first
        }
        vm.finishedAt = end;
        if (++finishedGuests == guests.size()) {
            events.at(end, t -> events.stop()); // every job is done: nothing left to measure
        }
    }

    /**
     * Runs {@code work} for {@code vm}, starting at {@code now}, and returns what it cost in
     * virtual time, adding it to the guest's tally. Host page-ins and the page-outs of direct
     * reclaim wait in the paging device's queue, the guest's own disk and swap I/O in its storage
     * device's.
     */
    long charge(GuestVm vm, long now, Runnable work) {
        GuestCounters gc = vm.kernel().counters();
        HostCounters hc = host.counters();
        var d = vm.guest.delivery();
        long refs = d.accesses(), delivered = d.delivered(), essa = gc.essaTotal();
        long pageIns = hc.pageIns(), pageOuts = hc.pageOuts(), discards = hc.discards(), zeroFills = hc.zeroFills();
        long reads = gc.diskReads(), writes = gc.diskWrites(), swapIns = gc.swapIns(), swapOuts = gc.swapOuts();
        long fsStores = gc.frontswapStores(), fsLoads = gc.frontswapLoads(), migratedPages = gc.migratedPages();
        MemoryTier x = host.device().tier();
        long xIns = x.reads(), xOuts = x.writes(), migrated = x.migrated();
        List<LongSupplier> ms = vm.meters;
        long metered = metered(ms);
        work.run();
        long dDriver = metered(ms) - metered;
        long dRefs = d.accesses() - refs, dFaults = d.delivered() - delivered, dEssa = gc.essaTotal() - essa;
        long dIns = hc.pageIns() - pageIns, dOuts = hc.pageOuts() - pageOuts, dZero = hc.zeroFills() - zeroFills;
        long dReads = gc.diskReads() - reads, dWrites = gc.diskWrites() - writes;
        long dSwapIns = gc.swapIns() - swapIns, dSwapOuts = gc.swapOuts() - swapOuts;
        MetricTally l = vm.tally;
        l.add(Metric.DRIVER_CPU_MS, dDriver);
        l.add(Metric.DISCARD_FAULTS, dFaults);
        l.add(Metric.ESSA_OPS, dEssa);
        l.add(Metric.HOST_PAGE_INS, dIns);
        l.add(Metric.HOST_PAGE_OUTS, dOuts);
        l.add(Metric.DISCARDS, hc.discards() - discards);
        l.add(Metric.ZERO_FILLS, dZero);
        l.add(Metric.GUEST_DISK_READS, dReads);
        l.add(Metric.GUEST_DISK_WRITES, dWrites);
        l.add(Metric.GUEST_SWAP_INS, dSwapIns);
        l.add(Metric.GUEST_SWAP_OUTS, dSwapOuts);
        l.add(Metric.SECTORS_READ, SECTORS_PER_PAGE * (dReads + dSwapIns));
        l.add(Metric.FRONTSWAP_STORES, gc.frontswapStores() - fsStores);
        l.add(Metric.FRONTSWAP_LOADS, gc.frontswapLoads() - fsLoads);
        l.add(Metric.MIGRATED_PAGES, gc.migratedPages() - migratedPages);
        long hint = dEssa * costs.essa() + dFaults * costs.discardFault();
        l.add(Metric.HINT_CPU_MS, hint);
        totalReferences += dRefs;
        long cpu = dRefs * costs.memoryAccess() + hint + dZero * costs.zeroFill() + dDriver;
        long hostWait = paging.sync(now + cpu, dIns, dOuts, x.reads() - xIns, x.writes() - xOuts, x.migrated() - migrated);
        measured.chargeHost(paging.hostNanos(0, x.migrated() - migrated));
        long blockReads = dReads + dSwapIns, blockWrites = dWrites + dSwapOuts;
        long io = guestIo.sync(vm.number, now + cpu + hostWait, blockReads, costs.guestDiskRead(), blockWrites,
                costs.guestDiskWrite());
        l.add(Metric.GUEST_IO_WAIT_MS, io - blockReads * costs.guestDiskRead() - blockWrites * costs.guestDiskWrite());
        return cpu + hostWait + io;
    }

    private static long metered(List<LongSupplier> ms) {
        long sum = 0;
        for (int i = 0; i < ms.size(); i++) {
            sum += ms.get(i).getAsLong();
        }
        return sum;
    }

    /** Only legal states, in every guest's frame table; anything else is a bug in the model. */
    private void checkStates() {
        for (GuestVm vm : guests) {
            FrameTable table = vm.guest.space().table();
            for (int f = 0; f < table.frames(); f++) {
                int uniform = (f & table.framesPerChunk() - 1) == 0 ? table.uniformState(f) : FrameTable.MIXED;
                if (uniform != FrameTable.MIXED && StateModel.isLegal(uniform, table.mode())) {
                    f += table.framesPerChunk() - 1; // untouched or uniform: every frame reads that state
                    continue;
                }
                int word = table.state(f);
                if (!StateModel.isLegal(word, table.mode())) {
                    throw new IllegalStateException("guest " + vm.name + " frame " + f + " is in the illegal state "
                            + FrameState.describe(word) + " under " + policy.name());
                }
            }
        }
    }

    /** Steps that failed for want of memory after warm-up, all guests: the guests' out-of-memory events ({@link Metric#GUEST_OOMS}). */
    public long failures() {
        long sum = 0;
        for (GuestVm vm : guests) {
            sum += vm.tally.get(Metric.GUEST_OOMS);
        }
        return sum;
    }

    /** The total number of page references simulated so far, all guests. */
    public long references() {
        return totalReferences;
    }

    /** What the policy and the work alongside it see of this run. */
    private final class Context implements RunContext {
        private final List<GuestHandle> handles = Collections.unmodifiableList(guests);

        @Override
        public long now() {
            return events.now();
        }

        @Override
        public void at(long time, LongConsumer action) {
            events.at(time, action::accept);
        }

        @Override
        public void every(long first, long period, LongConsumer action) {
            events.every(first, period, action::accept);
        }

        @Override
        public List<GuestHandle> guests() {
            return handles;
        }

        @Override
        public Host host() {
            return host;
        }

        @Override
        public CostModel costs() {
            return costs;
        }

        @Override
        public long seed() {
            return scenario.seed();
        }

        @Override
        public Arch arch() {
            return scenario.host().arch();
        }

        @Override
        public void chargeHost(long nanos) {
            measured.chargeHost(nanos);
        }

        @Override
        public void attachCompressedTier(MemoryTier pool, long compressNanos, long decompressNanos) {
            host.device().attachTier(pool);
            paging.priceCompressed(compressNanos, decompressNanos);
        }
    }
}
