package org.cmmalab.harness.workload;

import java.util.SplittableRandom;
import org.cmmalab.guestmm.GuestKernel;
import org.cmmalab.harness.yaml.YamlMapping;

/**
 * A database server: a large anonymous buffer pool (most of guest memory, as database tuning
 * guides advise) accessed with a skewed, Zipf-like popularity, part of the accesses updates, and
 * a transaction log appended through the page cache. Almost nothing here is volatile: CMMA can
 * discard only free pages and the log's clean pages, which makes this the workload where hinting
 * should help least.
 */
final class Database implements Workload {
    record Spec(double bufferFraction, double zipfExponent, int pagesPerTransaction, double updateFraction,
                int logPages, long cpuNanos) implements WorkloadSpec {
        static Spec parse(YamlMapping p) {
            Spec s = new Spec(
                    p.number("bufferFraction", 0.6, 0, 1),
                    p.number("zipfExponent", 0.9, 0, 10),
                    (int) p.integer("pagesPerTransaction", 8, 1, 1 << 16),
                    p.number("updateFraction", 0.2, 0, 1),
                    (int) p.integer("logPages", 4096, 1, 1 << 24),
                    Math.round(p.number("cpuMicros", 200, 0, 1e9) * 1000));
            p.done();
            return s;
        }

        @Override
        public String name() {
            return "database";
        }

        @Override
        public Workload create(SplittableRandom random, int guestFrames) {
            return new Database(this, random, Math.max(1, (int) (guestFrames * bufferFraction)));
        }
    }

    private final Spec spec;
    private final SplittableRandom random;
    private final int bufferPages;
    private final Zipf popularity;
    private int pid;
    private int pool;
    private int log;
    private int logHead;

    private Database(Spec spec, SplittableRandom random, int bufferPages) {
        this.spec = spec;
        this.random = random;
        this.bufferPages = bufferPages;
        this.popularity = new Zipf(bufferPages, spec.zipfExponent);
    }

    @Override
    public void boot(GuestKernel kernel) {
        pid = kernel.createProcess();
        pool = kernel.malloc(pid, bufferPages);
        log = kernel.createFile(spec.logPages);
    }

    @Override
    public void step(GuestKernel kernel, long now, Step out) {
        boolean updated = false;
        for (int i = 0; i < spec.pagesPerTransaction; i++) {
            boolean store = random.nextDouble() < spec.updateFraction;
            updated |= store;
            if (kernel.touchAnon(pid, pool + popularity.next(random), store) == GuestKernel.NO_MEMORY) {
                out.failed();
                return;
            }
        }
        if (updated) {
            if (kernel.write(log, logHead, now) == GuestKernel.NO_MEMORY) {
                out.failed();
                return;
            }
            logHead = (logHead + 1) % spec.logPages;
        }
        out.cpu(spec.cpuNanos);
        out.request();
    }
}
