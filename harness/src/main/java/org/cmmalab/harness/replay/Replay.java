package org.cmmalab.harness.replay;

import org.cmmalab.discardfault.HostedGuest;
import org.cmmalab.guestmm.FileMapping;
import org.cmmalab.guestmm.GuestCounters;
import org.cmmalab.guestmm.GuestHinting;
import org.cmmalab.guestmm.GuestKernel;
import org.cmmalab.guestmm.KernelConfig;
import org.cmmalab.harness.InputError;
import org.cmmalab.harness.scenario.ReplacementNames;
import org.cmmalab.harness.trace.Trace;
import org.cmmalab.hostpager.Host;
import org.cmmalab.hostpager.HostConfig;
import org.cmmalab.hostpager.HostCounters;
import org.cmmalab.hostpager.replacement.UnitKey;
import org.cmmalab.pagestates.Orc;

/**
 * Replays one trace as one guest's references through the whole stack: the guest kernel
 * (guest-mm), the host pager with on-demand reclaim (one victim each time a frame is needed and
 * none is free, so the host holds exactly {@code frames} frames of this guest), and discard faults.
 *
 * <p>OPT needs the future as the host sees it, in guest frames. A first pass on a host large
 * enough to evict nothing records the frame each reference lands in; that is the future only while
 * every page keeps its frame, which fails exactly when the host discards file pages (zvm mode,
 * hints on, file backing: a discarded page is read again into another frame), so OPT refuses that
 * combination.
 */
public final class Replay {
    private static final int GUEST = 0;

    private final Trace trace;
    private final ReplayOptions options;
    private final int guestFrames;

    public Replay(Trace trace, ReplayOptions options) {
        if (options.frames() <= 0) {
            throw new InputError("--frames must be positive, was " + options.frames());
        }
        if (ReplacementNames.needsFuture(options.policy()) && options.fileBacking() && hinting(options) == GuestHinting.V7) {
            throw new InputError("--policy " + options.policy() + " needs every trace page to keep its guest frame, but with hints on"
                    + " in zvm mode a discarded file page is read again into another frame;"
                    + " use --hints off, --mode kvm or --backing anon");
        }
        this.trace = trace;
        this.options = options;
        this.guestFrames = options.guestFrames() > 0 ? options.guestFrames() : roomFor(trace.distinctPages());
        if (options.guestFrames() > 0 && options.guestFrames() < 1024) {
            throw new InputError("--guest-frames must be at least 1024 (4 MiB), was " + options.guestFrames());
        }
    }

    /** The guest of the host mode when hints are on ({@link GuestHinting#forHost}). */
    private static GuestHinting hinting(ReplayOptions options) {
        return options.hints() ? GuestHinting.forHost(options.mode()) : GuestHinting.NONE;
    }

    /**
     * Guest memory that holds every page of the trace with free memory to spare above the guest's
     * high watermark (Linux's watermarks grow with the square root of memory), so that the guest
     * never reclaims.
     */
    static int roomFor(int pages) {
        int frames = Math.max(4096, 2 * pages);
        return (frames + 511) / 512 * 512;
    }

    public ReplayResult run() {
        HostConfig config = HostConfig.of(options.frames(), guestFrames).withMode(options.mode());
        config = ReplacementNames.needsFuture(options.policy()) ? config.withOpt(future()) : config.withReplacement(options.policy());
        Host host = new Host(config);
        HostedGuest guest = HostedGuest.boot(host, guestFrames, KernelConfig.of(GUEST, hinting(options)));
        GuestKernel kernel = guest.kernel();
        HostCounters hc = host.counters();
        GuestCounters gc = kernel.counters();
        Target target = new Target(kernel, trace);

        long hostFaults = 0;
        long start = System.nanoTime();
        for (int i = 0, n = trace.references(); i < n; i++) {
            long before = hc.faults() + gc.discardFaults();
            target.touch(i);
            if (hc.faults() + gc.discardFaults() != before) {
                hostFaults++;
            }
        }
        double seconds = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
        return new ReplayResult(trace.references(), trace.distinctPages(), guestFrames, hostFaults, hc.pageIns(),
                hc.pageOuts(), hc.discards(), gc.discardFaults(), hc.zeroFills(), gc.diskReads(), gc.lostPages(),
                gc.essaTotal(), essaByOp(gc), trace.references() / seconds);
    }

    /** The guest's ESSA operations by operation-request code, every code present, in code order. */
    private static java.util.Map<String, Long> essaByOp(GuestCounters gc) {
        java.util.Map<String, Long> byOp = new java.util.LinkedHashMap<>();
        for (Orc orc : Orc.values()) {
            byOp.put(orc.name(), gc.essa(orc));
        }
        return byOp;
    }

    /** The guest frame of every reference, as the host will see them, from a pass that evicts nothing. */
    private long[] future() {
        Host host = new Host(HostConfig.of(guestFrames, guestFrames).withMode(options.mode()));
        HostedGuest guest = HostedGuest.boot(host, guestFrames, KernelConfig.of(GUEST, hinting(options)));
        Target target = new Target(guest.kernel(), trace);
        long[] keys = new long[trace.references()];
        for (int i = 0; i < keys.length; i++) {
            target.touch(i);
            keys[i] = UnitKey.of(GUEST, guest.delivery().lastFrame());
        }
        return keys;
    }

    /** Where the trace's pages live in the guest: one mapped file, or one process heap. */
    private final class Target {
        private final GuestKernel kernel;
        private final Trace trace;
        private final FileMapping mapping;
        private final int pid;
        private final int heap;

        Target(GuestKernel kernel, Trace trace) {
            this.kernel = kernel;
            this.trace = trace;
            if (options.fileBacking()) {
                mapping = kernel.map(kernel.createFile(trace.distinctPages()), trace.hasStores());
                pid = -1;
                heap = -1;
            } else {
                mapping = null;
                pid = kernel.createProcess();
                heap = kernel.malloc(pid, trace.distinctPages());
            }
        }

        void touch(int i) {
            long seen = mapping != null
                    ? kernel.touchMapped(mapping, trace.page(i), trace.isStore(i), 0)
                    : kernel.touchAnon(pid, heap + trace.page(i), trace.isStore(i));
            if (seen == GuestKernel.NO_MEMORY) {
                throw new IllegalStateException("the guest ran out of memory at reference " + i
                        + " with " + guestFrames + " frames for " + trace.distinctPages() + " pages");
            }
        }
    }
}
