package org.cmmalab.discardfault;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Function;
import org.cmmalab.guestmm.GuestMemory;
import org.cmmalab.hostpager.GuestSpace;
import org.cmmalab.pagestates.FrameState;
import org.cmmalab.pagestates.FrameTable;
import org.cmmalab.pagestates.StateModel;
import org.cmmalab.pagestates.HostMode;
import org.cmmalab.pagestates.UsageState;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;

/**
 * What the race tests of the page cache (races 1 to 3) run Lincheck on: a guest's
 * {@link SharedPageCache} of a 2-page file over a {@link GuestSpace} of 4 frames in z/VM mode
 * ({@link HostedGuest#threaded}),
 * vCPUs calling its operations and a host thread reclaiming frames. Every race here reads, writes
 * and reclaims, so those operations are declared here; each race's tested class adds the others
 * its race needs and its {@code @Validate}, and its wrong variants build this machine from a
 * deliberately wrong part: a {@link GuestMemory} wrapper, {@link PageLocks} or {@link FrameReuse}.
 * Public because Lincheck calls the operations declared here.
 *
 * <p>Write-back I/O completes as an interrupt: {@code completeIo} (the disk, on the host's
 * thread) moves every vCPU's submitted write-backs to its pending interrupts, and a vCPU takes
 * its pending interrupts at its interrupt windows: inside make-stable, holding the page's
 * state-change lock ({@link PageCacheHooks#interruptWindow}), and when it leaves each operation.
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

    final GuestSpace store = HostedGuest.threaded(FRAMES, HostMode.ZVM, FrameTable.DEFAULT_FRAMES_PER_LARGE);
    final FrameReuse reuse;
    final SharedPageCache cache;
    private final AtomicIntegerArray submitted = new AtomicIntegerArray(VCPUS);
    private final AtomicIntegerArray pending = new AtomicIntegerArray(VCPUS);

    CacheMachine(Function<GuestSpace, GuestMemory> memory, PageLocks locks, FrameReuse reuse) {
        this.reuse = reuse;
        this.cache = new SharedPageCache(memory.apply(store), PAGES, locks, reuse, new PageCacheHooks() {
            @Override
            public void interruptWindow(int vcpu) {
                takeInterrupts(vcpu);
            }
        });
    }

    /** The production parts: {@link StateChangeLock} and {@link DiscardQuarantine}. */
    CacheMachine() {
        this(store -> store, new StateChangeLock(PAGES), new DiscardQuarantine(FRAMES, VCPUS));
    }

    @Operation
    public String read(@Param(gen = ThreadIdGen.class) int vcpu, @Param(name = "page") int page) {
        return leave(vcpu, show(page, cache.read(checked(vcpu), page)));
    }

    @Operation
    public String write(@Param(gen = ThreadIdGen.class) int vcpu, @Param(name = "page") int page) {
        return leave(vcpu, show(page, cache.write(checked(vcpu), page)));
    }

    @Operation(nonParallelGroup = "host")
    public void reclaim(@Param(name = "frame") int frame) {
        store.reclaim(frame);
    }

    String doTouchMapped(int vcpu, int page) {
        return leave(vcpu, show(page, cache.touchMapped(checked(vcpu), page)));
    }

    void doEvict(int vcpu, int page) {
        cache.evict(checked(vcpu), page);
        leave(vcpu, null);
    }

    void doWriteback(int vcpu, int page) {
        if (cache.writeback(checked(vcpu), page)) {
            submitted.getAndAccumulate(vcpu, 1 << page, (bits, bit) -> bits | bit);
        }
        leave(vcpu, null);
    }

    /** The disk: every write-back submitted so far completes; each vCPU gets an interrupt for its own. */
    void doCompleteIo() {
        for (int v = 0; v < VCPUS; v++) {
            pending.getAndAccumulate(v, submitted.getAndSet(v, 0), (bits, more) -> bits | more);
        }
    }

    /**
     * At rest: every state legal; every frame free (and unused), cached (and not unused) or held
     * for reuse, exactly once; the index and the reverse map agree.
     */
    void checkAtRest() {
        int[] seen = new int[FRAMES];
        int[] free = {0};
        cache.forEachFreeFrameAtRest(f -> {
            seen[f]++;
            free[0]++;
            expect(FrameState.usage(store.state(f)) == UsageState.UNUSED, "free frame " + f + " is "
                    + FrameState.describe(store.state(f)));
        });
        int cached = 0;
        for (int page = 0; page < PAGES; page++) {
            int f = cache.frameOf(page);
            if (f != SharedPageCache.NONE) {
                cached++;
                seen[f]++;
                expect(cache.pageOf(f) == page, "frame " + f + " caches page " + page + " but maps back to "
                        + cache.pageOf(f));
                expect(FrameState.usage(store.state(f)) != UsageState.UNUSED, "cached frame " + f + " is unused");
            }
        }
        for (int f = 0; f < FRAMES; f++) {
            expect(StateModel.isLegal(store.state(f), store.mode()), "frame " + f + " is in an illegal state "
                    + FrameState.describe(store.state(f)));
            expect(seen[f] <= 1, "frame " + f + " is both free and cached, or cached twice");
        }
        expect(free[0] + cached + reuse.held() == FRAMES, free[0] + " free + " + cached + " cached + "
                + reuse.held() + " held for reuse != " + FRAMES + " frames");
    }

    /** A token as its page version, as {@link FileModel} shows it; another page's as {@code page 1 v3}. */
    static String show(int page, long token) {
        for (int p = 0; p < PAGES; p++) {
            for (int v = 0; v <= 16; v++) {
                if (token == SharedPageCache.token(p, v)) {
                    return p == page ? "v" + v : "page " + p + " v" + v;
                }
            }
        }
        if (token == GuestSpace.POISON) {
            return "poison";
        }
        return token == 0 ? "zeros" : "token " + Long.toHexString(token);
    }

    private String leave(int vcpu, String result) {
        takeInterrupts(vcpu);
        return result;
    }

    private void takeInterrupts(int vcpu) {
        int bits = pending.getAndSet(vcpu, 0);
        for (int page = 0; page < PAGES; page++) {
            if ((bits & 1 << page) != 0) {
                cache.endWriteback(vcpu, page);
            }
        }
    }

    private static int checked(int vcpu) {
        if (vcpu < 0 || vcpu >= VCPUS) {
            throw new IllegalArgumentException("vCPU " + vcpu + " is out of range 0.." + (VCPUS - 1));
        }
        return vcpu;
    }

    private static void expect(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }
}
