package org.cmmalab.guestmm;

/**
 * A zone's free-page watermarks, in frames. Below {@code low} an allocation wakes background
 * reclaim, which runs until {@code high} frames are free; an allocation that would leave fewer
 * than {@code min} free reclaims itself first, and fails if it still cannot.
 *
 * <p>{@link #forFrames} computes them as Linux {@code mm/page_alloc.c} does for a single zone:
 * {@code min_free_kbytes = sqrt(16 * memory_kbytes)}, clamped to 128 KiB .. 256 MiB
 * ({@code calculate_min_free_kbytes}); then with the default {@code watermark_scale_factor} of 10
 * ({@code __setup_per_zone_wmarks}): {@code step = max(min / 4, frames * 10 / 10000)},
 * {@code low = min + step}, {@code high = min + 2 * step}. A 4 GiB guest gets 2048 / 3096 / 4144.
 */
public record Watermarks(int min, int low, int high) {
    public Watermarks {
        if (min < 0 || low < min || high < low) {
            throw new IllegalArgumentException("watermarks must satisfy 0 <= min <= low <= high, were min "
                    + min + ", low " + low + ", high " + high);
        }
    }

    /** Linux's watermarks for a guest of {@code frames} 4 KiB frames. */
    public static Watermarks forFrames(int frames) {
        if (frames <= 0) {
            throw new IllegalArgumentException("frames must be at least 1, was " + frames);
        }
        long kbytes = 4L * frames;
        long minFreeKbytes = Math.min(262_144, Math.max(128, (long) Math.sqrt(16.0 * kbytes)));
        int min = (int) Math.min(frames, minFreeKbytes / 4);
        int step = (int) Math.max(min / 4, frames * 10L / 10_000);
        return new Watermarks(min, min + step, min + 2 * step);
    }
}
