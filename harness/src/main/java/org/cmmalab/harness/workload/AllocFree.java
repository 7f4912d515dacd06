package org.cmmalab.harness.workload;

import java.util.SplittableRandom;
import org.cmmalab.guestmm.GuestKernel;
import org.cmmalab.harness.scenario.Section;

/**
 * The per-page recycler's density test (seed 000): a process that, once a period, allocates a
 * large anonymous region, writes it, holds it a while and frees it. With the seed's numbers (4 GiB
 * guests, a 3 GiB peak every 30 minutes, 150 MiB on average) most of a guest's memory is free most
 * of the time, and what a policy does with freed memory decides how many guests a host holds.
 * Allocation and freeing proceed in chunks, one per step, so that guests interleave.
 */
final class AllocFree implements Workload {
    record Spec(double peakFraction, long periodNanos, long holdNanos, int chunkPages, long cpuNanosPerChunk)
            implements WorkloadSpec {
        static Spec parse(Section p) {
            Spec s = new Spec(
                    p.number("peakFraction", 0.75, 0, 1),
                    Math.round(p.number("periodSeconds", 1800, 1e-3, 1e7) * 1e9),
                    Math.round(p.number("holdSeconds", 90, 0, 1e7) * 1e9),
                    (int) p.integer("chunkPages", 256, 1, 1 << 20),
                    Math.round(p.number("cpuMicrosPerChunk", 100, 0, 1e9) * 1000));
            if (s.holdNanos >= s.periodNanos) {
                throw p.error("holdSeconds", "holdSeconds must be shorter than periodSeconds");
            }
            p.done();
            return s;
        }

        @Override
        public String name() {
            return "alloc-free";
        }

        @Override
        public Workload create(SplittableRandom random, int guestFrames) {
            return new AllocFree(this, random, (int) (guestFrames * peakFraction));
        }
    }

    private final Spec spec;
    private final int peakPages;
    private final long phase;
    private int pid;
    private int region = -1;
    private int touched;
    private long cycleStart;

    private AllocFree(Spec spec, SplittableRandom random, int peakPages) {
        this.spec = spec;
        this.peakPages = peakPages;
        // Guests do not start their cycles in lockstep.
        this.phase = (long) (random.nextDouble() * spec.periodNanos);
    }

    @Override
    public void boot(GuestKernel kernel) {
        pid = kernel.createProcess();
    }

    @Override
    public void step(GuestKernel kernel, long now, Step out) {
        if (region < 0) {
            if (now < phase) {
                out.sleep(phase - now);
                return;
            }
            cycleStart = now;
            region = kernel.malloc(pid, peakPages);
            touched = 0;
        }
        if (touched < peakPages) {
            int n = Math.min(spec.chunkPages, peakPages - touched);
            if (!Heap.touchAll(kernel, pid, region + touched, n, true)) {
                out.failed();
                release(kernel, now, out);
                return;
            }
            touched += n;
            out.cpu(spec.cpuNanosPerChunk);
            if (touched == peakPages) {
                out.request();
                out.sleep(spec.holdNanos);
            }
            return;
        }
        release(kernel, now, out);
    }

    private void release(GuestKernel kernel, long now, Step out) {
        kernel.free(pid, region);
        region = -1;
        out.sleep(Math.max(0, cycleStart + spec.periodNanos - now));
    }
}
