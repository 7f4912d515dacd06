package org.cmmalab.harness.sim;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.cmmalab.discardfault.HostedGuest;
import org.cmmalab.guestmm.GuestCounters;
import org.cmmalab.guestmm.GuestHinting;
import org.cmmalab.guestmm.KernelConfig;
import org.cmmalab.harness.InputError;
import org.cmmalab.harness.migration.PreCopy;
import org.cmmalab.harness.policy.Policy;
import org.cmmalab.harness.result.Metric;
import org.cmmalab.harness.result.RaceCounts;
import org.cmmalab.harness.result.RunResult;
import org.cmmalab.harness.scenario.CostModel;
import org.cmmalab.harness.scenario.Scenario;
import org.cmmalab.harness.workload.Workload;
import org.cmmalab.hostpager.DeviceLatency;
import org.cmmalab.hostpager.ExpandedStorage;
import org.cmmalab.hostpager.GuestSpace;
import org.cmmalab.hostpager.Host;
import org.cmmalab.hostpager.HostConfig;
import org.cmmalab.hostpager.HostCounters;
import org.cmmalab.hostpager.ReclaimMode;
import org.cmmalab.pagestates.FrameState;
import org.cmmalab.pagestates.FrameTable;
import org.cmmalab.pagestates.HostMode;
import org.cmmalab.pagestates.Orc;
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
    static final long FRAMES_PER_MIB = 256;
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
    private final List<double[]> memorySamples = new ArrayList<>();
    private final HostPaging paging;
    private final GuestIo guestIo;
    private final long[] hostAtWarmup = new long[4];
    private final IdentityHashMap<GuestVm, List<LongSupplier>> meters = new IdentityHashMap<>();
    private long hostCpuNanos;
    private long hostCpuAtWarmup;
    private double sharingSavedSum;
    private int sharingSavedSamples;
    private long totalReferences;
    private List<PreCopy> migrations = List.of();
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
                .withPolicy(h.replacement())
                .withDeviceLatency(new DeviceLatency(costs.pageIn(), costs.pageOut()))
                .withReclaim(ReclaimMode.watermarks((int) (frames * h.lowWatermark()), (int) (frames * h.highWatermark())));
        this.host = new Host(config);
        this.paging = new HostPaging(DeviceQueue.of(h.pagingChannels()), host.device().expandedStorage(), costs);
        this.guestIo = guestIo.apply(paging.device());
        int number = 0;
        int image = 0;
        for (Scenario.GuestGroup g : scenario.guests()) {
            for (int i = 0; i < g.count(); i++) {
                number++;
                int guestFrameCount = (int) (g.maxMemoryMiB() * FRAMES_PER_MIB);
                // The guests of one group are clones of one disk image: their unwritten file
                // pages hold the same content (page sharing can merge them across guests).
                KernelConfig kc = KernelConfig.of(number, hinting)
                        .withSwapPages((int) (g.swapMiB() * FRAMES_PER_MIB))
                        .withImage(image)
                        .withVcpus(g.vcpus())
                        .withLargeFrames(g.largeFrames());
                HostedGuest hosted = HostedGuest.boot(host, guestFrameCount, kc);
                SplittableRandom random = new SplittableRandom(scenario.seed() * 0x9E3779B97F4A7C15L + number);
                GuestVm vm = new GuestVm(g.name() + "-" + i, number, hosted, g.workload().create(random, guestFrameCount));
                bootBalloon(vm, (int) ((g.maxMemoryMiB() - g.memoryMiB()) * FRAMES_PER_MIB));
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

    /** Host frames not in use now. */
    public int hostFreeFrames() {
        return host.freeFrames();
    }

    /** Runs the whole simulation and returns its result; {@code progress} is told the virtual time as it passes. */
    public RunResult run(java.util.function.LongConsumer progress) {
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

    private RunResult simulate(java.util.function.LongConsumer progress) {
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
            memorySamples.add(new double[] {t / 1e9, (host.frames() - host.freeFrames()) / (double) FRAMES_PER_MIB});
            if (t >= warmupNanos) {
                sharingSavedSum += host.sharing().framesSaved() / (double) FRAMES_PER_MIB;
                sharingSavedSamples++;
            }
            progress.accept(t);
        });
        events.at(warmupNanos, t -> markWarm());
        policy.start(this);
        if (scenario.migration() != null) {
            migrations = PreCopy.schedule(this, scenario.migration(), policy);
        }
        events.runUntil(endNanos);
        progress.accept(endNanos);
        checkStates();
        return result(Math.min(events.now(), endNanos));
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
        ExpandedStorage x = host.device().expandedStorage();
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
    public long driverWork(GuestVm vm, long now, long extraNanos, Runnable work) {
        long cost = charge(vm, Math.max(now, vm.busyUntil), work) + extraNanos;
        vm.busyUntil = Math.max(vm.busyUntil, now) + cost;
        return cost;
    }

    /** Records balloon traffic on a guest's ledger: pages moved and the CPU they cost. */
    public void chargeBalloon(GuestVm vm, long pages, long nanos) {
        vm.ledger.balloonPages += pages;
        vm.ledger.balloonNanos += nanos;
    }

    /**
     * Records guest CPU time of a cooperation driver on a guest's ledger (the caller has delayed
     * the vCPU by as much), such as a free page report's round trip to the host.
     */
    public void chargeDriver(GuestVm vm, long nanos) {
        vm.ledger.driverNanos += nanos;
    }

    /**
     * Guest CPU time that a driver spends inside the guest's own kernel entries (a per-page hook,
     * a tmem copy): {@code cumulativeNanos} says how much so far, and every charged piece of the
     * guest's work is charged its growth too, on the vCPU and in {@link Metric#DRIVER_CPU_MS}.
     */
    public void meter(GuestVm vm, LongSupplier cumulativeNanos) {
        meters.computeIfAbsent(vm, k -> new ArrayList<>()).add(cumulativeNanos);
    }

    /** Records host CPU time of a host-side daemon (the PPR recycler, KSM), which no guest waits for. */
    public void chargeHost(long nanos) {
        hostCpuNanos += nanos;
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
                vm.failures++;
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
     * virtual time, adding it to the guest's ledger. Host page-ins and the page-outs of direct
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
        ExpandedStorage x = host.device().expandedStorage();
        long xIns = x.reads(), xOuts = x.writes(), migrated = x.migrated();
        List<LongSupplier> ms = meters.get(vm);
        long metered = metered(ms);
        work.run();
        long dDriver = metered(ms) - metered;
        Ledger l = vm.ledger;
        l.driverNanos += dDriver;
        long dRefs = d.accesses() - refs, dFaults = d.delivered() - delivered, dEssa = gc.essaTotal() - essa;
        long dIns = hc.pageIns() - pageIns, dOuts = hc.pageOuts() - pageOuts, dZero = hc.zeroFills() - zeroFills;
        long dReads = gc.diskReads() - reads, dWrites = gc.diskWrites() - writes;
        long dSwapIns = gc.swapIns() - swapIns, dSwapOuts = gc.swapOuts() - swapOuts;
        l.references += dRefs;
        l.discardFaults += dFaults;
        l.essa += dEssa;
        l.pageIns += dIns;
        l.pageOuts += dOuts;
        l.discards += hc.discards() - discards;
        l.zeroFills += dZero;
        l.diskReads += dReads;
        l.diskWrites += dWrites;
        l.swapIns += dSwapIns;
        l.swapOuts += dSwapOuts;
        long hint = dEssa * costs.essa() + dFaults * costs.discardFault();
        l.hintNanos += hint;
        totalReferences += dRefs;
        long cpu = dRefs * costs.memoryAccess() + hint + dZero * costs.zeroFill() + dDriver;
        long hostWait = paging.sync(now + cpu, dIns, dOuts, x.reads() - xIns, x.writes() - xOuts, x.migrated() - migrated);
        long blockReads = dReads + dSwapIns, blockWrites = dWrites + dSwapOuts;
        long io = guestIo.sync(vm.number, now + cpu + hostWait, blockReads, costs.guestDiskRead(), blockWrites,
                costs.guestDiskWrite());
        l.ioWaitNanos += io - blockReads * costs.guestDiskRead() - blockWrites * costs.guestDiskWrite();
        return cpu + hostWait + io;
    }

    private static long metered(List<LongSupplier> ms) {
        long sum = 0;
        if (ms != null) {
            for (int i = 0; i < ms.size(); i++) {
                sum += ms.get(i).getAsLong();
            }
        }
        return sum;
    }

    private void markWarm() {
        hostCpuAtWarmup = hostCpuNanos;
        paging.markWarm();
        for (GuestVm vm : guests) {
            vm.warm.copyFrom(vm.ledger);
            for (Orc orc : Orc.values()) {
                vm.essaAtWarm[orc.ordinal()] = vm.kernel().counters().essa(orc);
            }
            vm.racesAtWarm = Races.read(vm);
        }
        HostCounters hc = host.counters();
        hostAtWarmup[0] = hc.pageIns();
        hostAtWarmup[1] = hc.pageOuts();
        hostAtWarmup[2] = hc.discards();
        hostAtWarmup[3] = hc.zeroFills();
    }

    /** Only legal states, in every guest's frame table; anything else is a bug in the model. */
    private void checkStates() {
        for (GuestVm vm : guests) {
            FrameTable table = vm.guest.space().table();
            for (int f = 0; f < table.frames(); f++) {
                if ((f & table.framesPerChunk() - 1) == 0 && !table.chunkTouched(f)) {
                    f += table.framesPerChunk() - 1; // untouched: every frame reads the initial state, a legal one
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

    /** Allocations that failed after warm-up, all guests: the guests' out-of-memory events. */
    public long failures() {
        long sum = 0;
        for (GuestVm vm : guests) {
            sum += vm.failures;
        }
        return sum;
    }

    /** The total number of page references simulated so far, all guests. */
    public long references() {
        return totalReferences;
    }

    /** The result of a run that ended at {@code end}: {@code durationSeconds}, or earlier when every finite job was done. */
    private RunResult result(long end) {
        double seconds = (end - warmupNanos) / 1e9;
        Histogram all = new Histogram(3_600_000_000L, 3);
        List<RunResult.GuestResult> perGuest = new ArrayList<>();
        Ledger sum = new Ledger();
        Map<Orc, Double> essaByOp = new EnumMap<>(Orc.class);
        RaceCounts races = RaceCounts.none();
        long requests = 0;
        double jobSeconds = 0;
        for (GuestVm vm : guests) {
            GuestCounters gc = vm.kernel().counters();
            vm.ledger.lostPages = gc.lostPages();
            vm.ledger.leaks = gc.leaks();
            Map<Metric, Double> m = metrics(vm.ledger, vm.warm, throughput(vm.requests, seconds), vm.latencyMicros);
            m.put(Metric.JOB_SECONDS, vm.finishedAt < 0 ? Double.NaN : vm.finishedAt / 1e9);
            jobSeconds = Math.max(jobSeconds, m.get(Metric.JOB_SECONDS)); // NaN, if any guest's job is not done
            Map<Orc, Double> essa = essaSinceWarm(vm);
            essa.forEach((orc, n) -> essaByOp.merge(orc, n, Double::sum));
            RaceCounts guestRaces = Races.read(vm).since(vm.racesAtWarm);
            races = races.plus(guestRaces);
            perGuest.add(new RunResult.GuestResult(vm.name, m, essa, guestRaces));
            all.add(vm.latencyMicros);
            requests += vm.requests;
            add(sum, vm.ledger, vm.warm);
        }
        Map<Metric, Double> total = metrics(sum, new Ledger(), throughput(requests, seconds), all);
        total.put(Metric.JOB_SECONDS, jobSeconds);
        HostCounters hc = host.counters();
        total.put(Metric.HOST_PAGE_INS, (double) (hc.pageIns() - hostAtWarmup[0]));
        total.put(Metric.HOST_PAGE_OUTS, (double) (hc.pageOuts() - hostAtWarmup[1]));
        total.put(Metric.DISCARDS, (double) (hc.discards() - hostAtWarmup[2]));
        total.put(Metric.ZERO_FILLS, (double) (hc.zeroFills() - hostAtWarmup[3]));
        paging.putMetrics(total);
        double peak = 0, mean = 0;
        int n = 0;
        double[] secs = new double[memorySamples.size()];
        double[] mib = new double[memorySamples.size()];
        for (int i = 0; i < secs.length; i++) {
            secs[i] = memorySamples.get(i)[0];
            mib[i] = memorySamples.get(i)[1];
            if (secs[i] * 1e9 >= warmupNanos) {
                peak = Math.max(peak, mib[i]);
                mean += mib[i];
                n++;
            }
        }
        total.put(Metric.HOST_MEMORY_PEAK, peak);
        total.put(Metric.HOST_MEMORY_MEAN, n == 0 ? 0 : mean / n);
        total.put(Metric.HOST_CPU_MS, (hostCpuNanos - hostCpuAtWarmup) / 1e6);
        total.put(Metric.SHARING_SAVED_MIB, sharingSavedSamples == 0 ? 0 : sharingSavedSum / sharingSavedSamples);
        return new RunResult(policy.name(), overcommit, total, perGuest, new RunResult.TimeSeries("MiB", secs, mib),
                PreCopy.results(migrations), essaByOp, races);
    }

    /** The guest's ESSA operations since the warm-up ended, by operation-request code. */
    private static Map<Orc, Double> essaSinceWarm(GuestVm vm) {
        Map<Orc, Double> essa = new EnumMap<>(Orc.class);
        for (Orc orc : Orc.values()) {
            essa.put(orc, (double) (vm.kernel().counters().essa(orc) - vm.essaAtWarm[orc.ordinal()]));
        }
        return essa;
    }

    /** Requests per second of measured time; 0 if every job was done before the warmup ended. */
    private static double throughput(long requests, double seconds) {
        return seconds > 0 ? requests / seconds : 0;
    }

    private static void add(Ledger sum, Ledger l, Ledger warm) {
        sum.references += l.references - warm.references;
        sum.essa += l.essa - warm.essa;
        sum.discardFaults += l.discardFaults - warm.discardFaults;
        sum.pageIns += l.pageIns - warm.pageIns;
        sum.pageOuts += l.pageOuts - warm.pageOuts;
        sum.discards += l.discards - warm.discards;
        sum.zeroFills += l.zeroFills - warm.zeroFills;
        sum.diskReads += l.diskReads - warm.diskReads;
        sum.diskWrites += l.diskWrites - warm.diskWrites;
        sum.swapIns += l.swapIns - warm.swapIns;
        sum.swapOuts += l.swapOuts - warm.swapOuts;
        sum.ioWaitNanos += l.ioWaitNanos - warm.ioWaitNanos;
        sum.hintNanos += l.hintNanos - warm.hintNanos;
        sum.balloonPages += l.balloonPages - warm.balloonPages;
        sum.balloonNanos += l.balloonNanos - warm.balloonNanos;
        sum.driverNanos += l.driverNanos - warm.driverNanos;
        sum.lostPages += l.lostPages;
        sum.leaks += l.leaks;
    }

    /** The metrics of a ledger since {@code warm}; invariants count the whole run. */
    private static Map<Metric, Double> metrics(Ledger l, Ledger warm, double throughput, Histogram latency) {
        Map<Metric, Double> m = new EnumMap<>(Metric.class);
        m.put(Metric.THROUGHPUT, throughput);
        m.put(Metric.LATENCY_P50, latency.getTotalCount() == 0 ? 0 : latency.getValueAtPercentile(50) / 1000.0);
        m.put(Metric.LATENCY_P99, latency.getTotalCount() == 0 ? 0 : latency.getValueAtPercentile(99) / 1000.0);
        m.put(Metric.HOST_PAGE_INS, (double) (l.pageIns - warm.pageIns));
        m.put(Metric.HOST_PAGE_OUTS, (double) (l.pageOuts - warm.pageOuts));
        m.put(Metric.DISCARDS, (double) (l.discards - warm.discards));
        m.put(Metric.DISCARD_FAULTS, (double) (l.discardFaults - warm.discardFaults));
        m.put(Metric.ZERO_FILLS, (double) (l.zeroFills - warm.zeroFills));
        m.put(Metric.GUEST_DISK_READS, (double) (l.diskReads - warm.diskReads));
        m.put(Metric.GUEST_DISK_WRITES, (double) (l.diskWrites - warm.diskWrites));
        m.put(Metric.GUEST_SWAP_INS, (double) (l.swapIns - warm.swapIns));
        m.put(Metric.GUEST_SWAP_OUTS, (double) (l.swapOuts - warm.swapOuts));
        m.put(Metric.GUEST_IO_WAIT_MS, (l.ioWaitNanos - warm.ioWaitNanos) / 1e6);
        m.put(Metric.SECTORS_READ, (double) SECTORS_PER_PAGE * (l.diskReads - warm.diskReads + l.swapIns - warm.swapIns));
        m.put(Metric.ESSA_OPS, (double) (l.essa - warm.essa));
        m.put(Metric.HINT_CPU_MS, (l.hintNanos - warm.hintNanos) / 1e6);
        m.put(Metric.BALLOON_PAGES, (double) (l.balloonPages - warm.balloonPages));
        m.put(Metric.BALLOON_CPU_MS, (l.balloonNanos - warm.balloonNanos) / 1e6);
        m.put(Metric.DRIVER_CPU_MS, (l.driverNanos - warm.driverNanos) / 1e6);
        m.put(Metric.LOST_PAGES, (double) l.lostPages);
        m.put(Metric.LEAKS, (double) l.leaks);
        return m;
    }
}
