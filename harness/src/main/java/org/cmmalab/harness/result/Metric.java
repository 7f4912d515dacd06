package org.cmmalab.harness.result;

/**
 * One measured quantity, defined once: its JSON/CSV name, a unit, what it means, which way is
 * better (for reports that mark the best policy and state a finding) and how a run counts it
 * ({@link Counting}), in the order reports list metrics. The engine's tallies, the JSON, the CSV,
 * the console table and the report page iterate over these definitions; a metric in milliseconds
 * is tallied in nanoseconds.
 */
public enum Metric {
    THROUGHPUT("throughput", "req/s", "requests completed per virtual second, all guests", Better.HIGHER, Counting.MEASURED),
    LATENCY_P50("latencyP50Ms", "ms", "median request latency", Better.LOWER, Counting.MEASURED),
    LATENCY_P99("latencyP99Ms", "ms", "99th percentile request latency", Better.LOWER, Counting.MEASURED),
    GUEST_OOMS("guestOoms", "steps",
            "workload steps that failed for want of memory (a real guest would run its OOM killer)", Better.LOWER,
            Counting.GUEST),
    HOST_PAGE_INS("hostPageIns", "pages", "host reads from its paging device", Better.LOWER, Counting.GUEST_AND_HOST),
    HOST_PAGE_OUTS("hostPageOuts", "pages", "host writes to its paging device", Better.LOWER, Counting.GUEST_AND_HOST),
    XSTOR_PAGE_INS("xstorPageIns", "pages",
            "host page-ins served from z/VM expanded storage (a live migration's reads of pages it held count too)",
            Better.LOWER, Counting.HOST),
    XSTOR_PAGE_OUTS("xstorPageOuts", "pages", "host page-outs into z/VM expanded storage", Better.LOWER, Counting.HOST),
    XSTOR_MIGRATIONS("xstorMigrations", "pages", "pages moved on from expanded storage to DASD to make room",
            Better.LOWER, Counting.HOST),
    HOST_ZSWAP_PAGE_INS("hostZswapPageIns", "pages", "host page-ins served by decompressing from the host's zswap pool",
            Better.NONE, Counting.HOST),
    HOST_ZSWAP_PAGE_OUTS("hostZswapPageOuts", "pages", "host page-outs compressed into the host's zswap pool",
            Better.NONE, Counting.HOST),
    HOST_ZSWAP_WRITEBACKS("hostZswapWritebacks", "pages",
            "pages the host's zswap pool wrote back to the paging device, full", Better.LOWER, Counting.HOST),
    DISCARDS("discards", "frames", "frames the host freed without I/O because of their state", Better.NONE, Counting.GUEST_AND_HOST),
    DISCARD_FAULTS("discardFaults", "faults", "guest accesses to discarded content", Better.NONE, Counting.GUEST),
    ZERO_FILLS("zeroFills", "frames", "frames the host supplied zeroed", Better.NONE, Counting.GUEST_AND_HOST),
    GUEST_DISK_READS("guestDiskReads", "pages", "guest reads from its own disk", Better.LOWER, Counting.GUEST),
    GUEST_DISK_WRITES("guestDiskWrites", "pages", "guest writeback to its own disk", Better.LOWER, Counting.GUEST),
    GUEST_SWAP_INS("guestSwapIns", "pages", "guest swap-ins", Better.LOWER, Counting.GUEST),
    GUEST_SWAP_OUTS("guestSwapOuts", "pages", "guest swap-outs", Better.LOWER, Counting.GUEST),
    FRONTSWAP_STORES("frontswapStores", "pages",
            "guest swap-outs its frontswap backend took instead of the swap device: tmem's pool, zram, zswap",
            Better.NONE, Counting.GUEST),
    FRONTSWAP_LOADS("frontswapLoads", "pages", "guest swap-ins its frontswap backend served (tmem's pool, zram, zswap)",
            Better.NONE, Counting.GUEST),
    GUEST_IO_WAIT_MS("guestIoWaitMs", "ms",
            "time guests waited for their disk and swap I/O beyond its service time: the queue of their storage device",
            Better.LOWER, Counting.GUEST),
    SECTORS_READ("sectorsRead", "sectors",
            "guest disk and swap reads in 512-byte sectors (8 per 4 KiB page), as a virtual block device counts them",
            Better.LOWER, Counting.GUEST),
    JOB_SECONDS("jobSeconds", "s",
            "virtual time a finite job took (kernel builds); the machine's is the last guest's; - without one",
            Better.LOWER, Counting.MEASURED),
    ESSA_OPS("essaOps", "ops", "ESSA operations issued by all guests", Better.NONE, Counting.GUEST),
    HINT_CPU_MS("hintCpuMs", "ms", "CPU time charged to hints (ESSA and discard-fault delivery)", Better.LOWER, Counting.GUEST),
    BALLOON_PAGES("balloonPages", "pages", "pages moved by balloons (inflate plus deflate)", Better.NONE, Counting.GUEST),
    BALLOON_CPU_MS("balloonCpuMs", "ms", "CPU time charged to balloon traffic", Better.LOWER, Counting.GUEST),
    HOTPLUG_PAGES("hotplugPages", "pages", "guest memory virtio-mem plugged plus unplugged", Better.NONE, Counting.GUEST),
    MIGRATED_PAGES("migratedPages", "pages", "guest pages migrated to empty memory for a virtio-mem unplug",
            Better.NONE, Counting.GUEST),
    DAMON_PAGEOUTS("damonPageouts", "pages", "pages DAMON_RECLAIM found cold and paged out", Better.NONE, Counting.GUEST),
    DRIVER_CPU_MS("driverCpuMs", "ms",
            "guest CPU time charged to other cooperation drivers: free page reports, PPR hooks, tmem copies, KSM copy-on-write,"
            + " virtio-mem requests and migrations, DAMON's sampling, compression", Better.LOWER, Counting.GUEST),
    HOST_CPU_MS("hostCpuMs", "ms",
            "host CPU time of host-side daemons: the PPR recycler, the KSM scanner, the host's zswap in background reclaim"
            + " and writeback", Better.LOWER, Counting.HOST),
    SHARING_SAVED_MIB("sharingSavedMiB", "MiB", "mean host memory page sharing (KSM) saved", Better.NONE, Counting.MEASURED),
    HOST_ZSWAP_MIB("hostZswapMiB", "MiB", "mean host memory holding the host's zswap pool (in host memory in use)",
            Better.NONE, Counting.MEASURED),
    HOST_MEMORY_PEAK("hostMemoryPeakMiB", "MiB", "largest host memory in use", Better.LOWER, Counting.MEASURED),
    HOST_MEMORY_MEAN("hostMemoryMeanMiB", "MiB", "mean host memory in use", Better.LOWER, Counting.MEASURED),
    LOST_PAGES("lostPages", "pages", "reads that did not see the last write: must be 0", Better.ZERO, Counting.WHOLE_RUN),
    LEAKS("leaks", "pages", "reads that saw another guest's content: must be 0", Better.ZERO, Counting.WHOLE_RUN);

