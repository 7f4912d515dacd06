package org.cmmalab.guestmm;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import org.cmmalab.pagestates.Discipline;
import org.cmmalab.pagestates.Orc;

/**
 * A guest's vCPUs as its kernel sees them: which one is running, how they take turns, and the
 * machine accesses they make for the page-cache and anonymous-memory protocols. This is the one
 * place where the kernel's {@link Discipline} lives; every protocol rule above it
 * ({@link PageCache}, {@link FileAccess}, {@link AnonMemory}, {@link HintPoints}, {@link RetiredFrames})
 * is written once and runs unchanged under both.
 *
 * <h2>The mechanics</h2>
 * The kernel's own structures (page descriptors, page index, LRU lists, buddy free lists,
 * counters) are kept by one vCPU at a time: the one that holds the <em>kernel lock</em>, from
 * {@link #enter} to {@link #exit} of a kernel entry. A vCPU lets go of it, and other vCPUs may
 * run kernel code, only at a <em>preemption point</em>:
 * <ul>
 *   <li>a machine access the protocols make to a page's frame ({@link #load}, {@link #store},
 *       {@link #essa}, {@link #clean}): an instruction that may take a host fault, during which a
 *       real vCPU waits and others go on;</li>
 *   <li>an I/O wait ({@link #ioWait}: a read-in from the guest's disk, a swap-in);</li>
 *   <li>a wait for a page's state-change lock that another vCPU holds ({@link #lockWait});</li>
 *   <li>an interrupt window ({@link #interruptWindow}), where a pending I/O completion runs on
 *       top of whatever this vCPU holds.</li>
 * </ul>
 * Within {@link #preemptDisable} ... {@link #preemptEnable} (reclaim, which walks LRU lists it
 * must find unchanged) machine accesses are not preemption points. Protocol code must therefore
 * find everything it read before a preemption point as it was, or look again: that is what the
 * state-change lock, page pins and the checks after each access are for. Host threads run in
 * parallel with all of it; the host side's own protocol ({@code GuestSpace}) orders them.
 *
 * <p>The disciplines differ only in where a vCPU actually lets go:
 * <ul>
 *   <li>{@link Discipline#SIMULATION}: one thread. With one vCPU nothing is let go: every
 *       preemption point is a no-op, and a kernel entry is one atomic step of the simulation.
 *       With several, a {@link Preemption} from the simulation decides at each point whether the
 *       running vCPU blocks (a host page-in, a disk read, a held lock) and which vCPU runs next:
 *       the interleaving is a function of the scenario and seed.</li>
 *   <li>{@link Discipline#THREADS}: each vCPU a real thread. The kernel lock is a spin lock that
 *       a vCPU drops at every preemption point and takes again after it, so that vCPUs truly run
 *       in parallel there; interrupts arrive from other threads and run at interrupt windows.</li>
 * </ul>
 * A kernel entry holds no Java lock across a preemption point but the kernel lock's own hand-over,
 * so a vCPU that waits for a page's state-change lock waits without the kernel lock, and the
 * holder can finish.
 */
public abstract class Vcpus {
    private final int count;
    final GuestMemory memory;

    /** {@code count} vCPUs ({@link KernelConfig} checks it) on {@code memory}. */
    Vcpus(GuestMemory memory, int count) {
        this.memory = Objects.requireNonNull(memory, "memory");
        this.count = count;
    }

    static Vcpus of(GuestMemory memory, KernelConfig config) {
        return config.discipline() == Discipline.THREADS
                ? new Threads(memory, config.vcpus())
                : new Simulation(memory, config.vcpus());
    }

    /** How many vCPUs the guest has. */
    public final int count() {
        return count;
    }

    /**
     * The vCPU running kernel code now: 0 to {@link #count()} - 1, or {@link #count()} for the
     * kernel's own threads ({@link #runAsKernelThread}).
     */
    public abstract int current();

    /**
     * From now on the calling thread runs as vCPU {@code vcpu}: in a simulation the scheduler says
     * so before it hands a vCPU the machine; under threads each vCPU thread says so once.
     */
    public abstract void runAs(int vcpu);

