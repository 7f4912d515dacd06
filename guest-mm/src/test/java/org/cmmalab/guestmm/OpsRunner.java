package org.cmmalab.guestmm;

import java.util.SplittableRandom;
import org.cmmalab.pagestates.FrameState;
import org.cmmalab.pagestates.HostMode;
import org.cmmalab.pagestates.UsageState;
import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;
import org.eclipse.collections.impl.list.mutable.primitive.LongArrayList;
import org.eclipse.collections.impl.map.mutable.primitive.IntIntHashMap;

/**
 * Plays a sequence of operations, each given as one int, on one kernel and its host, and records
 * what the guest saw. The decoding depends only on the operations and on which files, mappings,
 * processes, regions and blocks exist, never on what a call returned, so that two runners fed the
 * same operations (hints off and on) stay in step. With hints on, the kernel is the guest the host
 * mode pairs with ({@link GuestHinting#forHost}).
 */
final class OpsRunner {
    static final int OPS = 23;
    static final long SECOND = 1_000_000_000L;

    final SimulatedMemory memory;
    final GuestKernel kernel;
    final LongArrayList seen = new LongArrayList();
    final IntIntHashMap held = new IntIntHashMap();
    private final IntArrayList files = new IntArrayList();
    private final java.util.List<FileMapping> mappings = new java.util.ArrayList<>();
    private final IntArrayList pids = new IntArrayList();
    private final IntArrayList regionPid = new IntArrayList();
    private final IntArrayList regionStart = new IntArrayList();
    private final IntArrayList regionPages = new IntArrayList();
    private final IntArrayList heldFrames = new IntArrayList();
    private final IntArrayList heldOrders = new IntArrayList();
    private long now;

    OpsRunner(int frames, HostMode mode, boolean large, boolean hints) {
        memory = new SimulatedMemory(frames, mode, large);
        // With hints on, the guest the mode pairs with: the v7 guest's zero-content shortcut is
        // unsound on KVM, whose logically-zero frames may still hold a swap slot.
        GuestHinting hinting = hints ? GuestHinting.forHost(mode) : GuestHinting.NONE;
        kernel = new GuestKernel(memory, KernelConfig.of(1, hinting).withLargeFrames(large).withSwapPages(4 * frames));
    }

