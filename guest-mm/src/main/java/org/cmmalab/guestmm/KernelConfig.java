package org.cmmalab.guestmm;

import org.cmmalab.pagestates.Discipline;

/**
 * How a guest kernel is set up.
 *
 * @param guest          the guest's number, carried in every content token (0 to 4095)
 * @param hinting        which guest issues the CMMA hints ({@link GuestHinting}); NONE: no ESSA at all
 * @param largeFrames    the guest's memory is backed by 2 MiB frames: one hint per 2 MiB frame,
 *                       no volatile hints ({@link HintPoints}); frames must then be a multiple of 512
 * @param swapPages      the size of the guest's swap device, in 4 KiB slots (0: no swap)
 * @param watermarks     free-page watermarks, or null for Linux's ({@link Watermarks#forFrames})
 * @param dirtyExpireNanos how long a page may stay dirty before write-back writes it
 *                       (Linux {@code dirty_expire_centisecs}, 30 s)
 * @param image          the disk image the guest booted from (0 to 4095), or {@link #NO_IMAGE}:
 *                       with an image, a file page nobody has written holds the image's content,
 *                       the same token in every guest booted from it ({@link ContentToken#imageFile});
 *                       pages the guest wrote, and anonymous pages, stay private to it
 * @param vcpus          the guest's vCPUs (1 or more; see {@link Vcpus})
 * @param discipline     how the kernel is run: as one simulation thread, or on real threads ({@link Vcpus})
 */
public record KernelConfig(int guest, GuestHinting hinting, boolean largeFrames, int swapPages,
                           Watermarks watermarks, long dirtyExpireNanos, int image, int vcpus,
                           Discipline discipline) {
    /** Linux's default dirty-expire time: {@code dirty_expire_centisecs = 3000}. */
    public static final long DIRTY_EXPIRE_NANOS = 30_000_000_000L;
    /** The most vCPUs a guest may have (deferred reuse numbers them, and its kernel threads, in 6 bits). */
    public static final int MAX_VCPUS = RetiredFrames.MAX_VCPUS - 1;
    /** {@link #image} of a guest whose files are its own: every token carries its guest number. */
    public static final int NO_IMAGE = -1;

    public KernelConfig {
        java.util.Objects.requireNonNull(hinting, "hinting");
        java.util.Objects.requireNonNull(discipline, "discipline");
        if (vcpus < 1 || vcpus > MAX_VCPUS) {
            throw new IllegalArgumentException("a guest has 1 to " + MAX_VCPUS + " vCPUs, was " + vcpus);
        }
        ContentToken.checkGuest(guest);
        if (image != NO_IMAGE) {
            ContentToken.checkGuest(image);
        }
        if (swapPages < 0) {
            throw new IllegalArgumentException("swap size must not be negative, was " + swapPages + " pages");
        }
        if (dirtyExpireNanos < 0) {
            throw new IllegalArgumentException("dirty-expire time must not be negative, was " + dirtyExpireNanos + " ns");
        }
    }

    /** Small frames, no swap, Linux's watermarks, 30 s dirty expire, no shared image, one simulated vCPU. */
    public static KernelConfig of(int guest, GuestHinting hinting) {
        return new KernelConfig(guest, hinting, false, 0, null, DIRTY_EXPIRE_NANOS, NO_IMAGE, 1, Discipline.SIMULATION);
    }

    public KernelConfig withHinting(GuestHinting h) {
        return new KernelConfig(guest, h, largeFrames, swapPages, watermarks, dirtyExpireNanos, image, vcpus, discipline);
    }

    public KernelConfig withLargeFrames(boolean on) {
        return new KernelConfig(guest, hinting, on, swapPages, watermarks, dirtyExpireNanos, image, vcpus, discipline);
    }

    public KernelConfig withSwapPages(int pages) {
        return new KernelConfig(guest, hinting, largeFrames, pages, watermarks, dirtyExpireNanos, image, vcpus, discipline);
    }

    public KernelConfig withWatermarks(Watermarks marks) {
        return new KernelConfig(guest, hinting, largeFrames, swapPages, marks, dirtyExpireNanos, image, vcpus, discipline);
    }

    public KernelConfig withDirtyExpireNanos(long nanos) {
        return new KernelConfig(guest, hinting, largeFrames, swapPages, watermarks, nanos, image, vcpus, discipline);
    }

    /** {@code n} vCPUs. */
    public KernelConfig withVcpus(int n) {
        return new KernelConfig(guest, hinting, largeFrames, swapPages, watermarks, dirtyExpireNanos, image, n, discipline);
    }

    /** Run under discipline {@code d}. */
    public KernelConfig withDiscipline(Discipline d) {
        return new KernelConfig(guest, hinting, largeFrames, swapPages, watermarks, dirtyExpireNanos, image, vcpus, d);
    }

    /** Booted from disk image {@code id} ({@link #NO_IMAGE}: files of its own). */
    public KernelConfig withImage(int id) {
        return new KernelConfig(guest, hinting, largeFrames, swapPages, watermarks, dirtyExpireNanos, id, vcpus, discipline);
    }
}
