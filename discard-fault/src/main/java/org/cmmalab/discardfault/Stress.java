package org.cmmalab.discardfault;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.cmmalab.guestmm.FileMapping;
import org.cmmalab.guestmm.GuestCounters;
import org.cmmalab.guestmm.GuestHinting;
import org.cmmalab.guestmm.GuestKernel;
import org.cmmalab.guestmm.KernelConfig;
import org.cmmalab.guestmm.Vcpus;
import org.cmmalab.hostpager.GuestSpace;
import org.cmmalab.pagestates.Discipline;
import org.cmmalab.pagestates.FrameState;
import org.cmmalab.pagestates.StateModel;
import org.cmmalab.pagestates.HostMode;
import org.cmmalab.pagestates.Orc;
import org.jctools.queues.MpscArrayQueue;
import org.jctools.queues.SpscArrayQueue;

/**
 * Real threads hammering the concurrent core for a while, checking its invariants as they go and
 * at the end: what {@code cmma stress} runs. Its only promise is the invariants; the numbers depend
 * on the machine and on how the threads happen to interleave.
 *
 * <p>One guest in z/VM mode: the simulation's own guest kernel ({@link GuestKernel}, the v7 guest)
 * on real threads ({@link Discipline#THREADS}), with a {@value #PAGES}-page file, over a
 * {@link GuestSpace} of {@value #PAGE_FRAMES} frames whose host real threads run too, and a second
 * guest space of {@value #LARGE_RUNS} 2 MiB blocks. Each of the guest's vCPU threads
 * ({@link StressVcpu}) loops over reads, writes, mapped loads, write-backs, drops, anonymous pages
 * and 2 MiB blocks, vCPUs colliding on a few hot pages. One host thread reclaims: the frames vCPUs
 * hand it as cold, and a clock sweep over all frames; it splits, merges and reclaims the 2 MiB
 * blocks; and it plays the disk, completing write-backs.
 *
 * <h2>Hand-offs</h2>
 * Threads hand each other work through JCTools queues, which allocate nothing per element (the
 * elements are boxes made once):
 * <ul>
 *   <li>vCPUs to host, many producers: cold frames (an anonymous page just stored to, so that its
 *       write-out races the vCPU reading it back and freeing it) and write-backs submitted;</li>
 *   <li>host to each vCPU, one producer and one consumer: completed write-backs, which the vCPU
 *       takes as interrupts at its interrupt windows, possibly on top of a state-change lock it
 *       holds (race 2).</li>
 * </ul>
 * A write-back queue can never be full: a page is under write-back once at most, so there are
 * never more than {@value #PAGES} in flight.
 *
 * <h2>Invariants</h2>
 * Checked during the run: every read, mapped load and anonymous load sees a version the page held
 * while it ran (the kernel checks, and counts a miss as a lost page), every block frame reads back
 * what was stored, every state word ESSA returns or the host looks at is legal. At the end, with
 * the threads stopped: the write-backs still in flight complete, every page reads its last
 * version, the kernel's own invariants hold ({@link GuestKernel#checkAtRest}), no block is owned,
 * every state word is legal.
 */
public final class Stress {
    static final int PAGE_FRAMES = 1024;
    static final int PAGES = 256;
    static final int LARGE_RUNS = 8;
    static final int FRAMES_PER_LARGE = 512;
    static final int TOUCHED_PER_BLOCK = 4;
    private static final int CLOCK_BATCH = 16;
    private static final int COLD_BATCH = 64;
    /** The host turns to a 2 MiB block once every this many rounds (a power of two): a split run's sweep is 512 steps. */
    private static final int LARGE_EVERY = 8;

    final GuestSpace small = HostedGuest.threaded(PAGE_FRAMES, HostMode.ZVM, FRAMES_PER_LARGE);
    final CountingMemory memory = new CountingMemory(small, small.mode());
    final GuestKernel kernel;
    final int file;
    final FileMapping mapping;
    final GuestSpace large = HostedGuest.threaded(LARGE_RUNS * FRAMES_PER_LARGE, HostMode.ZVM, FRAMES_PER_LARGE);
    final CountingMemory largeMemory = new CountingMemory(large, large.mode());
    final AtomicIntegerArray owners = new AtomicIntegerArray(LARGE_RUNS);
    final MpscArrayQueue<Integer> cold = new MpscArrayQueue<>(1024);
    final MpscArrayQueue<Integer> submissions = new MpscArrayQueue<>(PAGE_FRAMES);
    private final StressVcpu[] vcpus;
    /** The numbers 0 to {@value #PAGE_FRAMES} - 1 (frames, and pages), boxed once for the queues. */
    private final Integer[] boxes = new Integer[PAGE_FRAMES];
    private final Integer[] submissionBoxes;
    private final SplittableRandom random;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean stop;

