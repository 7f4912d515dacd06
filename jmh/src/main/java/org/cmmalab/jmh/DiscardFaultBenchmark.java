package org.cmmalab.jmh;

import java.util.concurrent.TimeUnit;
import org.cmmalab.discardfault.HostedGuest;
import org.cmmalab.guestmm.FileMapping;
import org.cmmalab.guestmm.GuestKernel;
import org.cmmalab.guestmm.GuestHinting;
import org.cmmalab.guestmm.KernelConfig;
import org.cmmalab.hostpager.Host;
import org.cmmalab.hostpager.HostConfig;
import org.cmmalab.hostpager.ReclaimMode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The whole round trip of a discard fault in the model, through the real stack (guest-mm,
 * discard-fault's {@link org.cmmalab.discardfault.FaultDelivery}, host-pager): a process loads a
 * page of a read-only mapped file whose frame the host has discarded, and
 * {@link GuestKernel#touchMapped} runs the fault (the host answers the load of a {@code Vz}
 * frame with a discard fault, which the delivery counts), the drop (the handler removes the page
 * from the page cache and the mapping and frees the frame into quarantine with SET_UNUSED), the
 * re-read (a page fault that misses, allocates a frame with SET_STABLE, reads the page from the
 * file, which the host backs with a zero-filled frame, maps it and makes it volatile again) and
 * the retry (the load that now hits), and, at the end of the kernel entry, the quiescent point
 * that hands the quarantined frame back to the buddy allocator.
 *
 * <ul>
 *   <li>{@code roundTrip}: {@value #BATCH} such touches per call, the score per touch. The
 *       host holds exactly the file's {@value #PAGES} pages and reclaims with watermarks
 *       {@code low = high =} {@value #BATCH}: before each call, untimed, its background reclaim
 *       ({@link Host#balance}) discards the {@value #BATCH} least recently used pages, which are
 *       the ones the call then touches, in order; the frames it freed are those the re-reads
 *       take, so no reclaim runs inside the measurement.</li>
 *   <li>{@code residentTouch}, the baseline: the same touch of a mapped page the host still
 *       holds (a page the process uses without a kernel entry), one per call, walking the file.</li>
 * </ul>
 *
 * The harness's cost model charges a discard fault 5 us of delivery plus the re-read's 100 us;
 * this is what the model itself spends simulating one.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(3)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class DiscardFaultBenchmark {
    /** Discard faults per call. */
    static final int BATCH = 256;
    /** The mapped file's pages: 16 MiB. */
    static final int PAGES = 16 * BATCH;
    /** Guest memory: room for the file four times over, so the guest never reclaims. */
    static final int GUEST_FRAMES = 4 * PAGES;

    /** A guest with one read-only mapped file, every page touched once, on the host {@code config} makes. */
    public static class MappedFile {
        HostedGuest guest;
        Host host;
        GuestKernel kernel;
        FileMapping mapping;

        void setUp(HostConfig config, int pages) {
            host = new Host(config);
            guest = HostedGuest.boot(host, Math.max(GUEST_FRAMES, 4 * pages), KernelConfig.of(0, GuestHinting.V7));
            kernel = guest.kernel();
            mapping = kernel.map(kernel.createFile(pages), false);
            for (int page = 0; page < pages; page++) {
                if (kernel.touchMapped(mapping, page, false, 0) == GuestKernel.NO_MEMORY) {
                    throw new IllegalStateException("the guest could not map page " + page);
                }
            }
        }
    }

    /** The file on a host that holds exactly its pages and discards {@code batch} of them before each call. */
    @State(Scope.Thread)
    public static class DiscardedPages extends MappedFile {
        int pages;
        int batch;
        /** The first page the next call touches: the least recently used. */
        int first;
        private int next;

        @Setup(Level.Trial)
        public void setUp() {
            setUp(PAGES, BATCH);
        }

        void setUp(int filePages, int batchPages) {
            pages = filePages;
            batch = batchPages;
            setUp(HostConfig.of(filePages, filePages).withReclaim(ReclaimMode.watermarks(batchPages, batchPages)),
                    filePages);
        }

        /** The host's background reclaim discards the {@code batch} least recently used pages. */
        @Setup(Level.Invocation)
        public void discard() {
            int freed = host.balance((guest, frame, frames, ticket) -> {
                throw new IllegalStateException("a clean page-cache page was written out");
            });
            if (freed != batch) {
                throw new IllegalStateException("host reclaim freed " + freed + " frames, not " + batch + ": " + host);
            }
            first = next;
            next = (next + batch) % pages;
        }
    }

    /** The file on a host with room to spare: every touch hits. */
    @State(Scope.Thread)
    public static class ResidentPages extends MappedFile {
        Cursor cursor;

        @Setup(Level.Trial)
        public void setUp() {
            setUp(PAGES);
        }

        void setUp(int pages) {
            setUp(HostConfig.of(4 * pages, 4 * pages), pages);
            cursor = new Cursor(pages, 1);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long roundTrip(DiscardedPages s) {
        long seen = 0;
        for (int i = 0; i < s.batch; i++) {
            seen += s.kernel.touchMapped(s.mapping, (s.first + i) % s.pages, false, 0);
        }
        return seen;
    }

    @Benchmark
    public long residentTouch(ResidentPages s) {
        int page = s.cursor.frame();
        s.cursor.advance();
        return s.kernel.touchMapped(s.mapping, page, false, 0);
    }
}