    /**
     * From now on the calling thread runs kernel threads (the flusher, drivers' work) in a context
     * of their own, apart from every vCPU's: a simulation runs them between vCPUs' steps, possibly
     * while a vCPU waits at a preemption point inside a kernel entry, whose announcements and locks
     * they must leave alone. Kernel threads are never preempted, and never wait for a page lock.
     */
    public final void runAsKernelThread() {
        runAs(count);
    }

    /**
     * Hands the simulation's scheduling of a multi-vCPU guest to {@code preemption}; without one a
     * simulated guest's vCPUs never let go (which is exact for one vCPU). Threads only: refused.
     */
    public abstract void setPreemption(Preemption preemption);

    /** Delivers I/O completions at interrupt windows under threads ({@link Interrupts}); a simulation completes at once. */
    public abstract void setInterrupts(Interrupts interrupts);

    /**
     * Whether every kernel entry is one atomic step: one vCPU of a simulation, whose preemption
     * points and interrupt windows are no-ops and whose retired frames are released at once. Only
     * then may one entry do the work of several consecutive ones (a run of first touches,
     * {@link GuestKernel#touchAnonRun}), as nothing can run between them.
     */
    abstract boolean atomicEntries();

    /** The start of a kernel entry by the current vCPU. */
    abstract void enter();

    /** The end of a kernel entry: the current vCPU holds nothing of the kernel's from now on. */
    abstract void exit();

    /** Machine accesses are no preemption points until the matching {@link #preemptEnable}. Nests. */
    abstract void preemptDisable();

    abstract void preemptEnable();

    /** A load of {@code frame} by the current vCPU, a preemption point. */
    abstract long load(int frame);

    /** A store to {@code frame} by the current vCPU, a preemption point; false on a discard fault. */
    abstract boolean store(int frame, long token);

    /** ESSA on {@code frame} by the current vCPU, a preemption point. */
    abstract int essa(int frame, Orc orc);

    /** The change-bit reset of {@code frame} by the current vCPU, a preemption point. */
    abstract void clean(int frame);

    /** The current vCPU waits for I/O it started (a read-in, a swap-in). */
    abstract void ioWait();

    /** The current vCPU waits for a page's state-change lock, which another vCPU holds. */
    abstract void lockWait();

    /** A discard fault is delivered to the current vCPU (program check 0x1a), before its handler runs. */
    abstract void discardFault();

    /** Pending interrupts of the current vCPU run here, on top of whatever it holds. */
    abstract void interruptWindow(GuestKernel kernel);

    /** {@code locks}, telling a simulation's scheduler when a lock is let go of (see {@link Preemption#lockReleased}). */
    PageLocks watched(PageLocks locks) {
        return locks;
    }

    /**
     * Write-back I/O of the page in {@code frame} was submitted by the current vCPU. True if it
     * completed at once (the caller runs the completion now); false if it completes later, as an
     * interrupt at an interrupt window of this vCPU.
     */
    abstract boolean writebackSubmitted(int frame);

    /**
     * What a multi-vCPU simulated guest's scheduler does at a preemption point of the running vCPU:
     * it may run other vCPUs (and the rest of the simulation) before it returns, and must return
     * with the machine handed back to this vCPU.
     */
    public interface Preemption {
        /** The running vCPU made a machine access; if it took a host fault that the vCPU waits for, it blocks here. */
        void accessed(int vcpu);

        /** The running vCPU waits for its own I/O (read-in, swap-in). */
        void ioWait(int vcpu);

        /** The running vCPU waits for a page's state-change lock; it is resumed after the holder may have moved. */
        void lockWait(int vcpu);

        /** A discard fault is being delivered to the running vCPU. */
        void discardFault(int vcpu);

        /** The running vCPU (or kernel thread) let go of a page's state-change lock: a waiter may go on. */
        void lockReleased(int vcpu);
    }

    /** Where write-back I/O goes under threads, and how its completions come back as interrupts. */
    public interface Interrupts {
        /** vCPU {@code vcpu} submitted write-back of the page in {@code frame}. */
        void submitted(int vcpu, int frame);

        /** Runs, on vCPU {@code vcpu}'s thread, the completions pending for it: {@link GuestKernel#endWriteback} each. */
        void take(int vcpu, GuestKernel kernel);
    }

