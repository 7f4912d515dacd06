package org.cmmalab.discardfault;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.cmmalab.guestmm.ContentToken;
import org.cmmalab.guestmm.GuestKernel;
import org.cmmalab.guestmm.GuestMemory;
import org.cmmalab.pagestates.Orc;
import org.jctools.queues.SpscArrayQueue;

/**
 * One guest vCPU of a {@link Stress} run: a loop of kernel entries on the shared file (reads,
 * writes, mapped loads, write-backs, drops), anonymous pages and 2 MiB blocks. The kernel checks
 * what it reads and counts a miss as a lost page; the vCPU checks what its 2 MiB blocks read back.
 * It takes its I/O-completion interrupts at every interrupt window of the kernel, from
 * {@link #completions}. Its counters are written by its own thread only and read after the thread
 * has been joined.
 */
final class StressVcpu implements Runnable {
    /** A 2 MiB block no vCPU is using. */
    static final int NO_OWNER = -1;
    /** A read, write or mapped load goes to one of the first {@value #HOT} pages half the time, so vCPUs collide. */
    private static final int HOT = 16;

    private final Stress machine;
    private final int id;
    private final SplittableRandom random;
    final SpscArrayQueue<Integer> completions;
    private final int[] blockFrames = new int[Stress.TOUCHED_PER_BLOCK];
    private final long[] blockTokens = new long[Stress.TOUCHED_PER_BLOCK];
    private int pid = -1;
    private int blockVersion;

    long operations;
    long blockLosses;

    StressVcpu(Stress machine, int id, long seed) {
        this.machine = machine;
        this.id = id;
        this.random = new SplittableRandom(seed);
        this.completions = new SpscArrayQueue<>(Stress.PAGE_FRAMES);
    }

    @Override
    public void run() {
        GuestKernel kernel = machine.kernel;
        kernel.vcpus().runAs(id);
        pid = kernel.createProcess();
        while (!machine.stopped()) {
            int op = random.nextInt(100);
            if (op < 30) {
                kernel.read(machine.file, page());
            } else if (op < 45) {
                kernel.write(machine.file, page(), 0);
            } else if (op < 65) {
                kernel.touchMapped(machine.mapping, page(), false, 0);
            } else if (op < 70) {
                kernel.writebackPage(machine.file, page());
            } else if (op < 74) {
                kernel.dropPage(machine.file, page());
            } else if (op < 92) {
                anonymousPage(kernel);
            } else {
                largeBlock();
            }
            operations++;
        }
    }

    /**
     * A short-lived anonymous page: allocated, stored to, its frame handed to the host as a cold
     * frame, stored to again, read back and freed, so that the host's write-out of it races the
     * second store (race 4) and the free (race 5). The kernel checks the load.
     */
    private void anonymousPage(GuestKernel kernel) {
        int page = kernel.malloc(pid, 1);
        kernel.touchAnon(pid, page, true);
        int frame = machine.memory.lastStore();
        if (frame >= 0) {
            machine.cold.relaxedOffer(machine.frameBox(frame));
        }
        kernel.touchAnon(pid, page, true);
        kernel.touchAnon(pid, page, false);
        kernel.free(pid, page);
    }

    /**
     * A 2 MiB block: claimed if no other vCPU has it, made stable with one hint, stored to at a few
     * frames, read back, made unused with one hint, given up; the host splits, merges and reclaims
     * it meanwhile (race 6).
     */
    private void largeBlock() {
        AtomicIntegerArray owners = machine.owners;
        int run = random.nextInt(Stress.LARGE_RUNS);
        if (!owners.compareAndSet(run, NO_OWNER, id)) {
            return;
        }
        try {
            GuestMemory large = machine.largeMemory;
            large.essaLarge(run, Orc.SET_STABLE);
            int span = Stress.FRAMES_PER_LARGE / blockFrames.length;
            for (int i = 0; i < blockFrames.length; i++) {
                blockFrames[i] = run * Stress.FRAMES_PER_LARGE + i * span + random.nextInt(span);
                blockTokens[i] = ContentToken.anon(0, id, blockFrames[i], blockVersion++);
                if (!large.store(blockFrames[i], blockTokens[i])) {
                    blockLosses++; // a stable frame never faults as discarded
                }
            }
            for (int i = 0; i < blockFrames.length; i++) {
                if (large.load(blockFrames[i]) != blockTokens[i]) {
                    blockLosses++;
                }
            }
            large.essaLarge(run, Orc.SET_UNUSED);
        } finally {
            owners.set(run, NO_OWNER);
        }
    }

    private int page() {
        return random.nextBoolean() ? random.nextInt(HOT) : random.nextInt(Stress.PAGES);
    }
}
