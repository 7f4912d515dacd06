package org.cmmalab.harness.workload;

import java.util.SplittableRandom;
import org.cmmalab.guestmm.GuestKernel;
import org.cmmalab.harness.yaml.YamlMapping;

/**
 * A kernel build (the tmem seed's benchmark): each step compiles one source file, reading it and
 * a handful of popular headers through the page cache, working in an anonymous burst (the
 * compiler's heap), and writing an object file. When every source is compiled the link reads
 * every object file once, and the next build starts with {@code make clean}, which deletes them:
 * page-cache churn plus anonymous bursts.
 *
 * <p>{@code builds} makes it a finite job: after that many builds the guest is done (the seed's
 * "make clean; make -j8; make clean; make -j8" is 2), and the time it took is the result
 * ({@code jobSeconds}); 0 builds forever. {@code jobs} is make's {@code -j}: the guest has one
 * vCPU, so compiles still run one after another, but each compiler's heap lives until
 * {@code jobs - 1} more compiles have started, so that {@code jobs} compilers hold memory at once
 * as under {@code make -jN}.
 */
final class KernelCompile implements Workload {
    record Spec(int sources, int meanSourcePages, int headers, int headersPerSource, int objectPages,
                int burstPages, long cpuNanos, int builds, int jobs) implements WorkloadSpec {
        static Spec parse(YamlMapping p) {
            Spec s = new Spec(
                    (int) p.integer("sources", 3000, 1, 10_000_000),
                    (int) p.integer("meanSourcePages", 4, 1, 1 << 16),
                    (int) p.integer("headers", 800, 1, 10_000_000),
                    (int) p.integer("headersPerSource", 20, 0, 10_000),
                    (int) p.integer("objectPages", 4, 1, 1 << 16),
                    (int) p.integer("burstPages", 512, 0, 1 << 24),
                    Math.round(p.number("cpuMillis", 20, 0, 1e6) * 1e6),
                    (int) p.integer("builds", 0, 0, 1_000_000),
                    (int) p.integer("jobs", 1, 1, 1024));
            p.done();
            return s;
        }

        @Override
        public String name() {
            return "kernel-compile";
        }

        @Override
        public Workload create(SplittableRandom random, int guestFrames) {
            return new KernelCompile(this, random);
        }
    }

    private final Spec spec;
    private final SplittableRandom random;
    private final Zipf headerPopularity;
    private int[] sources;
    private int[] headers;
    private int[] objects;
    private int next;
    private int builds;
    /** One compiler process per job slot; {@code heaps[j]} is the live heap of slot j, or -1. */
    private int[] compilers;
    private int[] heaps;
    private int slot;

    private KernelCompile(Spec spec, SplittableRandom random) {
        this.spec = spec;
        this.random = random;
        this.headerPopularity = new Zipf(spec.headers, 1.0);
    }

    @Override
    public void boot(GuestKernel kernel) {
        sources = new int[spec.sources];
        for (int i = 0; i < sources.length; i++) {
            sources[i] = kernel.createFile(1 + random.nextInt(2 * spec.meanSourcePages - 1));
        }
        headers = new int[spec.headers];
        for (int i = 0; i < headers.length; i++) {
            headers[i] = kernel.createFile(1 + random.nextInt(3));
        }
        objects = new int[spec.sources];
        compilers = new int[spec.jobs];
        heaps = new int[spec.jobs];
        for (int j = 0; j < spec.jobs; j++) {
            compilers[j] = kernel.createProcess();
            heaps[j] = -1;
        }
    }

    @Override
    public void step(GuestKernel kernel, long now, Step out) {
        if (next == sources.length) {
            link(kernel, out);
            return;
        }
        boolean ok = readAll(kernel, sources[next]);
        for (int i = 0; ok && i < spec.headersPerSource; i++) {
            ok = readAll(kernel, headers[headerPopularity.next(random)]);
        }
        ok = ok && compilerHeap(kernel);
        if (ok) {
            int object = kernel.createFile(spec.objectPages);
            objects[next] = object;
            for (int page = 0; ok && page < spec.objectPages; page++) {
                ok = kernel.write(object, page, now) != GuestKernel.NO_MEMORY;
            }
            next++;
        }
        if (!ok) {
            out.failed();
            return;
        }
        out.cpu(spec.cpuNanos);
        out.request();
    }

    /**
     * This compile's heap: the oldest slot's compiler exits (its heap is freed) and this compile
     * allocates and writes its own; with one job it is freed at once.
     */
    private boolean compilerHeap(GuestKernel kernel) {
        if (spec.burstPages == 0) {
            return true;
        }
        if (spec.jobs == 1) {
            return Heap.useOnce(kernel, compilers[0], spec.burstPages);
        }
        if (heaps[slot] >= 0) {
            kernel.free(compilers[slot], heaps[slot]);
        }
        heaps[slot] = kernel.malloc(compilers[slot], spec.burstPages);
        boolean ok = Heap.touchAll(kernel, compilers[slot], heaps[slot], spec.burstPages, true);
        slot = (slot + 1) % spec.jobs;
        return ok;
    }

    /**
     * The end of a build: the compilers have exited and the link reads every object file; then
     * either the job is done or {@code make clean} deletes the objects and the next build starts.
     */
    private void link(GuestKernel kernel, Step out) {
        for (int j = 0; j < heaps.length; j++) { // make waits for every compiler before it links
            if (heaps[j] >= 0) {
                kernel.free(compilers[j], heaps[j]);
                heaps[j] = -1;
            }
        }
        for (int object : objects) {
            if (!readAll(kernel, object)) {
                out.failed();
                return;
            }
        }
        if (spec.builds > 0 && ++builds == spec.builds) {
            out.finished();
            return;
        }
        for (int object : objects) {
            kernel.deleteFile(object);
        }
        next = 0;
    }

    private static boolean readAll(GuestKernel kernel, int file) {
        for (int page = 0, n = kernel.filePages(file); page < n; page++) {
            if (kernel.read(file, page) == GuestKernel.NO_MEMORY) {
                return false;
            }
        }
        return true;
    }
}