    // ------------------------------------------------------------------ the simulation

    /**
     * One thread. Plain fields; the preemption points call the {@link Preemption} if a multi-vCPU
     * simulation set one, and are no-ops otherwise.
     */
    static final class Simulation extends Vcpus {
        private int current;
        private int preemptDisabled;
        private Preemption preemption;

        Simulation(GuestMemory memory, int count) {
            super(memory, count);
        }

        @Override
        public int current() {
            return current;
        }

        @Override
        public void runAs(int vcpu) {
            Objects.checkIndex(vcpu, count() + 1);
            current = vcpu;
        }

        @Override
        public void setPreemption(Preemption p) {
            if (count() == 1) {
                throw new IllegalStateException("one vCPU is never preempted: nobody else could run");
            }
            this.preemption = p;
        }

        @Override
        public void setInterrupts(Interrupts interrupts) {
            throw new UnsupportedOperationException("a simulated guest completes write-back at once");
        }

        @Override
        boolean atomicEntries() {
            return count() == 1;
        }

        @Override
        void enter() {
        }

        @Override
        void exit() {
        }

        @Override
        void preemptDisable() {
            preemptDisabled++;
        }

        @Override
        void preemptEnable() {
            preemptDisabled--;
        }

        @Override
        long load(int frame) {
            long token = memory.load(frame);
            accessed();
            return token;
        }

        @Override
        boolean store(int frame, long token) {
            boolean stored = memory.store(frame, token);
            accessed();
            return stored;
        }

        @Override
        int essa(int frame, Orc orc) {
            int old = memory.essa(frame, orc);
            accessed();
            return old;
        }

        @Override
        void clean(int frame) {
            memory.clean(frame);
        }

        private void accessed() {
            if (preemptible()) {
                preemption.accessed(current);
            }
        }

        @Override
        void ioWait() {
            if (preemptible()) {
                preemption.ioWait(current);
            }
        }

        @Override
        void lockWait() {
            if (preemption == null || current == count()) {
                throw new IllegalStateException((current == count() ? "a kernel thread" : "vCPU " + current)
                        + " waits for a state-change lock: only a vCPU of a guest with several may, and only"
                        + " while another holds it across a preemption point");
            }
            preemption.lockWait(current);
        }

        @Override
        void discardFault() {
            if (preemptible()) {
                preemption.discardFault(current);
            }
        }

        /** A vCPU (not a kernel thread) of a multi-vCPU simulation, with preemption enabled. */
        private boolean preemptible() {
            return preemption != null && preemptDisabled == 0 && current < count();
        }

        @Override
        void interruptWindow(GuestKernel kernel) {
        }

        @Override
        boolean writebackSubmitted(int frame) {
            return true;
        }

        @Override
        PageLocks watched(PageLocks locks) {
            if (count() == 1) {
                return locks; // no preemption to tell: the hot paths call the locks directly
            }
            return new PageLocks() {
                @Override
                public boolean acquire(int frame) {
                    return locks.acquire(frame);
                }

                @Override
                public boolean tryAcquire(int frame) {
                    return locks.tryAcquire(frame);
                }

                @Override
                public void release(int frame) {
                    locks.release(frame);
                    if (preemption != null) {
                        preemption.lockReleased(current);
                    }
                }
            };
        }
    }

    // ------------------------------------------------------------------ real threads

    /**
     * Real threads. The kernel lock is a ticket lock (as Linux's spinlocks were before queued
     * spinlocks): a vCPU takes the next ticket with an atomic increment and spins until the ticket
     * being served is its own; letting go serves the next ticket with a release store. Taking
     * reads the served ticket with a volatile load (an acquire), so everything a vCPU wrote to the
     * kernel's structures before it let go is seen by the next holder. Tickets are served in the
     * order they were taken: a vCPU that lets go at a preemption point and asks again at once
     * (waiting for a page's state-change lock) queues behind the vCPU it waits for, which a plain
     * test-and-set lock would let it overtake forever. Only the vCPU that took the lock lets go
     * of it, at a preemption point or at {@link #exit}. The current vCPU is a thread-local.
     *
     * <p>A waiter only spins ({@link Thread#onSpinWait}), and never yields its CPU: Lincheck's
     * model checker recognizes this loop as a wait for another thread, and reported the two other
     * shapes tried (a spin that yields after 128 looks, a loop of yields) as hangs in races 1 to 3. The
     * price is paid on real threads with more runnable threads than cores: a waiter spins while
     * the holder, or the next ticket, is not running, which can slow {@code cmma stress} by orders
     * of magnitude on a loaded machine.
     */
    static final class Threads extends Vcpus {
        private static final VarHandle NEXT;
        private static final VarHandle SERVING;

