package org.cmmalab.hostpager.device;

/**
 * What one page-in and one page-out of a 4 KiB page cost on the paging device, in nanoseconds of
 * virtual time, for the harness's cost model (never measured: the run is a simulation). A large
 * frame moves as 512 pages and is charged as 512 operations.
 */
public record DeviceLatency(long pageInNanos, long pageOutNanos) {
    /** An SSD-class paging device, the design's default: 100 us each way. */
    public static final DeviceLatency SSD = new DeviceLatency(100_000, 100_000);
    /** A rotating disk: 5 ms each way. */
    public static final DeviceLatency DISK = new DeviceLatency(5_000_000, 5_000_000);

    public DeviceLatency {
        if (pageInNanos < 0 || pageOutNanos < 0) {
            throw new IllegalArgumentException(
                    "device latencies must not be negative, were " + pageInNanos + " ns and " + pageOutNanos + " ns");
        }
    }

    /** A preset by name: {@code ssd} or {@code disk}. */
    public static DeviceLatency preset(String name) {
        switch (name) {
            case "ssd":
                return SSD;
            case "disk":
                return DISK;
            default:
                throw new IllegalArgumentException("unknown paging device preset '" + name + "'; known presets: ssd, disk");
        }
    }
}
