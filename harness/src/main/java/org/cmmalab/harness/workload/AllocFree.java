package org.cmmalab.harness.workload;

import java.util.SplittableRandom;
import org.cmmalab.guestmm.GuestKernel;
import org.cmmalab.harness.yaml.YamlMapping;

/**
 * The per-page recycler's density test (the PPR RFC, docs/sources.md): "Each VM ran an application allocate/free
 * memory every 30 minutes. The top memory allocation size of each period is 3GB and average size
 * is 150MB." Once a period a process allocates an anonymous region, writes every page of it,
 * holds it {@code holdSeconds} and frees it. Allocation and freeing proceed in chunks, one per
 * step, so that guests interleave, and each guest starts its cycle at its own random phase.
 *
 * <p>The region's size is either the peak every period ({@code sizes: fixed}, {@code peakFraction}
 * of guest memory) or a draw, each period, from the {@link TruncatedExponential truncated
 * exponential} with mean {@code meanFraction} and maximum {@code peakFraction} of guest memory
 * ({@code sizes: exponential}): the maximum-entropy reading of a source that gives only a mean and
 * a top. Before its first cycle the guest boots an operating system: {@code osFilePages} of page
 * cache read from its disk image (identical across guests booted from one image) and
 * {@code osAnonPages} of kernel and daemon memory (private to the guest), both kept for the whole
 * run.
 */
final class AllocFree implements Workload {
    record Spec(String sizes, double peakFraction, double meanFraction, long periodNanos, long holdNanos,
                int chunkPages, long cpuNanosPerChunk, int osFilePages, int osAnonPages) implements WorkloadSpec {
        static Spec parse(YamlMapping p) {
            Spec s = new Spec(
                    p.choice("sizes", "fixed", java.util.List.of("fixed", "exponential")),
                    p.number("peakFraction", 0.75, 0, 1),
                    p.number("meanFraction", 0.0366, 0, 0.5),
                    Math.round(p.number("periodSeconds", 1800, 1e-3, 1e7) * 1e9),
                    Math.round(p.number("holdSeconds", 90, 0, 1e7) * 1e9),
                    (int) p.integer("chunkPages", 256, 1, 1 << 20),
                    Math.round(p.number("cpuMicrosPerChunk", 100, 0, 1e9) * 1000),
                    (int) p.integer("osFilePages", 0, 0, 1 << 24),
                    (int) p.integer("osAnonPages", 0, 0, 1 << 24));
            if (s.holdNanos >= s.periodNanos) {
                throw p.error("holdSeconds", "holdSeconds must be shorter than periodSeconds");
            }
            if (s.sizes.equals("exponential") && !(s.meanFraction > 0 && s.meanFraction < s.peakFraction / 2)) {
                throw p.error("meanFraction", "meanFraction must be above 0 and below half of peakFraction ("
                        + s.peakFraction + ") for exponential sizes, was " + s.meanFraction);
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
            return new AllocFree(this, random, guestFrames);
        }
    }

    private final Spec spec;
    private final SplittableRandom random;
    private final int peakPages;
    private final TruncatedExponential sizes;
    private final long phase;
    private int pid;
    private int osFile = -1;
    private int osPid;
    private int osHeap;
    private boolean booted;
    private int region = -1;
    private int pages;
    private int touched;
    private long cycleStart;

    private AllocFree(Spec spec, SplittableRandom random, int guestFrames) {
        this.spec = spec;
        this.random = random;
        this.peakPages = (int) (guestFrames * spec.peakFraction);
        this.sizes = spec.sizes.equals("exponential") && peakPages > 0
                ? new TruncatedExponential(guestFrames * spec.meanFraction, peakPages) : null;
        // Guests do not start their cycles in lockstep.
        this.phase = (long) (random.nextDouble() * spec.periodNanos);
    }

    @Override
    public void boot(GuestKernel kernel) {
        pid = kernel.createProcess();
        if (spec.osFilePages > 0) {
            osFile = kernel.createFile(spec.osFilePages);
        }
        if (spec.osAnonPages > 0) {
            osPid = kernel.createProcess();
            osHeap = kernel.malloc(osPid, spec.osAnonPages);
        }
    }

    @Override
    public void step(GuestKernel kernel, long now, Step out) {
        if (!booted) {
            booted = true;
            if (!bootOs(kernel)) {
                out.failed();
            }
            out.sleep(Math.max(0, phase - now));
            return;
        }
        if (region < 0) {
            if (now < phase) {
                out.sleep(phase - now);
                return;
            }
            cycleStart = now;
            pages = sizes == null ? peakPages : (int) Math.round(sizes.sample(random));
            if (pages == 0) {
                out.sleep(spec.periodNanos);
                return;
            }
            region = kernel.malloc(pid, pages);
            touched = 0;
        }
        if (touched < pages) {
            int n = Math.min(spec.chunkPages, pages - touched);
            if (!Heap.touchAll(kernel, pid, region + touched, n, true)) {
                out.failed();
                release(kernel, now, out);
                return;
            }
            touched += n;
            out.cpu(spec.cpuNanosPerChunk);
            if (touched == pages) {
                out.request();
                out.sleep(spec.holdNanos);
            }
            return;
        }
        release(kernel, now, out);
    }

    /** Reads the image's system files into the page cache and writes the kernel's and daemons' memory. */
    private boolean bootOs(GuestKernel kernel) {
        if (spec.osFilePages > 0 && kernel.readRun(osFile, 0, spec.osFilePages) < spec.osFilePages) {
            return false;
        }
        return spec.osAnonPages == 0 || Heap.touchAll(kernel, osPid, osHeap, spec.osAnonPages, true);
    }

    private void release(GuestKernel kernel, long now, Step out) {
        kernel.free(pid, region);
        region = -1;
        out.sleep(Math.max(0, cycleStart + spec.periodNanos - now));
    }
}
