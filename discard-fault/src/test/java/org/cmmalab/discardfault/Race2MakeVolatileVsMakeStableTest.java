package org.cmmalab.discardfault;

import java.util.List;
import java.util.function.UnaryOperator;
import org.cmmalab.guestmm.PageLocks;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * Race 2 (docs/state-model.md section 6): make-volatile on one vCPU against make-stable of the same page on
 * another. A state-change lock per page orders them: make-stable waits for it, make-volatile only
 * tries it and gives up, because it can run in interrupt context (here: a write-back's I/O
 * completion) on a vCPU that holds the lock already.
 *
 * <p>Property, on the guest kernel's page cache and its {@link PageLocks}: no lost page (reads and
 * writes linearizable against {@link FileModel}), no illegal state, and no hang.
 */
class Race2MakeVolatileVsMakeStableTest extends RaceTest {

    /** Random scenarios of {@link Cache}'s operations, model-checked and stressed by {@link RaceTest}. */
    Race2MakeVolatileVsMakeStableTest() {
        super(FileModel.class, Cache.class);
    }

    @Test
    void makeVolatileAgainstWriterAndInterruptedHolder() {
        passes(writerRace(), interruptRace());
    }

    /**
     * Make-stable and writers that do not wait for the lock: make-volatile checks that the page is
     * unused and clean, a writer pins and dirties it, and make-volatile then hints it anyway, so the
     * host discards the dirty page and the write is lost; or two vCPUs make the discarded page
     * stable at once, both find it discarded, and both drop it, freeing its frame twice (the
     * kernel's check at rest finds the frame in two places).
     */
    @Test
    void makeStableWithoutTheLockLosesAWrite() {
        fails("race2-make-stable-without-lock", UnlockedMakeStable.class, writerRace(), "Invalid execution results",
                "is in two places");
    }

    /**
     * A make-volatile that waits for the lock: the I/O completion interrupts its own vCPU while
     * that vCPU holds the page's lock in make-stable, and waits for itself forever.
     */
    @Test
    void waitingMakeVolatileHangs() {
        fails("race2-waiting-make-volatile", WaitingMakeVolatile.class, interruptRace(), "The execution has hung");
    }

    /** Page 0 cached and volatile; one vCPU reads it (and makes it volatile after), another writes it, the host reclaims. */
    ExecutionScenario writerRace() {
        return scenario(
                List.of(actor("read", 3, 0)),
                List.of(List.of(actor("read", 0, 0)),
                        List.of(actor("write", 1, 0)),
                        List.of(actor("reclaim", 0))),
                List.of(actor("read", 4, 0)));
    }

    /** vCPU 0 writes page 0, writes it back and reads it; the disk completes the write-back meanwhile. */
    ExecutionScenario interruptRace() {
        return scenario(
                List.of(),
                List.of(List.of(actor("write", 0, 0), actor("writeback", 0, 0), actor("read", 0, 0)),
                        List.of(actor("completeIo"))),
                List.of(actor("read", 4, 0)));
    }

    /** {@link CacheMachine}'s read, write and host reclaim, and write-backs that complete as interrupts. */
    public static class Cache extends CacheMachine {
        public Cache() {
        }

        Cache(UnaryOperator<PageLocks> locks) {
            super(space -> space, locks, UnaryOperator.identity());
        }

        @Operation
        public void writeback(@Param(gen = ThreadIdGen.class) int vcpu, @Param(name = "page") int page) {
            doWriteback(vcpu, page);
        }

        @Operation(nonParallelGroup = "host")
        public void completeIo() {
            doCompleteIo();
        }

        @Validate
        public void atRest() {
            checkAtRest();
        }
    }

    /** The wrong variant where make-stable and writers ignore the state-change lock. */
    public static class UnlockedMakeStable extends Cache {
        public UnlockedMakeStable() {
            super(OnlyTriesAreLocked::new);
        }
    }

    /** The wrong variant where make-volatile waits for the state-change lock. */
    public static class WaitingMakeVolatile extends Cache {
        public WaitingMakeVolatile() {
            super(TryWaits::new);
        }
    }

    /**
     * Locks in which {@link #acquire} takes nothing, so make-stable and writers go ahead unordered;
     * {@link #tryAcquire}, make-volatile's, takes the real lock, and {@link #release} lets go of it
     * only for the thread that took it (the others took nothing).
     */
    static final class OnlyTriesAreLocked implements PageLocks {
        private final PageLocks locks;
        private final ThreadLocal<boolean[]> held = ThreadLocal.withInitial(() -> new boolean[CacheMachine.FRAMES]);

        OnlyTriesAreLocked(PageLocks locks) {
            this.locks = locks;
        }

        @Override
        public boolean acquire(int frame) {
            return true;
        }

        @Override
        public boolean tryAcquire(int frame) {
            boolean taken = locks.tryAcquire(frame);
            held.get()[frame] |= taken;
            return taken;
        }

        @Override
        public void release(int frame) {
            if (held.get()[frame]) {
                held.get()[frame] = false;
                locks.release(frame);
            }
        }
    }

    /** Locks whose {@link #tryAcquire} waits as a waiter's {@link #acquire} does, holding the kernel lock meanwhile. */
    static final class TryWaits implements PageLocks {
        private final PageLocks locks;

        TryWaits(PageLocks locks) {
            this.locks = locks;
        }

        @Override
        public boolean acquire(int frame) {
            return locks.acquire(frame);
        }

        @Override
        public boolean tryAcquire(int frame) {
            while (!locks.acquire(frame)) {
                Thread.onSpinWait();
            }
            return true;
        }

        @Override
        public void release(int frame) {
            locks.release(frame);
        }
    }
}
