package org.cmmalab.discardfault;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.cmmalab.guestmm.ContentToken;
import org.cmmalab.guestmm.GuestMemory;
import org.cmmalab.pagestates.Orc;
import org.jctools.queues.SpscArrayQueue;

/**
 * One guest vCPU of a {@link Stress} run: a loop of kernel entries on the shared page cache,
 * anonymous pages and 2 MiB blocks, checking what it reads, and taking its I/O-completion
 * interrupts at every interrupt window. Its counters are written by its own thread only and read
 * after the thread has been joined.
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
    private int anonymousVersion;

    long operations;
    long discardFaults;
    long discardsWon;
    long volatileGaveUp;
    long lateDiscardFaults;
    long lostPages;
    String firstLoss;

    StressVcpu(Stress machine, int id, long seed) {
        this.machine = machine;
        this.id = id;
        this.random = new SplittableRandom(seed);
        this.completions = new SpscArrayQueue<>(Stress.PAGES);
    }

    @Override
    public void run() {
        SharedPageCache cache = machine.cache;
        while (!machine.stopped()) {
            int op = random.nextInt(100);
            if (op < 30) {
                cache.read(id, page());
            } else if (op < 45) {
                cache.write(id, page());
            } else if (op < 65) {
                cache.touchMapped(id, page());
            } else if (op < 70) {
                int page = page();
                if (cache.writeback(id, page) && !machine.submissions.offer(machine.submission(id, page))) {
                    throw new IllegalStateException("the disk queue is full, though each page has one write-back at most");
                }
            } else if (op < 74) {
                cache.evict(id, page());
            } else if (op < 92) {
                anonymousPage(cache);
            } else {
                largeBlock();
            }
            operations++;
            takeInterrupts();
        }
    }

    /** The vCPU's interrupt window: every completed write-back of its own ends now. */
    void takeInterrupts() {
        for (Integer page; (page = completions.relaxedPoll()) != null; ) {
            machine.cache.endWriteback(id, page);
        }
    }

    void lost(int page, long expected, long seen) {
        lostPages++;
        if (firstLoss == null) {
            firstLoss = "vCPU " + id + " page " + page + ": expected " + Long.toHexString(expected) + ", saw "
                    + Long.toHexString(seen);
        }
    }

    /**
     * A short-lived anonymous page: allocated, stored to, handed to the host as a cold frame, stored
     * to again, read back and freed, so that the host's write-out of it races the second store
     * (race 4) and the free (race 5).
     */
    private void anonymousPage(SharedPageCache cache) {
        int frame = cache.allocateFrame(id);
        GuestMemory memory = machine.memory;
        storeChecked(memory, frame, ContentToken.anon(0, id, 0, anonymousVersion++));
        machine.cold.relaxedOffer(machine.frameBox(frame));
        long token = ContentToken.anon(0, id, 0, anonymousVersion++);
        storeChecked(memory, frame, token);
        long seen = memory.load(frame);
        if (seen != token) {
            lost(-1, token, seen);
        }
        cache.freeFrame(frame);
    }

    /** A store to a stable frame, which can never fault as discarded. */
    private void storeChecked(GuestMemory memory, int frame, long token) {
        if (!memory.store(frame, token)) {
            lost(-1, token, GuestMemory.DISCARD_FAULT);
        }
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
                blockTokens[i] = ContentToken.anon(0, id, blockFrames[i], anonymousVersion++);
                storeChecked(large, blockFrames[i], blockTokens[i]);
            }
            for (int i = 0; i < blockFrames.length; i++) {
                long seen = large.load(blockFrames[i]);
                if (seen != blockTokens[i]) {
                    lost(-1, blockTokens[i], seen);
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
