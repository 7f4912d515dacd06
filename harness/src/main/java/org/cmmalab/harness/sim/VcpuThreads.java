package org.cmmalab.harness.sim;

import java.util.concurrent.Semaphore;
import org.cmmalab.guestmm.Vcpus;
import org.cmmalab.harness.workload.Workload;
import org.cmmalab.hostpager.HostCounters;

/**
 * The vCPUs of a simulated guest that has several, as threads that take turns with the
 * simulation's event loop: one thread holds the machine at a time, and the hand-over points are
 * fixed by the simulation, so every interleaving is a function of the scenario and seed.
 *
 * <h2>The baton</h2>
 * A vCPU runs a <em>slice</em>: the event loop hands it the machine ({@code go}) and waits
 * ({@code back}) until the vCPU hands it back, at the end of its step or at a preemption point of
 * the guest kernel ({@link Vcpus.Preemption}) where a real vCPU would wait:
 * <ul>
 *   <li>a machine access that took a host fault the vCPU waits for (a page-in, or a page-out of
 *       the direct reclaim it ran into);</li>
 *   <li>its own block I/O (a read-in, a swap-in);</li>
 *   <li>the delivery of a discard fault;</li>
 *   <li>a page's state-change lock that another vCPU holds.</li>
 * </ul>
 * The slice is charged like any piece of guest work ({@link Machine#charge}, from counter deltas,
 * which only this vCPU moved while it held the machine), and the vCPU resumes that much virtual
 * time later; a vCPU that waits for a page's lock resumes when another vCPU of the guest ends a
 * slice in which it let go of a lock (the kernel says so: {@link Vcpus.Preemption#lockReleased};
 * only a vCPU's slice can let go of a lock another vCPU met), and looks again. Each
 * semaphore release and acquire is a happens-before edge, so the machine's plain fields pass from
 * thread to thread intact. While the event loop holds the machine it runs as the guest kernel's
 * kernel-thread context ({@link Vcpus#runAsKernelThread}), so that the flusher and drivers never
 * touch a waiting vCPU's state.
 *
 * <p>The workload's one instance serves every vCPU (its steps interleave at preemption points);
 * each vCPU has its own step report and its own time. Requests count at the end of a step, their
 * latency from its start.
 */
final class VcpuThreads implements Vcpus.Preemption {

    private final Machine machine;
    private final GuestVm vm;
    private final Vcpus vcpus;
    private final HostCounters host;
    private final Thread[] threads;
    private final Semaphore[] go;
    private final Semaphore back = new Semaphore(0);
    private final Workload.Step[] steps;
    private final long[] stepStart;
    private final long[] busyUntil;
    private final boolean[] inStep;
    /** vCPUs waiting for a page's lock that another holds: resumed when another vCPU ends a slice. */
    private final boolean[] lockWaiter;
    /** Why the running vCPU handed the machine back: done with its step, or waiting (for a lock, or its time). */
    private boolean waitsForLock;
    /** Whether the slice running now let go of a page's lock: the lock waiters may go on once it ends. */
    private boolean released;
    private boolean stepDone;
    private long hostIoSeen;
    private RuntimeException failure;
    private Error error;
    private volatile boolean stopping;

    VcpuThreads(Machine machine, GuestVm vm, HostCounters host) {
        this.machine = machine;
        this.vm = vm;
        this.vcpus = vm.kernel().vcpus();
        this.host = host;
        int n = vcpus.count();
        this.threads = new Thread[n];
        this.go = new Semaphore[n];
        this.steps = new Workload.Step[n];
        this.stepStart = new long[n];
        this.busyUntil = new long[n];
        this.inStep = new boolean[n];
        this.lockWaiter = new boolean[n];
        for (int v = 0; v < n; v++) {
            go[v] = new Semaphore(0);
            steps[v] = new Workload.Step();
            int vcpu = v;
            threads[v] = new Thread(() -> body(vcpu), vm.name + "-vcpu" + v);
            threads[v].setDaemon(true);
        }
        vcpus.setPreemption(this);
        vcpus.runAsKernelThread();
        for (Thread t : threads) {
            t.start();
        }
    }

    /** Schedules every vCPU's first step at {@code time}. */
    void start(EventQueue events, long time) {
        for (int v = 0; v < threads.length; v++) {
            int vcpu = v;
            events.at(time, t -> slice(events, vcpu, t));
        }
    }

