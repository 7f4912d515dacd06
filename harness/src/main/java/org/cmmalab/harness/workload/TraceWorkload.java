package org.cmmalab.harness.workload;

import java.util.SplittableRandom;
import org.cmmalab.guestmm.FileMapping;
import org.cmmalab.guestmm.GuestKernel;
import org.cmmalab.harness.InputError;
import org.cmmalab.harness.trace.Trace;
import org.cmmalab.harness.trace.TraceBacking;
import org.cmmalab.harness.trace.TraceFormats;
import org.cmmalab.harness.trace.TraceReader;
import org.cmmalab.harness.yaml.YamlMapping;

/**
 * A real trace replayed as one guest's references, over and over, as {@code cmma replay} does:
 * pages of one mapped file ({@code backing: file}) or of one process heap ({@code anon}). Each step
 * is a batch of references, counted as one request.
 */
final class TraceWorkload implements Workload {
    record Spec(Trace trace, boolean fileBacking, int referencesPerStep, long cpuNanosPerReference)
            implements WorkloadSpec {
        static Spec parse(YamlMapping p) {
            String file = p.text("file", null);
            if (file == null) {
                throw p.error("file", p.where() + ".file must name a trace file");
            }
            String format = p.choice("format", TraceFormats.GUESS, TraceFormats.idsOrGuess());
            boolean fileBacking = TraceBacking.of(p.choice("backing", TraceBacking.FILE.id(), TraceBacking.ids())) == TraceBacking.FILE;
            int batch = (int) p.integer("referencesPerStep", 1000, 1, 1 << 24);
            long cpu = Math.round(p.number("cpuNanosPerReference", 0, 0, 1e9));
            Trace trace;
            try {
                trace = TraceReader.read(file, TraceFormats.of(format));
            } catch (InputError e) {
                throw p.error("file", e.getMessage());
            }
            p.done();
            return new Spec(trace, fileBacking, batch, cpu);
        }

        @Override
        public String name() {
            return "trace";
        }

        @Override
        public Workload create(SplittableRandom random, int guestFrames) {
            return new TraceWorkload(this);
        }
    }

    private final Spec spec;
    private FileMapping mapping;
    private int pid;
    private int heap;
    private int next;

    private TraceWorkload(Spec spec) {
        this.spec = spec;
    }

    @Override
    public void boot(GuestKernel kernel) {
        int pages = spec.trace.distinctPages();
        if (spec.fileBacking) {
            mapping = kernel.map(kernel.createFile(pages), spec.trace.hasStores());
        } else {
            pid = kernel.createProcess();
            heap = kernel.malloc(pid, pages);
        }
    }

    @Override
    public void step(GuestKernel kernel, long now, Step out) {
        Trace trace = spec.trace;
        for (int i = 0; i < spec.referencesPerStep; i++) {
            int page = trace.page(next);
            boolean store = trace.isStore(next);
            long seen = spec.fileBacking
                    ? kernel.touchMapped(mapping, page, store, now)
                    : kernel.touchAnon(pid, heap + page, store);
            if (seen == GuestKernel.NO_MEMORY) {
                out.failed();
                return;
            }
            next = next + 1 == trace.references() ? 0 : next + 1;
        }
        out.cpu(spec.cpuNanosPerReference * spec.referencesPerStep);
        out.request();
    }
}
