package org.cmmalab.harness.workload;

import java.util.SplittableRandom;
import org.cmmalab.guestmm.GuestKernel;
import org.cmmalab.harness.yaml.YamlMapping;

/**
 * A booted guest doing almost nothing: at boot it reads its system files and starts a few
 * daemons (a small page cache and heap), then wakes up once in a while to touch a few of those
 * pages. Most of its memory was never touched; what the host does with the little it did touch
 * is the whole story.
 */
final class Idle implements Workload {
    record Spec(int bootFilePages, int daemonPages, long wakeNanos, int pagesPerWake) implements WorkloadSpec {
        static Spec parse(YamlMapping p) {
            Spec s = new Spec(
                    (int) p.integer("bootFilePages", 8192, 0, 1 << 24),
                    (int) p.integer("daemonPages", 2048, 0, 1 << 24),
                    Math.round(p.number("wakeSeconds", 1, 1e-3, 1e6) * 1e9),
                    (int) p.integer("pagesPerWake", 16, 0, 1 << 20));
            p.done();
            return s;
        }

        @Override
        public String name() {
            return "idle";
        }

        @Override
        public Workload create(SplittableRandom random, int guestFrames) {
            return new Idle(this, random);
        }
    }

    private final Spec spec;
    private final SplittableRandom random;
    private int systemFile = -1;
    private int daemon;
    private int heap;
    private boolean booted;

    private Idle(Spec spec, SplittableRandom random) {
        this.spec = spec;
        this.random = random;
    }

    @Override
    public void boot(GuestKernel kernel) {
        if (spec.bootFilePages > 0) {
            systemFile = kernel.createFile(spec.bootFilePages);
        }
        daemon = kernel.createProcess();
        heap = kernel.malloc(daemon, Math.max(1, spec.daemonPages));
    }

    @Override
    public void step(GuestKernel kernel, long now, Step out) {
        boolean ok = true;
        if (!booted) {
            for (int p = 0; ok && systemFile >= 0 && p < spec.bootFilePages; p++) {
                ok = kernel.read(systemFile, p) != GuestKernel.NO_MEMORY;
            }
            ok = ok && Heap.touchAll(kernel, daemon, heap, spec.daemonPages, true);
            booted = true;
        } else {
            for (int i = 0; ok && i < spec.pagesPerWake; i++) {
                ok = random.nextBoolean() && systemFile >= 0
                        ? kernel.read(systemFile, random.nextInt(spec.bootFilePages)) != GuestKernel.NO_MEMORY
                        : kernel.touchAnon(daemon, heap + random.nextInt(Math.max(1, spec.daemonPages)), false)
                                != GuestKernel.NO_MEMORY;
            }
        }
        if (!ok) {
            out.failed();
        } else {
            out.request();
        }
        out.sleep(spec.wakeNanos);
    }
}
