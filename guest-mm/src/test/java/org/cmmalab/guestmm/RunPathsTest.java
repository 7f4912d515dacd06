package org.cmmalab.guestmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.cmmalab.guestmm.recycler.PerPageRecycler;
import org.cmmalab.pagestates.Orc;
import org.eclipse.collections.impl.list.mutable.primitive.LongArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The kernel's run paths against its per-page path: a run of first touches
 * ({@link GuestKernel#touchAnonRun}, {@code AnonMemory.storeFreshRun}), a run of read misses
 * ({@link GuestKernel#readRun}, {@code FileAccess.readRun}) and a region's release by runs of
 * frames ({@code AnonMemory.releaseRegion}). Two kernels on two machines are driven alike by one
 * random workload (mallocs, touches in chunks, frees, file reads, host reclaim of random frames,
 * memory pressure and reclaim, a per-page recycler following the allocator), one taking runs and
 * one every page on its own ({@link GuestKernel#pageByPage}); at checkpoints they
 * must agree in every machine access made so far, in order (frame, operation, token), in the
 * frames' states and contents, in every page descriptor (flags, links, owner, pins), the free
 * lists and the LRU lists in order, the page index, the counters and the recycler's marks.
 */
class RunPathsTest {
    private static final int FRAMES = 8192;
    private static final int OPS = 400;

    @ParameterizedTest
    @EnumSource(GuestHinting.class)
    void runsDoWhatPagesDo(GuestHinting hinting) {
        Machine runs = new Machine(hinting, true);
        Machine pages = new Machine(hinting, false);
        SplittableRandom random = new SplittableRandom(19 + hinting.ordinal());
        for (int op = 0; op < OPS; op++) {
            long seed = random.nextLong();
            runs.step(new SplittableRandom(seed));
            pages.step(new SplittableRandom(seed));
            if (op % 20 == 19 || op == OPS - 1) {
                runs.assertSame(pages, "after op " + op);
            }
        }
        assertTrue(runs.kernel.counters().anonFaults() > 10_000, "the workload touched too few pages: "
                + runs.kernel.counters().anonFaults());
        assertTrue(runs.runsTaken > 50, "only " + runs.runsTaken + " touches of several fresh pages");
        assertTrue(runs.readRuns > 10, "only " + runs.readRuns + " reads of several missing pages");
        assertTrue(runs.kernel.counters().reclaimedPages() > 0, "no memory pressure: " + runs.kernel.counters());
    }

    /** A guest and its machine, driven by a random workload. */
    private static final class Machine {
        final Recording memory = new Recording(new SimulatedMemory(FRAMES));
        final GuestKernel kernel;
        final PerPageRecycler recycler;
        final int file;
        final int pid;
        final List<int[]> regions = new ArrayList<>(); // start, pages, touched
        long runsTaken;
        long readRuns;

        Machine(GuestHinting hinting, boolean takesRuns) {
            kernel = new GuestKernel(memory, KernelConfig.of(1, hinting).withSwapPages(4096));
            if (!takesRuns) {
                kernel.pageByPage();
            }
            recycler = new PerPageRecycler(kernel);
            file = kernel.createFile(2048);
            pid = kernel.createProcess();
        }

        void step(SplittableRandom r) {
            int what = r.nextInt(100);
            if (what < 25 || regions.isEmpty()) {
                int size = 1 + r.nextInt(r.nextBoolean() ? 64 : 2500);
                regions.add(new int[] {kernel.malloc(pid, size), size, 0});
            } else if (what < 70) {
                int[] region = regions.get(r.nextInt(regions.size()));
                int n = Math.min(1 + r.nextInt(300), region[1] - region[2]);
                if (n == 0) {
                    n = Math.min(region[1], 1 + r.nextInt(300)); // touch again: resident and swapped pages
                    touch(region[0], n, r.nextInt(4) != 0);
                } else {
                    touch(region[0] + region[2], n, r.nextInt(8) != 0);
                    region[2] += n;
                }
            } else if (what < 80) {
                kernel.free(pid, regions.remove(r.nextInt(regions.size()))[0]);
            } else if (what < 95) {
                int from = r.nextInt(2048 - 300);
                int n = 1 + r.nextInt(300);
                long before = kernel.counters().pageCacheMisses();
                kernel.readRun(file, from, n);
                if (kernel.counters().pageCacheMisses() - before > 1) {
                    readRuns++;
                }
            } else {
                for (int i = 0; i < 64; i++) {
                    memory.hostReclaim(r.nextInt(FRAMES));
                }
                recycler.recycleMarked();
            }
        }

        private void touch(int start, int n, boolean store) {
            long before = kernel.counters().anonFaults();
            if (store) {
                kernel.touchAnonRun(pid, start, n, true);
            } else {
                for (int p = start; p < start + n; p++) {
                    kernel.touchAnon(pid, p, false);
                }
            }
            if (kernel.counters().anonFaults() - before > 1) {
                runsTaken++;
            }
        }

        void assertSame(Machine other, String when) {
            for (int i = 0; i < Math.min(memory.events.size(), other.memory.events.size()); i++) {
                long e = memory.events.get(i);
                assertEquals(other.memory.events.get(i), e, when + ": machine access " + i + " of " + memory.events.size()
                        + " (kind " + (e >>> 56) + ", frame " + (int) e + ")");
            }
            assertEquals(other.memory.events.size(), memory.events.size(), when + ": machine accesses");
            for (int f = 0; f < FRAMES; f++) {
                assertEquals(other.memory.inner.state(f), memory.inner.state(f), when + ": frame " + f + "'s state");
                assertEquals(other.memory.inner.content[f], memory.inner.content[f], when + ": frame " + f + "'s content");
            }
            MemMap a = KernelParts.memMap(kernel);
            MemMap b = KernelParts.memMap(other.kernel);
            for (int f = 0; f < FRAMES; f++) {
                String frame = when + ": frame " + f + "'s ";
                assertEquals(b.flags(f), a.flags(f), frame + "flags");
                boolean listed = (a.flags(f) & (PageFlags.BUDDY | PageFlags.LRU)) != 0;
                if (listed) {
                    assertEquals(b.next(f), a.next(f), frame + "next");
                    assertEquals(b.prev(f), a.prev(f), frame + "prev");
                }
                assertEquals(b.owner(f), a.owner(f), frame + "owner");
                assertEquals(b.pins(f), a.pins(f), frame + "pins");
                assertEquals(b.isPageLocked(f), a.isPageLocked(f), frame + "lock");
                assertEquals(other.recycler.isMarked(f), recycler.isMarked(f), frame + "recycler mark");
            }
            assertEquals(b.chunksInUse(), a.chunksInUse(), when + ": descriptor chunks");
            PageLists la = KernelParts.lists(kernel);
            PageLists lb = KernelParts.lists(other.kernel);
            for (int list = 0; list < PageLists.COUNT; list++) {
                assertEquals(walk(lb, b, list), walk(la, a, list), when + ": list " + list + " in order");
            }
            PageIndex ia = KernelParts.pageIndex(kernel);
            PageIndex ib = KernelParts.pageIndex(other.kernel);
            Process pa = KernelParts.anonMemory(kernel).process(pid);
            Process pb = KernelParts.anonMemory(other.kernel).process(pid);
            for (int p = 0; p < pa.heapEnd(); p++) {
                assertEquals(ib.get(pb, p), ia.get(pa, p), when + ": page " + p + "'s entry");
                assertEquals(pb.versions.get(p), pa.versions.get(p), when + ": page " + p + "'s version");
            }
            assertEquals(counters(other.kernel.counters()), counters(kernel.counters()), when + ": counters");
            assertEquals(other.recycler.toString(), recycler.toString(), when + ": the recycler");
            kernel.checkAtRest(f -> false); // ESSA GET_STATE of every frame: both, so that their records stay alike
            other.kernel.checkAtRest(f -> false);
        }

        private static LongArrayList walk(PageLists lists, MemMap map, int list) {
            LongArrayList frames = new LongArrayList();
            for (int f = lists.head(list); f != MemMap.NIL; f = map.next(f)) {
                frames.add(f);
            }
            assertEquals(lists.size(list), frames.size(), "list " + list + "'s size");
            return frames;
        }

        private static String counters(GuestCounters c) {
            StringBuilder sb = new StringBuilder();
            for (Field field : GuestCounters.class.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                field.setAccessible(true);
                try {
                    Object value = field.get(c);
                    sb.append(field.getName()).append('=')
                            .append(value instanceof long[] l ? java.util.Arrays.toString(l) : String.valueOf(value)).append(' ');
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
            return sb.toString();
        }
    }

    /** The machine, recording every access in order: an ESSA run as the ESSAs of its frames. */
    private static final class Recording implements GuestMemory {
        final SimulatedMemory inner;
        final LongArrayList events = new LongArrayList();

        Recording(SimulatedMemory inner) {
            this.inner = inner;
        }

        void hostReclaim(int frame) {
            events.add(5L << 56 | frame);
            inner.hostReclaim(frame);
        }

        @Override
        public int frames() {
            return inner.frames();
        }

        @Override
        public int essa(int frame, Orc orc) {
            events.add(1L << 56 | (long) orc.ordinal() << 32 | frame);
            return inner.essa(frame, orc);
        }

        @Override
        public void essaRun(int first, int count, Orc orc) {
            for (int f = first; f < first + count; f++) {
                essa(f, orc);
            }
        }

        @Override
        public long load(int frame) {
            events.add(2L << 56 | frame);
            return inner.load(frame);
        }

        @Override
        public boolean store(int frame, long token) {
            events.add(3L << 56 | frame);
            events.add(token);
            return inner.store(frame, token);
        }

        @Override
        public int essaLarge(int large, Orc orc) {
            throw new UnsupportedOperationException("4 KiB frames only");
        }

        @Override
        public void clean(int frame) {
            events.add(4L << 56 | frame);
            inner.clean(frame);
        }

        @Override
        public void release(int frame) {
            events.add(6L << 56 | frame);
            inner.release(frame);
        }
    }
}
