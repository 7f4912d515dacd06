package org.cmmalab.harness.workload;

import org.cmmalab.guestmm.GuestKernel;

/**
 * What one guest runs: a sequence of steps on its kernel, each a request (a web page served, a
 * transaction) or a piece of background work. The machine charges every memory event a step causes
 * from the kernel's and host's counters; a step reports only what those counters cannot see: its
 * own CPU time, whether it completed a request, and how long the guest then sleeps.
 */
public interface Workload {
    /** Creates files and processes; runs once, at boot, before the first step. */
    void boot(GuestKernel kernel);

    /** Runs the next step at virtual time {@code now}, reporting into {@code out} (already cleared). */
    void step(GuestKernel kernel, long now, Step out);

    /** A step's report; one instance per guest, reused for every step. */
    final class Step {
        /** One tick of the guest's clock: s390's defconfig has {@code CONFIG_HZ_100}. */
        static final long JIFFY_NANOS = 10_000_000;

        long cpuNanos;
        long sleepNanos;
        boolean request;
        boolean failed;
        boolean finished;

        /** Charges CPU time the counters do not see (parsing a request, compiling a file). */
        public void cpu(long nanos) {
            cpuNanos += nanos;
        }

        /** The guest then sleeps (think time, an idle period) before its next step. */
        public void sleep(long nanos) {
            sleepNanos += nanos;
        }

        /** The step completed one request, counted in throughput and latency. */
        public void request() {
            request = true;
        }

        /**
         * The step could not complete: the guest ran out of memory. The task then waits a jiffy
         * before its next step, as the allocator's slow path does before it tries again
         * ({@code schedule_timeout_uninterruptible(1)} in {@code __alloc_pages_may_oom},
         * mm/page_alloc.c, Linux 6.12): a failure costs no CPU the counters see, and a step that
         * failed in no time, retried at once, would hold virtual time still for as long as the
         * memory stays short, which only time passing can end.
         */
        public void failed() {
            failed = true;
            sleepNanos += JIFFY_NANOS;
        }

        /**
         * The workload's finite job (two kernel builds, say) is done with this step: the guest runs
         * no more steps, and the time its job took is measured at this step's end.
         */
        public void finished() {
            finished = true;
        }

        public long cpuNanos() {
            return cpuNanos;
        }

        public long sleepNanos() {
            return sleepNanos;
        }

        public boolean isRequest() {
            return request;
        }

        public boolean isFailed() {
            return failed;
        }

        public boolean isFinished() {
            return finished;
        }

        public void clear() {
            cpuNanos = 0;
            sleepNanos = 0;
            request = false;
            failed = false;
            finished = false;
        }
    }
}