    void apply(int op) {
        SplittableRandom r = new SplittableRandom(op);
        switch (Math.floorMod(op, OPS)) {
            case 0 -> files.add(kernel.createFile(1 + r.nextInt(48)));
            case 1, 2 -> withPage(r, (f, p) -> seen.add(kernel.read(f, p)));
            case 3 -> withPage(r, (f, p) -> seen.add(kernel.write(f, p, now)));
            case 4 -> withFile(r, f -> mappings.add(kernel.map(f, r.nextBoolean())));
            case 5, 6 -> {
                FileMapping m = pick(r);
                if (m != null && kernel.filePages(m.file()) > 0) {
                    seen.add(kernel.touchMapped(m, r.nextInt(kernel.filePages(m.file())), m.writable() && r.nextBoolean(), now));
                }
            }
            case 7 -> {
                FileMapping m = pick(r);
                if (m != null) {
                    mappings.remove(m);
                    kernel.unmap(m);
                }
            }
            case 8 -> withFile(r, f -> kernel.truncate(f, r.nextInt(kernel.filePages(f) + 1)));
            case 9 -> withFile(r, f -> {
                kernel.deleteFile(f);
                files.remove(f);
                mappings.removeIf(m -> m.file() == f);
            });
            case 10 -> {
                now += r.nextInt(40) * SECOND;
                kernel.writeback(now);
            }
            case 11 -> kernel.sync();
            case 12 -> pids.add(kernel.createProcess());
            case 13 -> {
                if (!pids.isEmpty()) {
                    int pid = pids.get(r.nextInt(pids.size()));
                    int pages = 1 + r.nextInt(64);
                    regionPid.add(pid);
                    regionStart.add(kernel.malloc(pid, pages));
                    regionPages.add(pages);
                }
            }
            case 14 -> withRegion(r, i -> {
                kernel.free(regionPid.get(i), regionStart.get(i));
                dropRegion(i);
            });
            case 15, 16, 17 -> withRegion(r, i -> seen.add(kernel.touchAnon(regionPid.get(i),
                    regionStart.get(i) + r.nextInt(regionPages.get(i)), r.nextBoolean())));
            case 18 -> {
                if (!pids.isEmpty()) {
                    int pid = pids.removeAtIndex(r.nextInt(pids.size()));
                    kernel.exit(pid);
                    for (int i = regionPid.size() - 1; i >= 0; i--) {
                        if (regionPid.get(i) == pid) {
                            dropRegion(i);
                        }
                    }
                }
            }
            case 19 -> {
                int order = r.nextInt(8) == 0 ? r.nextInt(GuestKernel.MAX_ORDER + 1) : r.nextInt(4);
                int frame = kernel.allocPages(order);
                heldFrames.add(frame);
                heldOrders.add(order);
                if (frame != GuestKernel.NO_PAGE) {
                    held.put(frame, order);
                }
            }
            case 21, 22 -> {
                // the host's LRU picks frames it holds: resident ones, in use by the guest or not
                for (int n = 1 + r.nextInt(32), tries = 4 * n; n > 0 && tries > 0; tries--) {
                    int frame = r.nextInt(memory.frames());
                    int state = memory.state(frame);
                    if (FrameState.isResident(state) && FrameState.usage(state) != UsageState.UNUSED) {
                        memory.hostReclaim(frame);
                        n--;
                    }
                }
            }
            default -> {
                if (!heldFrames.isEmpty()) {
                    int i = r.nextInt(heldFrames.size());
                    int frame = heldFrames.removeAtIndex(i);
                    int order = heldOrders.removeAtIndex(i);
                    if (frame != GuestKernel.NO_PAGE) {
                        held.remove(frame);
                        kernel.freePages(frame, order);
                    }
                }
            }
        }
    }

    /** Reads every page the guest can see, so that two runs can be compared page by page. */
    void readEverything() {
        for (int i = 0; i < files.size(); i++) {
            int f = files.get(i);
            for (int p = 0; p < kernel.filePages(f); p++) {
                seen.add(kernel.read(f, p));
            }
        }
        for (int i = 0; i < regionPid.size(); i++) {
            for (int p = 0; p < regionPages.get(i); p++) {
                seen.add(kernel.touchAnon(regionPid.get(i), regionStart.get(i) + p, false));
            }
        }
    }

    /** Frees everything the guest holds. */
    void tearDown() {
        for (FileMapping m : mappings) {
            kernel.unmap(m);
        }
        mappings.clear();
        files.forEach(kernel::deleteFile);
        files.clear();
        pids.forEach(kernel::exit);
        pids.clear();
        held.forEachKeyValue(kernel::freePages);
        held.clear();
    }

    void check() {
        KernelChecks.check(kernel, memory, held);
    }

    private void withFile(SplittableRandom r, java.util.function.IntConsumer action) {
        if (!files.isEmpty()) {
            action.accept(files.get(recent(r, files.size())));
        }
    }

    private void withPage(SplittableRandom r, java.util.function.BiConsumer<Integer, Integer> action) {
        withFile(r, f -> {
            if (kernel.filePages(f) > 0) {
                action.accept(f, r.nextInt(kernel.filePages(f)));
            }
        });
    }

    private void withRegion(SplittableRandom r, java.util.function.IntConsumer action) {
        if (!regionPid.isEmpty()) {
            action.accept(recent(r, regionPid.size()));
        }
    }

    private FileMapping pick(SplittableRandom r) {
        return mappings.isEmpty() ? null : mappings.get(recent(r, mappings.size()));
    }

    /** Mostly one of the two newest, so that pages are touched again and again, as workloads do. */
    private static int recent(SplittableRandom r, int size) {
        return r.nextInt(4) == 0 ? r.nextInt(size) : size - 1 - r.nextInt(Math.min(size, 2));
    }

    private void dropRegion(int i) {
        regionPid.removeAtIndex(i);
        regionStart.removeAtIndex(i);
        regionPages.removeAtIndex(i);
    }
}
