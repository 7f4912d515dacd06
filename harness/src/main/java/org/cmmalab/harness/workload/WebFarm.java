package org.cmmalab.harness.workload;

import java.util.SplittableRandom;
import org.cmmalab.guestmm.GuestKernel;
import org.cmmalab.harness.scenario.Section;

/**
 * A web server (the 530cmm report's Apache farm): each request reads one file, chosen by Zipf
 * popularity, through the page cache, and builds its reply in a small anonymous heap that is
 * freed when the request ends. The file set is sized against guest memory so that, as in a real
 * server, the guest fills its free memory with page cache.
 */
final class WebFarm implements Workload {
    record Spec(int files, int meanFilePages, double zipfExponent, int heapPages, long cpuNanos, long thinkNanos)
            implements WorkloadSpec {
        static Spec parse(Section p) {
            Spec s = new Spec(
                    (int) p.integer("files", 6000, 1, 10_000_000),
                    (int) p.integer("meanFilePages", 8, 1, 1 << 20),
                    p.number("zipfExponent", 0.8, 0, 10),
                    (int) p.integer("heapPages", 32, 0, 1 << 20),
                    Math.round(p.number("cpuMicros", 500, 0, 1e9) * 1000),
                    Math.round(p.number("thinkMicros", 0, 0, 1e9) * 1000));
            p.done();
            return s;
        }

        @Override
        public String name() {
            return "web-farm";
        }

        @Override
        public Workload create(SplittableRandom random, int guestFrames) {
            return new WebFarm(this, random);
        }
    }

    private final Spec spec;
    private final SplittableRandom random;
    private final Zipf popularity;
    private int[] files;
    private int server;

    private WebFarm(Spec spec, SplittableRandom random) {
        this.spec = spec;
        this.random = random;
        this.popularity = new Zipf(spec.files, spec.zipfExponent);
    }

    @Override
    public void boot(GuestKernel kernel) {
        files = new int[spec.files];
        for (int i = 0; i < files.length; i++) {
            files[i] = kernel.createFile(1 + random.nextInt(2 * spec.meanFilePages - 1));
        }
        server = kernel.createProcess();
    }

    @Override
    public void step(GuestKernel kernel, long now, Step out) {
        int file = files[popularity.next(random)];
        for (int page = 0, n = kernel.filePages(file); page < n; page++) {
            if (kernel.read(file, page) == GuestKernel.NO_MEMORY) {
                out.failed();
                return;
            }
        }
        if (spec.heapPages > 0 && !Heap.useOnce(kernel, server, spec.heapPages)) {
            out.failed();
            return;
        }
        out.cpu(spec.cpuNanos);
        out.sleep(spec.thinkNanos);
        out.request();
    }
}
