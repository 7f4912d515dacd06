package org.cmmalab.harness.sim;

import org.cmmalab.harness.scenario.Storage;

/**
 * The guests' storage devices, as a scenario's {@code storage:} section lays them out: one
 * {@link DeviceQueue} per guest ({@code per-guest}), one for all ({@code shared}), or the host's
 * paging device ({@code with-paging}); each device has the section's channels, or none to wait
 * for ({@code unlimited}). A guest's vCPU issues its block I/O of a step one page after another,
 * reads first, and waits for each, as it waited for the fixed cost of each before its disk
 * queued; what changes is only that another guest's I/O, or the host's paging, may be in the way.
 * One vCPU that waits for each of its own I/Os never finds its own device busy: a private device
 * of any channel count charges exactly the fixed costs.
 */
final class GuestStorage implements GuestIo {
    /** Each guest's device, by guest number less one. */
    private final DeviceQueue[] deviceOf;

    private GuestStorage(DeviceQueue[] deviceOf) {
        this.deviceOf = deviceOf;
    }

    /** The devices {@code spec} gives {@code guests} guests, {@code paging} being the host's paging device. */
    static GuestStorage of(Storage spec, int guests, DeviceQueue paging) {
        DeviceQueue[] deviceOf = new DeviceQueue[guests];
        DeviceQueue shared = switch (spec.guestDisks()) {
            case PER_GUEST -> null;
            case SHARED -> device(spec);
            case WITH_PAGING -> paging;
        };
        for (int g = 0; g < guests; g++) {
            deviceOf[g] = shared != null ? shared : device(spec);
        }
        return new GuestStorage(deviceOf);
    }

    private static DeviceQueue device(Storage spec) {
        return spec.unlimited() ? DeviceQueue.unlimited() : DeviceQueue.of(spec.channels());
    }

    @Override
    public long sync(int guest, long now, long reads, long readNanos, long writes, long writeNanos) {
        DeviceQueue device = deviceOf[guest - 1];
        long read = device.sync(now, reads, readNanos);
        return read + device.sync(now + read, writes, writeNanos);
    }
}