    /** How a run counts a metric, after the warm-up unless said otherwise. */
    public enum Counting {
        /**
         * Tallied per guest, from what the guest's own work was charged (its faults, the direct
         * reclaim they ran into, its drivers); the run's value is the guests' sum.
         */
        GUEST,
        /**
         * Tallied per guest as {@link #GUEST}; the run's value is the host's own tally, which also
         * counts what its background reclaim did.
         */
        GUEST_AND_HOST,
        /** Tallied by the host alone (expanded storage, host daemons' CPU); no guest has a value. */
        HOST,
        /** An invariant, tallied per guest over the whole run, warm-up included; the run's value is the sum. */
        WHOLE_RUN,
        /** Measured by the engine from the run as a whole: requests and their latency, job times, host memory samples. */
        MEASURED
    }

    /** Which way a metric is better, if either. */
    public enum Better {
        /** More is better: work done. */
        HIGHER("higher"),
        /** Less is better: time, I/O, CPU, memory spent. */
        LOWER("lower"),
        /**
         * Neither: how much a mechanism did (pages discarded or ballooned, hints issued), which is
         * the means to an end that other metrics measure; never ranked.
         */
        NONE("not ranked: what a mechanism did"),
        /** An invariant: anything but 0 is a failure, not a worse score; never ranked. */
        ZERO("must be 0");

        private final String words;

        Better(String words) {
            this.words = words;
        }

        /** How reports say it: {@code higher}, {@code lower}, ... */
        public String words() {
            return words;
        }
    }

    private final String key;
    private final String unit;
    private final String description;
    private final Better better;
    private final Counting counting;

    Metric(String key, String unit, String description, Better better, Counting counting) {
        this.key = key;
        this.unit = unit;
        this.description = description;
        this.better = better;
        this.counting = counting;
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

    public Better better() {
        return better;
    }

    public Counting counting() {
        return counting;
    }

    /** Whether each guest has a tally of this metric. */
    public boolean talliedPerGuest() {
        return counting == Counting.GUEST || counting == Counting.GUEST_AND_HOST || counting == Counting.WHOLE_RUN;
    }

    /** Whether the host's tally is the run's value. */
    public boolean talliedByHost() {
        return counting == Counting.GUEST_AND_HOST || counting == Counting.HOST;
    }

    /** How many units of the tally make one of the metric's unit: a million nanoseconds for a metric in milliseconds, else 1. */
    public double tallyPerUnit() {
        return unit.equals("ms") ? 1e6 : 1;
    }

    /** Whether policies can be ranked by this metric: it has a better direction. */
    public boolean ranked() {
        return better == Better.HIGHER || better == Better.LOWER;
    }

    /** The metric whose {@link #key()} is {@code key}, or null. */
    public static Metric byKey(String key) {
        for (Metric m : values()) {
            if (m.key.equals(key)) {
                return m;
            }
        }
        return null;
    }
}