    /** Ends the threads: each waiting vCPU unwinds its step; the machine's state after that is not looked at. */
    void stop() {
        stopping = true;
        for (int v = 0; v < threads.length; v++) {
            go[v].release();
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    // ---------------------------------------------------------------- the event loop's side

    /** When vCPU {@code v} is free again; vCPU 0's is the guest's, which driver work also delays ({@link Machine#driverWork}). */
    private long busyUntil(int v) {
        return v == 0 ? vm.busyUntil : busyUntil[v];
    }

    private void setBusyUntil(int v, long time) {
        if (v == 0) {
            vm.busyUntil = time;
        } else {
            busyUntil[v] = time;
        }
    }

    private void slice(EventQueue events, int v, long now) {
        if (now < busyUntil(v)) {
            events.at(busyUntil(v), t -> slice(events, v, t));
            return;
        }
        if (!inStep[v]) {
            inStep[v] = true;
            stepStart[v] = now;
            steps[v].clear();
        }
        waitsForLock = false;
        released = false;
        stepDone = false;
        vcpus.runAs(v);
        hostIoSeen = hostIo();
        long cost = machine.charge(vm, now, () -> handOver(v));
        vcpus.runAsKernelThread();
        setBusyUntil(v, now + cost);
        if (released) {
            wakeLockWaiters(events, v, now + cost);
        }
        if (waitsForLock) {
            lockWaiter[v] = true;
            checkNotAllWaiting();
            return;
        }
        if (!stepDone) {
            events.at(busyUntil(v), t -> slice(events, v, t));
            return;
        }
        inStep[v] = false;
        Workload.Step s = steps[v];
        long end = now + cost + s.cpuNanos();
        machine.stepDone(vm, s, end - stepStart[v], stepStart[v]);
        setBusyUntil(v, end);
        if (s.isFinished()) {
            machine.jobDone(vm, end);
            return;
        }
        long next = end + s.sleepNanos();
        if (next < machine.endNanos()) {
            events.at(next, t -> slice(events, v, t));
        }
    }

    /** A slice of vCPU {@code ended} that let go of a lock ended at {@code time}: every other vCPU waiting for a lock looks again then. */
    private void wakeLockWaiters(EventQueue events, int ended, long time) {
        for (int w = 0; w < lockWaiter.length; w++) {
            if (lockWaiter[w] && w != ended) {
                lockWaiter[w] = false;
                int waiter = w;
                events.at(Math.max(time, busyUntil(w)), t -> slice(events, waiter, t));
            }
        }
    }

    /** Every vCPU waiting for a lock, none of which a running vCPU can let go of: a bug in the kernel's lock order. */
    private void checkNotAllWaiting() {
        for (boolean w : lockWaiter) {
            if (!w) {
                return;
            }
        }
        throw new IllegalStateException(vm.name + ": every vCPU waits for a page's state-change lock that another waiter holds");
    }

    /** Gives vCPU {@code v} the machine until it hands it back; rethrows what went wrong on its thread. */
    private void handOver(int v) {
        go[v].release();
        back.acquireUninterruptibly();
        if (failure != null) {
            throw failure;
        }
        if (error != null) {
            throw error;
        }
    }

    // ---------------------------------------------------------------- the vCPU threads' side

    private void body(int v) {
        go[v].acquireUninterruptibly();
        try {
            while (!stopping) {
                vm.workload.step(vm.kernel(), stepStart[v], steps[v]);
                stepDone = true;
                back.release();
                go[v].acquireUninterruptibly();
            }
        } catch (Stopped s) {
            return;
        } catch (RuntimeException e) {
            failure = e;
            back.release();
        } catch (Error e) {
            error = e;
            back.release();
        }
    }

    /** The running vCPU waits: the machine goes back to the event loop until the slice's time has passed, or a lock may be free. */
    private void waitHere(int v, boolean forLock) {
        if (stopping) {
            throw new Stopped(); // unwinding a step the run no longer needs: hand nothing back
        }
        waitsForLock = forLock;
        back.release();
        go[v].acquireUninterruptibly();
        if (stopping) {
            throw new Stopped();
        }
        hostIoSeen = hostIo();
    }

    @Override
    public void accessed(int vcpu) {
        if (hostIo() != hostIoSeen) {
            waitHere(vcpu, false);
        }
    }

    @Override
    public void ioWait(int vcpu) {
        waitHere(vcpu, false);
    }

    @Override
    public void lockWait(int vcpu) {
        waitHere(vcpu, true);
    }

    @Override
    public void discardFault(int vcpu) {
        waitHere(vcpu, false);
    }

    @Override
    public void lockReleased(int vcpu) {
        released = true;
    }

    /** Host I/O the running vCPU waits for when it takes a host fault: page-ins, and the page-outs of direct reclaim. */
    private long hostIo() {
        return host.pageIns() + host.pageOuts();
    }

    /** Unwinds a waiting vCPU's step when the run is over. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }
}
