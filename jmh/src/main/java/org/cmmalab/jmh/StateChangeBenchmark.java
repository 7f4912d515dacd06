package org.cmmalab.jmh;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import org.cmmalab.guestmm.GuestKernel;
import org.cmmalab.jmh.BenchmarkFrames.CleanFrames;
import org.cmmalab.jmh.BenchmarkFrames.LargeFrames;
import org.cmmalab.jmh.BenchmarkFrames.LockedFrames;
import org.cmmalab.jmh.BenchmarkFrames.LongArray;
import org.cmmalab.jmh.BenchmarkFrames.RunBaseFrames;
import org.cmmalab.jmh.BenchmarkFrames.ShortArray;
import org.cmmalab.jmh.BenchmarkFrames.SmallFrames;
import org.cmmalab.jmh.BenchmarkFrames.VolatileFrames;
import org.cmmalab.pagestates.FrameOp;
import org.cmmalab.pagestates.FrameTable;
import org.cmmalab.pagestates.Orc;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one uncontended state change costs on {@link FrameTable}, and what it is worth against
 * the cheapest possible ways to change a word, all in one run so that the ratios are fair.
 *
 * <ul>
 *   <li>{@code essa4k_<ORC>}: ESSA on a 4 KiB frame, one method per operation ({@link EssaCycle}
 *       says how each is made a real state change: the operation in one lap over the frames,
 *       its partner in the next; the score is the mean of the two). Both operations are
 *       constants at the call site, as in a guest's code.</li>
 *   <li>{@code essa2m_<ORC>}: the same on 2 MiB frames ({@link FrameTable#essaLarge} on merged
 *       runs), which should cost the same: one compare-and-set on the run's base entry.
 *       Consecutive large frames have their base entries 1 KiB apart, so unlike the 4 KiB walk
 *       every call touches a cache line of its own.</li>
 *   <li>{@code essa4kRunBases}: the control for that comparison, the SET_UNUSED/SET_STABLE cycle
 *       of {@code essa4k} on the same entries {@code essa2m} touches (every 512th frame, runs not
 *       merged): the same memory traffic, so that {@code essa2m} against it is the large-frame
 *       code path alone.</li>
 *   <li>{@code hostReclaimVolatile}: host discard of a volatile frame, {@link FrameOp#RECLAIM}
 *       Vr to Vz, re-armed in the next two laps by SET_STABLE_RESIDENT (Vz to Sr, zero fill) and
 *       SET_VOLATILE (Sr to Vr); the score is the mean of the three.</li>
 *   <li>{@code hostStore}: {@link FrameOp#STORE}, a guest store setting the change bits of an Sr
 *       frame, undone in the next lap by {@link FrameOp#CLEAN}; the mean of the two.</li>
 *   <li>Baselines, walking the same number of entries the same way: {@code arrayStore}, a plain
 *       store into a {@code short[]} (the floor: the walk plus a store); {@code compareAndSet},
 *       a bare successful compare-and-set on a {@code long[]} element through a {@link VarHandle}
 *       (the budget: an ESSA state change may cost at most 1.2 times this; its 1M longs are
 *       8 MiB, four times the frame table, which makes it a little slower than a short CAS);
 *       {@code compareAndSetShort}, the same on a {@code short[]}, the very compare-and-set a
 *       {@link FrameTable} transition makes on its entry, so that {@code essa4k} against it is
 *       the cost of the table's own work (state lookup, flag and bounds checks); and
 *       {@code lockedEssa4k}, the SET_UNUSED/SET_STABLE cycle of {@code essa4k} on a
 *       {@link LockedFrameTable}, the price of locking instead of lock-freedom.</li>
 *   <li>The guest's hint paths, through guest-mm's real code on a host that holds every frame, so
 *       nothing is ever reclaimed ({@link GuestPaths}); {@code hints=false} runs the same path
 *       without a single ESSA, so the difference is what the hints add to it:
 *       {@code guestAllocFree}, {@link GuestKernel#allocPages allocPages(0)} (SET_STABLE,
 *       {@code arch_alloc_page}) in one lap over the frames and {@link GuestKernel#freePages
 *       freePages} (SET_UNUSED, {@code arch_free_page}) in the next, the score the mean of the
 *       two, one ESSA per call, to be held against {@code essa4k_SET_STABLE}, the same cycle bare;
 *       {@code guestRead}, {@link GuestKernel#read read(2)} of a cached volatile page: the
 *       make-stable-if-resident before the use (SET_STABLE_IF_RESIDENT, {@code find_get_page})
 *       and the make-volatile after it (SET_VOLATILE, {@code put_page}), two ESSA per call, to be
 *       held against twice {@code essa4k_SET_STABLE_IF_RESIDENT}. In guest-mm these hints come
 *       in those pairs (an allocation is freed, a use is released), so each pair is measured as
 *       the guest issues it.</li>
 * </ul>
 *
 * Every benchmark touches a different entry in each call, stepping through
 * {@value BenchmarkFrames#FRAMES} entries ({@link BenchmarkFrames}; the guest paths
 * {@value GuestPaths#WALK} frames or pages of a 1 GiB guest); every call changes its entry
 * (GET_STATE aside), and the returned word goes to JMH's blackhole. Single thread.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(3)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class StateChangeBenchmark {
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle SHORTS = MethodHandles.arrayElementVarHandle(short[].class);

    @Benchmark
    public int essa4k_GET_STATE(SmallFrames s) {
        int frame = s.cursor.frame();
        s.cursor.advance();
        return s.table.essa(frame, Orc.GET_STATE);
    }

    @Benchmark
    public int essa4k_SET_STABLE(SmallFrames s) {
        int frame = s.cursor.frame();
        boolean first = s.cursor.phase() == 0;
        s.cursor.advance();
        return first ? s.table.essa(frame, Orc.SET_STABLE) : s.table.essa(frame, Orc.SET_UNUSED);
    }

    @Benchmark
    public int essa4k_SET_UNUSED(SmallFrames s) {
        int frame = s.cursor.frame();
        boolean first = s.cursor.phase() == 0;
        s.cursor.advance();
        return first ? s.table.essa(frame, Orc.SET_UNUSED) : s.table.essa(frame, Orc.SET_STABLE);
    }

    @Benchmark
    public int essa4k_SET_VOLATILE(SmallFrames s) {
        int frame = s.cursor.frame();
        boolean first = s.cursor.phase() == 0;
        s.cursor.advance();
        return first ? s.table.essa(frame, Orc.SET_VOLATILE) : s.table.essa(frame, Orc.SET_STABLE_IF_RESIDENT);
    }

    @Benchmark
    public int essa4k_SET_POT_VOLATILE(SmallFrames s) {
        int frame = s.cursor.frame();
        boolean first = s.cursor.phase() == 0;
        s.cursor.advance();
        return first ? s.table.essa(frame, Orc.SET_POT_VOLATILE) : s.table.essa(frame, Orc.SET_STABLE);
    }

    @Benchmark
    public int essa4k_SET_STABLE_RESIDENT(SmallFrames s) {
        int frame = s.cursor.frame();
        boolean first = s.cursor.phase() == 0;
        s.cursor.advance();
        return first ? s.table.essa(frame, Orc.SET_STABLE_RESIDENT) : s.table.essa(frame, Orc.SET_VOLATILE);
    }

    @Benchmark
    public int essa4k_SET_STABLE_IF_RESIDENT(SmallFrames s) {
        int frame = s.cursor.frame();
        boolean first = s.cursor.phase() == 0;
        s.cursor.advance();
        return first ? s.table.essa(frame, Orc.SET_STABLE_IF_RESIDENT) : s.table.essa(frame, Orc.SET_VOLATILE);
    }

    @Benchmark
    public int essa4k_SET_STABLE_NODAT(SmallFrames s) {
        int frame = s.cursor.frame();
        boolean first = s.cursor.phase() == 0;
        s.cursor.advance();
        return first ? s.table.essa(frame, Orc.SET_STABLE_NODAT) : s.table.essa(frame, Orc.SET_STABLE);
    }

    @Benchmark
    public int essa2m_GET_STATE(LargeFrames s) {
        int large = s.cursor.frame();
        s.cursor.advance();
        return s.table.essaLarge(large, Orc.GET_STATE);
    }

    @Benchmark
    public int essa2m_SET_STABLE(LargeFrames s) {
        int large = s.cursor.frame();
        boolean first = s.cursor.phase() == 0;
        s.cursor.advance();
        return first ? s.table.essaLarge(large, Orc.SET_STABLE) : s.table.essaLarge(large, Orc.SET_UNUSED);
    }

    @Benchmark
    public int essa2m_SET_UNUSED(LargeFrames s) {
        int large = s.cursor.frame();
        boolean first = s.cursor.phase() == 0;
        s.cursor.advance();
        return first ? s.table.essaLarge(large, Orc.SET_UNUSED) : s.table.essaLarge(large, Orc.SET_STABLE);
    }

    @Benchmark
    public int essa2m_SET_VOLATILE(LargeFrames s) {
        int large = s.cursor.frame();
        boolean first = s.cursor.phase() == 0;
        s.cursor.advance();
        return first ? s.table.essaLarge(large, Orc.SET_VOLATILE) : s.table.essaLarge(large, Orc.SET_STABLE_IF_RESIDENT);
    }

    @Benchmark
    public int essa2m_SET_POT_VOLATILE(LargeFrames s) {
        int large = s.cursor.frame();
        boolean first = s.cursor.phase() == 0;
        s.cursor.advance();
        return first ? s.table.essaLarge(large, Orc.SET_POT_VOLATILE) : s.table.essaLarge(large, Orc.SET_STABLE);
    }

    @Benchmark
    public int essa2m_SET_STABLE_RESIDENT(LargeFrames s) {
        int large = s.cursor.frame();
        boolean first = s.cursor.phase() == 0;
        s.cursor.advance();
        return first ? s.table.essaLarge(large, Orc.SET_STABLE_RESIDENT) : s.table.essaLarge(large, Orc.SET_VOLATILE);
    }

    @Benchmark
    public int essa2m_SET_STABLE_IF_RESIDENT(LargeFrames s) {
        int large = s.cursor.frame();
        boolean first = s.cursor.phase() == 0;
        s.cursor.advance();
        return first ? s.table.essaLarge(large, Orc.SET_STABLE_IF_RESIDENT) : s.table.essaLarge(large, Orc.SET_VOLATILE);
    }

    @Benchmark
    public int essa2m_SET_STABLE_NODAT(LargeFrames s) {
        int large = s.cursor.frame();
        boolean first = s.cursor.phase() == 0;
        s.cursor.advance();
        return first ? s.table.essaLarge(large, Orc.SET_STABLE_NODAT) : s.table.essaLarge(large, Orc.SET_STABLE);
    }

    @Benchmark
    public int essa4kRunBases(RunBaseFrames s) {
        int frame = s.cursor.frame() * FrameTable.DEFAULT_FRAMES_PER_LARGE;
        boolean first = s.cursor.phase() == 0;
        s.cursor.advance();
        return first ? s.table.essa(frame, Orc.SET_UNUSED) : s.table.essa(frame, Orc.SET_STABLE);
    }

    @Benchmark
    public int hostReclaimVolatile(VolatileFrames s) {
        int frame = s.cursor.frame();
        int phase = s.cursor.phase();
        s.cursor.advance();
        switch (phase) {
            case 0:
                return s.table.apply(frame, FrameOp.RECLAIM); // Vr -> Vz, discarded
            case 1:
                return s.table.essa(frame, Orc.SET_STABLE_RESIDENT); // Vz -> Sr, zero fill
            default:
                return s.table.essa(frame, Orc.SET_VOLATILE); // Sr -> Vr
        }
    }

    @Benchmark
    public int hostStore(CleanFrames s) {
        int frame = s.cursor.frame();
        boolean first = s.cursor.phase() == 0;
        s.cursor.advance();
        return first ? s.table.apply(frame, FrameOp.STORE) : s.table.apply(frame, FrameOp.CLEAN);
    }

    @Benchmark
    public void arrayStore(ShortArray s) {
        int frame = s.cursor.frame();
        int phase = s.cursor.phase();
        s.cursor.advance();
        s.entries[frame] = (short) (phase ^ 1);
    }

    @Benchmark
    public boolean compareAndSet(LongArray s) {
        int frame = s.cursor.frame();
        long phase = s.cursor.phase();
        s.cursor.advance();
        return LONGS.compareAndSet(s.entries, frame, phase, phase ^ 1);
    }

    @Benchmark
    public boolean compareAndSetShort(ShortArray s) {
        int frame = s.cursor.frame();
        short phase = (short) s.cursor.phase();
        s.cursor.advance();
        return SHORTS.compareAndSet(s.entries, frame, phase, (short) (phase ^ 1));
    }

    @Benchmark
    public int lockedEssa4k(LockedFrames s) {
        int frame = s.cursor.frame();
        boolean first = s.cursor.phase() == 0;
        s.cursor.advance();
        return first ? s.table.essa(frame, Orc.SET_UNUSED) : s.table.essa(frame, Orc.SET_STABLE);
    }

    @Benchmark
    public int guestAllocFree(GuestPaths.FreeFrames s) {
        int step = s.cursor.frame();
        boolean allocate = s.cursor.phase() == 0;
        s.cursor.advance();
        if (allocate) {
            int frame = s.kernel.allocPages(0);
            s.frames[step] = frame;
            return frame;
        }
        s.kernel.freePages(s.frames[step], 0);
        return step;
    }

    @Benchmark
    public long guestRead(GuestPaths.CachedPages s) {
        int page = s.cursor.frame();
        s.cursor.advance();
        return s.kernel.read(s.file, page);
    }
}