    private long hostOperations;
    private long hostStateChanges;
    private long hostIllegalStates;
    private long splitsAndMergesInUse;
    private int hand;
    private long loops;
    /** What the kernel's check at rest found, or null. */
    private String atRest;

    private Stress(int vcpuCount, long seed) {
        this.random = new SplittableRandom(seed);
        this.vcpus = new StressVcpu[vcpuCount];
        this.kernel = new GuestKernel(memory, KernelConfig.of(0, GuestHinting.V7).withVcpus(vcpuCount)
                .withDiscipline(Discipline.THREADS));
        kernel.vcpus().setInterrupts(new Disk());
        kernel.vcpus().runAsKernelThread();
        this.file = kernel.createFile(PAGES);
        this.mapping = kernel.map(file, false);
        this.submissionBoxes = new Integer[vcpuCount * PAGE_FRAMES];
        for (int i = 0; i < boxes.length; i++) {
            boxes[i] = i;
        }
        for (int i = 0; i < submissionBoxes.length; i++) {
            submissionBoxes[i] = i;
        }
        for (int v = 0; v < vcpuCount; v++) {
            vcpus[v] = new StressVcpu(this, v, random.nextLong());
        }
        for (int run = 0; run < LARGE_RUNS; run++) {
            owners.set(run, StressVcpu.NO_OWNER);
            large.merge(run);
            large.essaLarge(run, Orc.SET_UNUSED);
        }
    }

