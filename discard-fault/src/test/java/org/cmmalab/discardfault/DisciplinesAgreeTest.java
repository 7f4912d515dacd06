package org.cmmalab.discardfault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.List;
import org.cmmalab.guestmm.FileMapping;
import org.cmmalab.guestmm.GuestHinting;
import org.cmmalab.guestmm.GuestKernel;
import org.cmmalab.guestmm.KernelConfig;
import org.cmmalab.guestmm.Watermarks;
import org.cmmalab.hostpager.Backing;
import org.cmmalab.hostpager.GuestSpace;
import org.cmmalab.hostpager.Host;
import org.cmmalab.hostpager.HostConfig;
import org.cmmalab.pagestates.Discipline;
import org.cmmalab.pagestates.FrameState;
import org.cmmalab.pagestates.FrameTable;
import org.cmmalab.pagestates.HostMode;
import org.junit.jupiter.api.Test;

/**
 * The two disciplines run one protocol: the same sequence of operations, played on one thread
 * through a guest kernel and host run as a simulation ({@link Discipline#SIMULATION}) and through
 * the same kernel and host run for real threads ({@link Discipline#THREADS}), gives the same
 * result for every operation, and afterwards the same state word and the same content in every
 * frame, page by page, and the same kernel counters. Random sequences (QuickTheories) of reads,
 * writes, mapped loads, drops, write-backs, anonymous stores and loads, and host reclaims of single
 * frames, on a v7 guest of {@value #FRAMES} frames under both host modes.
 *
 * <p>Examples: {@code -Draces.examples=N} (default {@value MachinePropertiesTest#DEFAULT_EXAMPLES}).
 */
class DisciplinesAgreeTest {
    static final int FRAMES = 64;
    static final int PAGES = 24;
    static final int OPS = 9;

    @Test
    void zvm() {
        property(HostMode.ZVM);
    }

    @Test
    void kvm() {
        property(HostMode.KVM);
    }

    private static void property(HostMode mode) {
        qt().withExamples(MachinePropertiesTest.EXAMPLES)
                .forAll(lists().of(integers().between(0, OPS * PAGES * 4 - 1)).ofSizeBetween(1, 300))
                .checkAssert(ops -> {
                    Run sim = new Run(Discipline.SIMULATION, mode);
                    Run threads = new Run(Discipline.THREADS, mode);
                    for (int i = 0; i < ops.size(); i++) {
                        int op = ops.get(i);
                        assertEquals(sim.apply(op), threads.apply(op), () -> "operation " + op + " of " + ops);
                    }
                    assertEquals(sim.frames(), threads.frames(), () -> "frames after " + ops);
                    assertEquals(sim.kernel.counters().toString(), threads.kernel.counters().toString());
                });
    }

    /** One machine: a host, a guest space and a kernel under one discipline, driven from this thread as vCPU 0. */
    private static final class Run {
        final GuestSpace space;
        final GuestKernel kernel;
        final int file;
        final FileMapping mapping;
        final int pid;
        final int heap;

        Run(Discipline discipline, HostMode mode) {
            Host host = new Host(HostConfig.of(FRAMES, FRAMES).withMode(mode).withDiscipline(discipline));
            space = host.attach(0, FRAMES, Backing.SMALL, FrameTable.DEFAULT_FRAMES_PER_LARGE);
            kernel = new GuestKernel(space, KernelConfig.of(0, mode == HostMode.KVM ? GuestHinting.MAINLINE : GuestHinting.V7)
                    .withDiscipline(discipline).withWatermarks(new Watermarks(0, 2, 4)));
            kernel.vcpus().runAs(0);
            file = kernel.createFile(PAGES);
            mapping = kernel.map(file, false);
            pid = kernel.createProcess();
            heap = kernel.malloc(pid, 8);
        }

        /** Operation {@code op}: kind {@code op % OPS} on page (or frame) {@code op / OPS % PAGES}; its result as text. */
        String apply(int op) {
            int page = op / OPS % PAGES;
            switch (op % OPS) {
                case 0:
                    return "read " + kernel.read(file, page);
                case 1:
                    return "write " + kernel.write(file, page, 0);
                case 2:
                    return "mapped " + kernel.touchMapped(mapping, page, false, 0);
                case 3:
                    return "drop " + kernel.dropPage(file, page);
                case 4:
                    return "writeback " + kernel.writebackPage(file, page);
                case 5:
                    return "anon store " + kernel.touchAnon(pid, heap + page % 8, true);
                case 6:
                    return "anon load " + kernel.touchAnon(pid, heap + page % 8, false);
                default:
                    int frame = op / OPS % FRAMES;
                    return "reclaim " + (FrameState.isResident(space.state(frame)) ? space.reclaim(frame) : "not resident");
            }
        }

        /** Every frame's state word and content, as text. */
        List<String> frames() {
            List<String> all = new ArrayList<>();
            for (int f = 0; f < FRAMES; f++) {
                all.add(f + " " + FrameState.describe(space.state(f)) + " " + Long.toHexString(space.contentAtRest(f)));
            }
            return all;
        }
    }
}
