package org.cmmalab.discardfault;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.cmmalab.guestmm.ContentToken;
import org.cmmalab.guestmm.FileMapping;
import org.cmmalab.guestmm.GracePeriods;
import org.cmmalab.guestmm.GuestHinting;
import org.cmmalab.guestmm.GuestKernel;
import org.cmmalab.guestmm.GuestMemory;
import org.cmmalab.guestmm.KernelConfig;
import org.cmmalab.guestmm.PageLocks;
import org.cmmalab.guestmm.Vcpus;
import org.cmmalab.guestmm.Watermarks;
import org.cmmalab.hostpager.GuestSpace;
import org.cmmalab.pagestates.Discipline;
import org.cmmalab.pagestates.FrameState;
import org.cmmalab.pagestates.FrameTable;
import org.cmmalab.pagestates.HostMode;
import org.cmmalab.pagestates.StateModel;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;

/**
 * What the race tests of the page cache (races 1 to 3) run Lincheck on: the simulation's own
 * guest kernel ({@link GuestKernel}, the v7 guest, on real threads: {@link Discipline#THREADS})
 * with a 2-page file in 4 frames, on a {@link GuestSpace} in z/VM mode whose host real threads run
 * too ({@link HostedGuest#threaded}): vCPUs calling the kernel and a host thread reclaiming
 * frames. Every race here reads, writes and reclaims, so those operations are declared here; each
 * race's tested class adds the others its race needs and its {@code @Validate}, and its wrong
 * variants build this machine with one deliberately wrong part: a {@link GuestMemory} wrapper,
 * {@link PageLocks} or {@link GracePeriods}. Public because Lincheck calls the operations declared
 * here.
 *
 * <p>Write-back I/O completes as an interrupt ({@link Vcpus.Interrupts}): {@code completeIo} (the
 * disk, on the host's thread) moves every vCPU's submitted write-backs to its pending interrupts,
 * and a vCPU takes its pending interrupts at its interrupt windows: inside make-stable, holding
 * the page's state-change lock, and when it leaves each kernel entry.
 *
 * <p>Results are shown as versions ({@code v1}: the page's first write), so that a failing
 * interleaving reads as file contents; {@link FileModel} computes the same text. A token of the
 * other page reads {@code page 1 v1}, zeros {@code zeros}, a freed frame's content {@code poison}.
 */
@Param(name = "page", gen = IntGen.class, conf = "0:1")
@Param(name = "frame", gen = IntGen.class, conf = "0:3")
public abstract class CacheMachine {
    static final int FRAMES = 4;
    static final int PAGES = 2;
    /** Lincheck's thread ids: 0 to 2 for the three threads, 3 and 4 for the parts before and after them. */
    static final int VCPUS = 5;

    final GuestSpace space = HostedGuest.threaded(FRAMES, HostMode.ZVM, FrameTable.DEFAULT_FRAMES_PER_LARGE);
    final GuestKernel kernel;
    final int file;
    final FileMapping mapping;
    private final AtomicIntegerArray submitted = new AtomicIntegerArray(VCPUS);
    private final AtomicIntegerArray pending = new AtomicIntegerArray(VCPUS);

    CacheMachine(Function<GuestSpace, GuestMemory> memory, UnaryOperator<PageLocks> locks,
                 UnaryOperator<GracePeriods> periods) {
        KernelConfig config = KernelConfig.of(0, GuestHinting.V7).withVcpus(VCPUS).withDiscipline(Discipline.THREADS)
                .withWatermarks(new Watermarks(0, 0, 0));
        this.kernel = new GuestKernel(memory.apply(space), config, locks, periods);
        kernel.vcpus().setInterrupts(new Disk());
        kernel.vcpus().runAs(VCPUS - 1);
        this.file = kernel.createFile(PAGES);
        this.mapping = kernel.map(file, false);
    }

    /** The kernel's own parts. */
    CacheMachine() {
        this(space -> space, UnaryOperator.identity(), UnaryOperator.identity());
    }

    @Operation
    public String read(@Param(gen = ThreadIdGen.class) int vcpu, @Param(name = "page") int page) {
        kernel.vcpus().runAs(vcpu);
        return show(page, kernel.read(file, page));
    }

    @Operation
    public String write(@Param(gen = ThreadIdGen.class) int vcpu, @Param(name = "page") int page) {
        kernel.vcpus().runAs(vcpu);
        return show(page, kernel.write(file, page, 0));
    }

    @Operation(nonParallelGroup = "host")
    public void reclaim(@Param(name = "frame") int frame) {
        space.reclaim(frame);
    }

    String doTouchMapped(int vcpu, int page) {
        kernel.vcpus().runAs(vcpu);
        return show(page, kernel.touchMapped(mapping, page, false, 0));
    }

    void doEvict(int vcpu, int page) {
        kernel.vcpus().runAs(vcpu);
        kernel.dropPage(file, page);
    }

    void doWriteback(int vcpu, int page) {
        kernel.vcpus().runAs(vcpu);
        kernel.writebackPage(file, page);
    }

    /** The disk: every write-back submitted so far completes; each vCPU gets an interrupt for its own. */
    void doCompleteIo() {
        for (int v = 0; v < VCPUS; v++) {
            pending.getAndAccumulate(v, submitted.getAndSet(v, 0), (bits, more) -> bits | more);
        }
    }

    /**
     * At rest: the kernel's own invariants ({@link GuestKernel#checkAtRest}: every frame free,
     * cached or retired exactly once, nothing pinned or locked, free frames unused and cached ones
     * not) and every state legal.
     */
    void checkAtRest() {
        kernel.checkAtRest(f -> false);
        for (int f = 0; f < FRAMES; f++) {
            if (!StateModel.isLegal(space.state(f), space.mode())) {
                throw new AssertionError("frame " + f + " is in an illegal state " + FrameState.describe(space.state(f)));
            }
        }
    }

    /** A token as its page version, as {@link FileModel} shows it; another page's as {@code page 1 v3}. */
    static String show(int page, long token) {
        for (int p = 0; p < PAGES; p++) {
            for (int v = 0; v <= 16; v++) {
                if (token == ContentToken.file(0, 0, p, v)) {
                    return p == page ? "v" + v : "page " + p + " v" + v;
                }
            }
        }
        if (token == GuestSpace.POISON) {
            return "poison";
        }
        return token == 0 ? "zeros" : "token " + Long.toHexString(token);
    }

    /** Where the kernel's write-back I/O goes, and how its completions come back as interrupts. */
    private final class Disk implements Vcpus.Interrupts {
        @Override
        public void submitted(int vcpu, int frame) {
            submitted.getAndAccumulate(vcpu, 1 << frame, (bits, bit) -> bits | bit);
        }

        @Override
        public void take(int vcpu, GuestKernel k) {
            int bits = pending.getAndSet(vcpu, 0);
            for (int frame = 0; frame < FRAMES; frame++) {
                if ((bits & 1 << frame) != 0) {
                    k.endWriteback(frame);
                }
            }
        }
    }
}