    /** Runs {@code vcpus} vCPU threads and one host thread for {@code seconds}, then checks; {@code seed} picks the operations. */
    public static StressResult run(int vcpus, double seconds, long seed) {
        if (vcpus < 1) {
            throw new IllegalArgumentException("at least one vCPU thread is needed, was " + vcpus);
        }
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("seconds must be positive, was " + seconds);
        }
        return new Stress(vcpus, seed).run(seconds);
    }

    boolean stopped() {
        return stop;
    }

    Integer frameBox(int frame) {
        return boxes[frame];
    }

    /** Where the kernel's write-back I/O goes (the host thread plays the disk), and how completions come back. */
    private final class Disk implements Vcpus.Interrupts {
        @Override
        public void submitted(int vcpu, int frame) {
            if (!submissions.offer(submissionBoxes[vcpu * PAGE_FRAMES + frame])) {
                throw new IllegalStateException("the disk queue is full, though each frame has one write-back at most");
            }
        }

        @Override
        public void take(int vcpu, GuestKernel k) {
            if (vcpu == vcpus.length) {
                return; // the kernel's own thread (set-up, the final check): completions go to the vCPU that submitted
            }
            for (Integer frame; (frame = vcpus[vcpu].completions.relaxedPoll()) != null; ) {
                k.endWriteback(frame);
            }
        }
    }

    private StressResult run(double seconds) {
        List<Thread> threads = new ArrayList<>();
        for (StressVcpu v : vcpus) {
            threads.add(thread(v, "vcpu-" + threads.size()));
        }
        threads.add(thread(this::host, "host"));
        long start = System.nanoTime();
        threads.forEach(Thread::start);
        long deadline = start + (long) (seconds * 1e9);
        try {
            for (long left; !stop && (left = deadline - System.nanoTime()) > 0; ) {
                Thread.sleep(Math.min(50, Math.max(1, left / 1_000_000)));
            }
            stop = true;
            for (Thread t : threads) {
                t.join();
            }
        } catch (InterruptedException e) {
            stop = true;
            Thread.currentThread().interrupt();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long accounting = failure.get() == null ? checkAtRest() : 0;
        return result(elapsed, accounting);
    }

    private Thread thread(Runnable body, String name) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
                stop = true;
            }
        }, "cmma-stress-" + name);
        t.setDaemon(true);
        return t;
    }

    /** The host thread: cold frames first, then the disk, then a clock sweep, then one 2 MiB block. */
    private void host() {
        while (!stop) {
            Integer frame;
            for (int n = 0; n < COLD_BATCH && (frame = cold.relaxedPoll()) != null; n++) {
                reclaim(small, frame);
            }
            for (Integer s; (s = submissions.relaxedPoll()) != null; ) {
                if (!vcpus[s / PAGE_FRAMES].completions.offer(boxes[s % PAGE_FRAMES])) {
                    throw new IllegalStateException("a completion queue is full, though each frame has one write-back at most");
                }
                hostOperations++;
            }
            for (int i = 0; i < CLOCK_BATCH; i++) {
                reclaim(small, hand);
                hand = (hand + 1) % PAGE_FRAMES;
            }
            if ((++loops & LARGE_EVERY - 1) == 0) {
                largeBlockStep(random.nextInt(LARGE_RUNS));
            }
        }
    }

    private void largeBlockStep(int run) {
        int base = run * FRAMES_PER_LARGE;
        switch (random.nextInt(4)) {
            case 0:
                if (large.isLarge(run)) {
                    boolean inUse = owners.get(run) != StressVcpu.NO_OWNER;
                    large.split(run);
                    splitsAndMergesInUse += inUse ? 1 : 0;
                    hostOperations++;
                }
                break;
            case 1:
                if (!large.isLarge(run)) {
                    boolean inUse = owners.get(run) != StressVcpu.NO_OWNER;
                    if (large.merge(run)) {
                        splitsAndMergesInUse += inUse ? 1 : 0;
                    }
                    hostOperations++;
                }
                break;
            default:
                if (large.isLarge(run)) {
                    reclaim(large, base);
                } else {
                    for (int f = base; f < base + FRAMES_PER_LARGE; f++) {
                        reclaim(large, f);
                    }
                }
        }
    }

    /** Reclaims the unit of {@code frame} if it is resident, checking the state word it finds. */
    private void reclaim(GuestSpace store, int frame) {
        int word = store.state(frame);
        if (!StateModel.isLegal(word, store.mode())) {
            hostIllegalStates++;
        }
        if (!FrameState.isResident(word)) {
            return;
        }
        hostOperations++;
        switch (store.reclaim(frame)) {
            case DISCARDED:
            case DROPPED:
                hostStateChanges++;
                break;
            case WRITTEN:
                hostStateChanges += 2;
                break;
            case STORE_DURING_WRITE:
                hostStateChanges++;
                break;
            case FREED_DURING_WRITE:
                hostStateChanges += 2;
                break;
            default:
                break;
        }
    }

    /** The end: completes what is in flight, then checks every page, frame and block. Returns the accounting errors. */
    private long checkAtRest() {
        for (Integer s; (s = submissions.relaxedPoll()) != null; ) {
            vcpus[s / PAGE_FRAMES].completions.offer(boxes[s % PAGE_FRAMES]);
        }
        for (int v = 0; v < vcpus.length; v++) {
            kernel.vcpus().runAs(v);
            kernel.read(file, 0); // the kernel entry's interrupt window ends what is in flight for v
        }
        for (int page = 0; page < PAGES; page++) {
            kernel.read(file, page);
        }
        long errors = 0;
        try {
            kernel.checkAtRest(f -> false);
        } catch (IllegalStateException e) {
            errors++;
            atRest = e.getMessage();
        }
        for (int run = 0; run < LARGE_RUNS; run++) {
            errors += owners.get(run) == StressVcpu.NO_OWNER ? 0 : 1;
        }
        for (int f = 0; f < PAGE_FRAMES; f++) {
            hostIllegalStates += StateModel.isLegal(small.state(f), small.mode()) ? 0 : 1;
        }
        for (int f = 0; f < LARGE_RUNS * FRAMES_PER_LARGE; f++) {
            hostIllegalStates += StateModel.isLegal(large.state(f), large.mode()) ? 0 : 1;
        }
        return errors;
    }

    private StressResult result(double seconds, long accountingErrors) {
        long operations = hostOperations;
        for (StressVcpu v : vcpus) {
            operations += v.operations;
        }
        GuestCounters c = kernel.counters();
        long lost = c.lostPages();
        for (StressVcpu v : vcpus) {
            lost += v.blockLosses;
        }
        Throwable t = failure.get();
        String why = t != null ? t.toString()
                : c.lostPages() > 0 ? "first lost page: " + kernel.lostPages().get(0)
                : lost > 0 ? "a 2 MiB block read back something else"
                : atRest;
        long stateChanges = hostStateChanges + memory.stateChanges.sum() + largeMemory.stateChanges.sum();
        long illegal = hostIllegalStates + memory.illegalStates.sum() + largeMemory.illegalStates.sum();
        return new StressResult(vcpus.length, seconds, operations, stateChanges, c.discardFaults(),
                RaceCounters.read(c, List.of(small, large), largeMemory.largeHints.sum(), splitsAndMergesInUse),
                lost, illegal, accountingErrors, why);
    }
}
