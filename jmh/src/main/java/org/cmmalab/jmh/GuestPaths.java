package org.cmmalab.jmh;

import org.cmmalab.discardfault.HostedGuest;
import org.cmmalab.guestmm.GuestKernel;
import org.cmmalab.guestmm.GuestHinting;
import org.cmmalab.guestmm.KernelConfig;
import org.cmmalab.hostpager.Host;
import org.cmmalab.hostpager.HostConfig;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The JMH states of {@link StateChangeBenchmark}'s guest hint paths: a guest kernel (guest-mm)
 * booted on a host (host-pager) through {@link org.cmmalab.discardfault.FaultDelivery}, exactly
 * as a replay or the harness wires them ({@link HostedGuest#boot}). The host has a frame for
 * every guest frame, so it never reclaims: what is measured is the guest's own path and the
 * ESSA it issues, never a host fault or a discard. {@code hints} switches the guest's CMMA hints
 * ({@link KernelConfig#hinting}, the v7 guest of the zvm host here): off, the same path runs without a single ESSA, so the
 * difference between the two is what the hints cost inside the path.
 *
 * <p>Each {@code setUp(hints, walk)} is the whole setup, for the tests to call with a small walk.
 */
public final class GuestPaths {
    /** A 1 GiB guest. */
    static final int GUEST_FRAMES = 1 << 18;
    /** Frames or pages each benchmark walks: 256 MiB of the guest, so that the walk does not live in the caches. */
    static final int WALK = 1 << 16;

    private GuestPaths() {
    }

    /** A host that holds every frame of a guest of {@code frames} frames. */
    static Host host(int frames) {
        return new Host(HostConfig.of(frames, frames));
    }

    /** A guest of all the host's frames, with or without hints. */
    static HostedGuest boot(Host host, boolean hints) {
        return HostedGuest.boot(host, host.frames(), KernelConfig.of(0, hints ? GuestHinting.V7 : GuestHinting.NONE));
    }

    /**
     * Single frames to allocate and free through {@link GuestKernel#allocPages allocPages(0)} and
     * {@link GuestKernel#freePages freePages}: the buddy allocator's order-0 free list holds
     * {@code walk} frames whose buddies are in use, so that a free never coalesces and an
     * allocation never splits (a guest that has run a while; a fresh one would split and merge a
     * 2 MiB block on every call). Every frame has been used, so the host holds its content: a
     * free is {@code Sr} to {@code Ur} (SET_UNUSED), an allocation {@code Ur} to {@code Sr}
     * (SET_STABLE), the {@link EssaCycle#SET_STABLE} cycle of the bare ESSA benchmarks.
     */
    @State(Scope.Thread)
    public static class FreeFrames {
        @Param({"true", "false"})
        public boolean hints;
        Host host;
        HostedGuest guest;
        GuestKernel kernel;
        /** The frames allocated in the current lap, by step. */
        int[] frames;
        Cursor cursor;

        @Setup
        public void setUp() {
            setUp(hints, WALK);
        }

        void setUp(boolean hintsOn, int walk) {
            host = host(GUEST_FRAMES);
            guest = boot(host, hintsOn);
            kernel = guest.kernel();
            int[] taken = new int[2 * walk];
            for (int i = 0; i < taken.length; i++) {
                taken[i] = kernel.allocPages(0);
                if (taken[i] == GuestKernel.NO_PAGE) {
                    throw new IllegalStateException("a guest of " + GUEST_FRAMES + " frames ran out after " + i);
                }
                guest.delivery().store(taken[i], 0L); // used once: the host holds the frame from now on
            }
            for (int frame : taken) {
                if ((frame & 1) == 1) {
                    kernel.freePages(frame, 0);
                }
            }
            if (kernel.freeBlocks(0) != walk) {
                throw new IllegalStateException("expected " + walk + " single free frames with busy buddies, found "
                        + kernel.freeBlocks(0));
            }
            frames = new int[walk];
            cursor = new Cursor(walk, 2);
        }
    }

    /**
     * A file of {@code walk} pages, all in the page cache and released: with hints on, each is
     * volatile ({@code Vr}) and marked hinted, so that a {@link GuestKernel#read read} makes it
     * stable first (SET_STABLE_IF_RESIDENT, {@code Vr} to {@code Sr}) and volatile again when the
     * use ends (SET_VOLATILE): the {@link EssaCycle#SET_STABLE_IF_RESIDENT} cycle, two ESSA per read.
     */
    @State(Scope.Thread)
    public static class CachedPages {
        @Param({"true", "false"})
        public boolean hints;
        Host host;
        HostedGuest guest;
        GuestKernel kernel;
        int file;
        Cursor cursor;

        @Setup
        public void setUp() {
            setUp(hints, WALK);
        }

        void setUp(boolean hintsOn, int walk) {
            host = host(GUEST_FRAMES);
            guest = boot(host, hintsOn);
            kernel = guest.kernel();
            file = kernel.createFile(walk);
            for (int page = 0; page < walk; page++) {
                if (kernel.read(file, page) == GuestKernel.NO_MEMORY) {
                    throw new IllegalStateException("a guest of " + GUEST_FRAMES + " frames could not cache page " + page);
                }
            }
            cursor = new Cursor(walk, 1);
        }
    }
}