        static {
            try {
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                NEXT = lookup.findVarHandle(Threads.class, "next", int.class);
                SERVING = lookup.findVarHandle(Threads.class, "serving", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        @SuppressWarnings("unused") // through NEXT
        private volatile int next;
        @SuppressWarnings("unused") // through SERVING
        private volatile int serving;
        private final ThreadLocal<int[]> vcpu = ThreadLocal.withInitial(() -> new int[] {-1, 0});
        private Interrupts interrupts;

        Threads(GuestMemory memory, int count) {
            super(memory, count);
        }

        @Override
        public int current() {
            int v = vcpu.get()[0];
            if (v < 0) {
                throw new IllegalStateException(Thread.currentThread().getName() + " runs as no vCPU: call runAs first");
            }
            return v;
        }

        @Override
        public void runAs(int v) {
            Objects.checkIndex(v, count() + 1);
            vcpu.get()[0] = v;
        }

        @Override
        public void setPreemption(Preemption p) {
            throw new UnsupportedOperationException("threads are preempted by the machine, not by a simulation");
        }

        @Override
        public void setInterrupts(Interrupts i) {
            this.interrupts = i;
        }

        @Override
        boolean atomicEntries() {
            return false; // interrupts come from other threads at every interrupt window
        }

        @Override
        void enter() {
            current();
            lockKernel();
        }

        @Override
        void exit() {
            unlockKernel();
        }

        @Override
        void preemptDisable() {
            vcpu.get()[1]++;
        }

        @Override
        void preemptEnable() {
            vcpu.get()[1]--;
        }

        @Override
        long load(int frame) {
            boolean let = letGo();
            try {
                return memory.load(frame);
            } finally {
                takeBack(let);
            }
        }

        @Override
        boolean store(int frame, long token) {
            boolean let = letGo();
            try {
                return memory.store(frame, token);
            } finally {
                takeBack(let);
            }
        }

        @Override
        int essa(int frame, Orc orc) {
            boolean let = letGo();
            try {
                return memory.essa(frame, orc);
            } finally {
                takeBack(let);
            }
        }

        @Override
        void clean(int frame) {
            boolean let = letGo();
            try {
                memory.clean(frame);
            } finally {
                takeBack(let);
            }
        }

        @Override
        void ioWait() {
            takeBack(letGo());
        }

        @Override
        void lockWait() {
            unlockKernel();
            Thread.onSpinWait();
            lockKernel();
        }

        @Override
        void discardFault() {
            takeBack(letGo());
        }

        @Override
        void interruptWindow(GuestKernel kernel) {
            if (interrupts != null) {
                interrupts.take(current(), kernel);
            }
        }

        @Override
        boolean writebackSubmitted(int frame) {
            if (interrupts == null) {
                return true;
            }
            interrupts.submitted(current(), frame);
            return false;
        }

        /** Lets go of the kernel lock at a preemption point, unless preemption is disabled; whether it did. */
        private boolean letGo() {
            if (vcpu.get()[1] != 0) {
                return false;
            }
            unlockKernel();
            return true;
        }

        private void takeBack(boolean let) {
            if (let) {
                lockKernel();
            }
        }

        private void lockKernel() {
            int ticket = (int) NEXT.getAndAdd(this, 1);
            while ((int) SERVING.getVolatile(this) != ticket) {
                Thread.onSpinWait();
            }
        }

        private void unlockKernel() {
            SERVING.setRelease(this, (int) SERVING.getVolatile(this) + 1);
        }
    }
}
