package org.cmmalab.harness.workload;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.cmmalab.guestmm.FileMapping;
import org.cmmalab.guestmm.GuestKernel;
import org.cmmalab.harness.yaml.YamlMapping;

/**
 * A web server (the 530cmm report's Apache farm): each request reads one file, chosen by Zipf
 * popularity, through the page cache, and builds its reply in a small anonymous heap that is
 * freed when the request ends. The file set is sized against guest memory so that, as in a real
 * server, the guest fills its free memory with page cache.
 *
 * <p>Two options follow Apache's own: {@code mmap} serves files through read-only shared mappings,
 * as {@code EnableMMAP On} (Apache's default) does, instead of read(2), so that a discarded page
 * costs a discard fault; {@code accessLog} writes one line per request to an access log of
 * {@code logPages} pages, 20 lines of about 200 bytes to a 4 KiB page, rotated when full. A
 * {@code writeFraction} of requests update their file instead (one page rewritten with write(2),
 * as a content manager publishing a page does). Every
 * vCPU of a guest serves requests (worker threads of one server): its steps share the files, the
 * log and the server's heap.
 *
 * <p>With {@code newFilesPerMinute}, content is published as the run goes (a news site, a blog):
 * new files appear at that rate, evenly, and popularity goes by age, the newest first, over the
 * newest {@code files} files; older ones are never asked for again, so the page cache they left
 * behind grows cold. Without it (0, the default) the file set is fixed.
 */
final class WebFarm implements Workload {
    /** Access-log lines of about 200 bytes that fill a 4 KiB page. */
    static final int LINES_PER_PAGE = 20;

    record Spec(int files, int meanFilePages, double zipfExponent, int heapPages, long cpuNanos, long thinkNanos,
                boolean mmap, boolean accessLog, int logPages, double writeFraction, int newFilesPerMinute)
            implements WorkloadSpec {
        static Spec parse(YamlMapping p) {
            Spec s = new Spec(
                    (int) p.integer("files", 6000, 1, 10_000_000),
                    (int) p.integer("meanFilePages", 8, 1, 1 << 20),
                    p.number("zipfExponent", 0.8, 0, 10),
                    (int) p.integer("heapPages", 32, 0, 1 << 20),
                    Math.round(p.number("cpuMicros", 500, 0, 1e9) * 1000),
                    Math.round(p.number("thinkMicros", 0, 0, 1e9) * 1000),
                    p.flag("mmap", false),
                    p.flag("accessLog", false),
                    (int) p.integer("logPages", 256, 1, 1 << 24),
                    p.number("writeFraction", 0, 0, 1),
                    (int) p.integer("newFilesPerMinute", 0, 0, 1_000_000));
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
    private FileMapping[] mappings;
    /** Files published so far: the first {@code fileCount} of {@link #files}. */
    private int fileCount;
    private int server;
    private int log;
    private long logLines;

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
        if (spec.mmap) {
            mappings = new FileMapping[files.length];
            for (int i = 0; i < files.length; i++) {
                mappings[i] = kernel.map(files[i], false);
            }
        }
        fileCount = files.length;
        server = kernel.createProcess();
        if (spec.accessLog) {
            log = kernel.createFile(spec.logPages);
        }
    }

    @Override
    public void step(GuestKernel kernel, long now, Step out) {
        int i;
        if (spec.newFilesPerMinute == 0) {
            i = popularity.next(random);
        } else {
            for (long due = spec.files + now / (60_000_000_000L / spec.newFilesPerMinute); fileCount < due; ) {
                publish(kernel);
            }
            i = fileCount - 1 - popularity.next(random); // by age, the newest first
        }
        int file = files[i];
        if (spec.writeFraction > 0 && random.nextDouble() < spec.writeFraction) {
            if (kernel.write(file, random.nextInt(kernel.filePages(file)), now) == GuestKernel.NO_MEMORY) {
                out.failed();
                return;
            }
            out.cpu(spec.cpuNanos);
            out.request();
            return;
        }
        for (int page = 0, n = kernel.filePages(file); page < n; page++) {
            long token = spec.mmap ? kernel.touchMapped(mappings[i], page, false, now) : kernel.read(file, page);
            if (token == GuestKernel.NO_MEMORY) {
                out.failed();
                return;
            }
        }
        if (spec.accessLog) {
            int page = (int) (logLines++ / LINES_PER_PAGE % spec.logPages);
            if (kernel.write(log, page, now) == GuestKernel.NO_MEMORY) {
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

    /** A new file of 1 to {@code 2 * meanFilePages - 1} pages, mapped if files are served mapped. */
    private void publish(GuestKernel kernel) {
        int file = kernel.createFile(1 + random.nextInt(2 * spec.meanFilePages - 1)); // a kernel entry: then the slot
        FileMapping mapping = mappings != null ? kernel.map(file, false) : null;
        if (fileCount == files.length) {
            files = Arrays.copyOf(files, files.length * 2);
            if (mappings != null) {
                mappings = Arrays.copyOf(mappings, files.length);
            }
        }
        files[fileCount] = file;
        if (mappings != null) {
            mappings[fileCount] = mapping;
        }
        fileCount++;
    }
}
