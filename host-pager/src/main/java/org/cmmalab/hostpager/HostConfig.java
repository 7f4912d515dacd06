package org.cmmalab.hostpager;

import java.util.Objects;
import org.cmmalab.pagestates.HostMode;

/**
 * A host: how many 4 KiB host frames it has, which {@link HostMode} it runs, which replacement
 * policy ({@link ReplacementPolicies} name), how many slots its paging device has and what they
 * cost, when it reclaims, and, for the {@code opt} policy only, the future sequence of
 * {@link UnitKey unit keys} the run will access (not copied; the host never writes it).
 * {@link #of} gives the design's defaults; the {@code with} methods change one thing.
 */
public record HostConfig(int hostFrames, HostMode mode, String policy, long deviceSlots,
                         ReclaimMode reclaim, DeviceLatency deviceLatency, long[] future) {

    private static final long[] NO_FUTURE = new long[0];

    public HostConfig {
        if (hostFrames <= 0) {
            throw new IllegalArgumentException("host frames must be positive, was " + hostFrames);
        }
        if (deviceSlots < 0) {
            throw new IllegalArgumentException("paging device slots must not be negative, was " + deviceSlots);
        }
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(reclaim, "reclaim");
        Objects.requireNonNull(deviceLatency, "deviceLatency");
        Objects.requireNonNull(future, "future");
        if (reclaim.highWatermark() > hostFrames) {
            throw new IllegalArgumentException("high watermark " + reclaim.highWatermark()
                    + " exceeds the host's " + hostFrames + " frames");
        }
    }

    /** Mode {@code zvm}, policy {@code lru}, reclaim on demand, an SSD-class paging device. */
    public static HostConfig of(int hostFrames, long deviceSlots) {
        return new HostConfig(hostFrames, HostMode.ZVM, ReplacementPolicies.DEFAULT, deviceSlots,
                ReclaimMode.ON_DEMAND, DeviceLatency.SSD, NO_FUTURE);
    }

    public HostConfig withMode(HostMode m) {
        return new HostConfig(hostFrames, m, policy, deviceSlots, reclaim, deviceLatency, future);
    }

    public HostConfig withPolicy(String p) {
        return new HostConfig(hostFrames, mode, p, deviceSlots, reclaim, deviceLatency, future);
    }

    public HostConfig withReclaim(ReclaimMode r) {
        return new HostConfig(hostFrames, mode, policy, deviceSlots, r, deviceLatency, future);
    }

    public HostConfig withDeviceLatency(DeviceLatency l) {
        return new HostConfig(hostFrames, mode, policy, deviceSlots, reclaim, l, future);
    }

    /** The {@code opt} policy with this future sequence of unit keys. */
    public HostConfig withOpt(long[] futureKeys) {
        return new HostConfig(hostFrames, mode, "opt", deviceSlots, reclaim, deviceLatency, futureKeys);
    }
}
