package org.cmmalab.harness.result;

/**
 * One measured quantity, as reports show it: its JSON/CSV name, a unit, and whether more is
 * better (for reports that mark the best policy), in the order reports list metrics.
 */
public enum Metric {
    THROUGHPUT("throughput", "req/s", "requests completed per virtual second, all guests", true),
    LATENCY_P50("latencyP50Ms", "ms", "median request latency", false),
    LATENCY_P99("latencyP99Ms", "ms", "99th percentile request latency", false),
    HOST_PAGE_INS("hostPageIns", "pages", "host reads from its paging device", false),
    HOST_PAGE_OUTS("hostPageOuts", "pages", "host writes to its paging device", false),
    XSTOR_PAGE_INS("xstorPageIns", "pages",
            "host page-ins served from z/VM expanded storage (a live migration's reads of pages it held count too)", false),
    XSTOR_PAGE_OUTS("xstorPageOuts", "pages", "host page-outs into z/VM expanded storage", false),
    XSTOR_MIGRATIONS("xstorMigrations", "pages", "pages moved on from expanded storage to DASD to make room", false),
    DISCARDS("discards", "frames", "frames the host freed without I/O because of their state", false),
    DISCARD_FAULTS("discardFaults", "faults", "guest accesses to discarded content", false),
    ZERO_FILLS("zeroFills", "frames", "frames the host supplied zeroed", false),
    GUEST_DISK_READS("guestDiskReads", "pages", "guest reads from its own disk", false),
    GUEST_DISK_WRITES("guestDiskWrites", "pages", "guest writeback to its own disk", false),
    GUEST_SWAP_INS("guestSwapIns", "pages", "guest swap-ins", false),
    GUEST_SWAP_OUTS("guestSwapOuts", "pages", "guest swap-outs", false),
    GUEST_IO_WAIT_MS("guestIoWaitMs", "ms",
            "time guests waited for their disk and swap I/O beyond its service time: the queue of their storage device",
            false),
    SECTORS_READ("sectorsRead", "sectors",
            "guest disk and swap reads in 512-byte sectors (8 per 4 KiB page), as a virtual block device counts them",
            false),
    JOB_SECONDS("jobSeconds", "s",
            "virtual time a finite job took (kernel builds); the machine's is the last guest's; - without one", false),
    ESSA_OPS("essaOps", "ops", "ESSA operations issued by all guests", false),
    HINT_CPU_MS("hintCpuMs", "ms", "CPU time charged to hints (ESSA and discard-fault delivery)", false),
    BALLOON_PAGES("balloonPages", "pages", "pages moved by balloons (inflate plus deflate)", false),
    BALLOON_CPU_MS("balloonCpuMs", "ms", "CPU time charged to balloon traffic", false),
    DRIVER_CPU_MS("driverCpuMs", "ms",
            "guest CPU time charged to other cooperation drivers: free page reports, PPR hooks, tmem copies, KSM copy-on-write", false),
    HOST_CPU_MS("hostCpuMs", "ms", "host CPU time of host-side daemons: the PPR recycler, the KSM scanner", false),
    SHARING_SAVED_MIB("sharingSavedMiB", "MiB", "mean host memory page sharing (KSM) saved", true),
    HOST_MEMORY_PEAK("hostMemoryPeakMiB", "MiB", "largest host memory in use", false),
    HOST_MEMORY_MEAN("hostMemoryMeanMiB", "MiB", "mean host memory in use", false),
    LOST_PAGES("lostPages", "pages", "reads that did not see the last write: must be 0", false),
    LEAKS("leaks", "pages", "reads that saw another guest's content: must be 0", false);

    private final String key;
    private final String unit;
    private final String description;
    private final boolean higherIsBetter;

    Metric(String key, String unit, String description, boolean higherIsBetter) {
        this.key = key;
        this.unit = unit;
        this.description = description;
        this.higherIsBetter = higherIsBetter;
    }

    /** The name in JSON and CSV, such as {@code hostPageIns}. */
    public String key() {
        return key;
    }

    public String unit() {
        return unit;
    }

    public String description() {
        return description;
    }

    public boolean higherIsBetter() {
        return higherIsBetter;
    }
}
