package org.cmmalab.hostpager;

import java.util.Objects;
import org.cmmalab.hostpager.device.DeviceLatency;
import org.cmmalab.hostpager.device.ExpandedStorage;
import org.cmmalab.hostpager.replacement.ReplacementPolicies;
import org.cmmalab.hostpager.replacement.UnitKey;
import org.cmmalab.pagestates.Discipline;
import org.cmmalab.pagestates.HostMode;

/**
 * A host: how many 4 KiB host frames it has, which {@link HostMode} it runs, which replacement
 * policy ({@link ReplacementPolicies} name), how many slots its paging device has and what they
 * cost, how many blocks of {@link ExpandedStorage} (z/VM's XSTOR) sit in front of it, when it reclaims, and, for the {@code opt} policy only, the future sequence of
 * {@link UnitKey unit keys} the run will access (not copied; the host never writes it), and the
 * {@link Discipline} its frame protocol runs under ({@link FrameSync}).
 * {@link #of} gives the design's defaults; the {@code with} methods change one thing.
 */
public record HostConfig(int hostFrames, HostMode mode, String replacement, long deviceSlots,
                         ReclaimMode reclaim, DeviceLatency deviceLatency, long[] future, int xstorBlocks,
                         Discipline discipline) {

    private static final long[] NO_FUTURE = new long[0];

    public HostConfig {
        if (hostFrames <= 0) {
            throw new IllegalArgumentException("host frames must be positive, was " + hostFrames);
        }
        if (xstorBlocks < 0) {
            throw new IllegalArgumentException("expanded storage must not be negative, was " + xstorBlocks + " blocks");
        }
        if (deviceSlots < 0) {
            throw new IllegalArgumentException("paging device slots must not be negative, was " + deviceSlots);
        }
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(replacement, "replacement");
        Objects.requireNonNull(reclaim, "reclaim");
        Objects.requireNonNull(deviceLatency, "deviceLatency");
        Objects.requireNonNull(future, "future");
        Objects.requireNonNull(discipline, "discipline");
        if (reclaim.highWatermark() > hostFrames) {
            throw new IllegalArgumentException("high watermark " + reclaim.highWatermark()
                    + " exceeds the host's " + hostFrames + " frames");
        }
    }

    /** Mode {@code zvm}, replacement {@code lru}, reclaim on demand, an SSD-class paging device, no expanded storage, one thread at a time. */
    public static HostConfig of(int hostFrames, long deviceSlots) {
        return new HostConfig(hostFrames, HostMode.ZVM, ReplacementPolicies.DEFAULT, deviceSlots,
                ReclaimMode.ON_DEMAND, DeviceLatency.SSD, NO_FUTURE, 0,
                Discipline.SIMULATION);
    }

    public HostConfig withMode(HostMode m) {
        return new HostConfig(hostFrames, m, replacement, deviceSlots, reclaim, deviceLatency, future, xstorBlocks, discipline);
    }

    /** The replacement policy {@code name} ({@link ReplacementPolicies}). */
    public HostConfig withReplacement(String name) {
        return new HostConfig(hostFrames, mode, name, deviceSlots, reclaim, deviceLatency, future, xstorBlocks, discipline);
    }

    public HostConfig withReclaim(ReclaimMode r) {
        return new HostConfig(hostFrames, mode, replacement, deviceSlots, r, deviceLatency, future, xstorBlocks, discipline);
    }

    public HostConfig withDeviceLatency(DeviceLatency l) {
        return new HostConfig(hostFrames, mode, replacement, deviceSlots, reclaim, l, future, xstorBlocks, discipline);
    }

    /** {@code blocks} 4 KiB blocks of expanded storage in front of the paging device (0: none). */
    public HostConfig withExpandedStorage(int blocks) {
        return new HostConfig(hostFrames, mode, replacement, deviceSlots, reclaim, deviceLatency, future, blocks, discipline);
    }

    /** The {@code opt} policy with this future sequence of unit keys. */
    public HostConfig withOpt(long[] futureKeys) {
        return new HostConfig(hostFrames, mode, "opt", deviceSlots, reclaim, deviceLatency, futureKeys, xstorBlocks, discipline);
    }

    /** The frame protocol run one thread at a time (the default) or by real threads in parallel. */
    public HostConfig withDiscipline(Discipline d) {
        return new HostConfig(hostFrames, mode, replacement, deviceSlots, reclaim, deviceLatency, future, xstorBlocks, d);
    }
}
