package org.cmmalab.harness.workload;

import java.util.SplittableRandom;
import org.cmmalab.guestmm.GuestKernel;
import org.cmmalab.harness.scenario.Section;

/**
 * A kernel build (the tmem seed's benchmark): each step compiles one source file, reading it and
 * a handful of popular headers through the page cache, working in an anonymous burst (the
 * compiler's heap), and writing an object file. When every source is compiled the objects are
 * deleted ({@code make clean}) and the build starts over: page-cache churn plus anonymous bursts.
 */
final class KernelCompile implements Workload {
    record Spec(int sources, int meanSourcePages, int headers, int headersPerSource, int objectPages,
                int burstPages, long cpuNanos) implements WorkloadSpec {
        static Spec parse(Section p) {
            Spec s = new Spec(
                    (int) p.integer("sources", 3000, 1, 10_000_000),
                    (int) p.integer("meanSourcePages", 4, 1, 1 << 16),
                    (int) p.integer("headers", 800, 1, 10_000_000),
                    (int) p.integer("headersPerSource", 20, 0, 10_000),
                    (int) p.integer("objectPages", 4, 1, 1 << 16),
                    (int) p.integer("burstPages", 512, 0, 1 << 24),
                    Math.round(p.number("cpuMillis", 20, 0, 1e6) * 1e6));
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
    private int compiler;

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
        compiler = kernel.createProcess();
    }

    @Override
    public void step(GuestKernel kernel, long now, Step out) {
        if (next == sources.length) {
            for (int i = 0; i < objects.length; i++) {
                kernel.deleteFile(objects[i]);
            }
            next = 0;
        }
        boolean ok = readAll(kernel, sources[next]);
        for (int i = 0; ok && i < spec.headersPerSource; i++) {
            ok = readAll(kernel, headers[headerPopularity.next(random)]);
        }
        ok = ok && (spec.burstPages == 0 || Heap.useOnce(kernel, compiler, spec.burstPages));
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

    private static boolean readAll(GuestKernel kernel, int file) {
        for (int page = 0, n = kernel.filePages(file); page < n; page++) {
            if (kernel.read(file, page) == GuestKernel.NO_MEMORY) {
                return false;
            }
        }
        return true;
    }
}
