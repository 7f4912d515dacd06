package org.cmmalab.harness.scenario;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cmmalab.harness.yaml.YamlMapping;

/**
 * What each event costs in virtual time, in nanoseconds. The defaults are our estimates, each
 * with its source below; a scenario overrides any of them under {@code costs:}.
 *
 * @param memoryAccess     one guest page reference served from a resident frame (100 ns)
 * @param essa             one ESSA: "> 100 cycles" (Schwidefsky, linux-mm 2009-03-30), 40 ns
 * @param pageIn           one host read from its paging device (SSD class: 100 us; {@code disk}: 5 ms)
 * @param pageOut          one host write to its paging device (as page-in)
 * @param guestDiskRead    one guest read of a file page or swap page from its own disk (100 us)
 * @param guestDiskWrite   one guest writeback or swap-out of a page (100 us)
 * @param discardFault     delivering a discard fault to the guest, before its re-read (5 us)
 * @param zeroFill         the host supplying a zeroed frame (1 us)
 * @param balloonPage      a balloon inflating or deflating one page (2 us)
 * @param balloonRoundTrip one guest-host round trip of up to 256 balloon pages (50 us)
 * @param xstorPage        moving one page between real storage and z/VM expanded storage, either way
 *                         (10 us, our estimate: "something less than 100 microseconds" was measured
 *                         on 3090-era processors, CA MICS "Overview of Expanded Storage"; a z9 moves
 *                         4 KiB faster)
 */
public record CostModel(long memoryAccess, long essa, long pageIn, long pageOut, long guestDiskRead,
                        long guestDiskWrite, long discardFault, long zeroFill, long balloonPage,
                        long balloonRoundTrip, long xstorPage) {
    /** The paging device a host has unless {@code host.device} names another. */
    public static final String DEFAULT_DEVICE = "ssd";
    /** The paging devices' presets by name ({@code host.device}): one page-in or page-out, in nanoseconds. */
    private static final Map<String, Long> DEVICE_IO = new LinkedHashMap<>();

    static {
        DEVICE_IO.put("ssd", 100_000L);
        DEVICE_IO.put("disk", 5_000_000L);
    }

    /** The names {@code host.device} takes. */
    public static List<String> devices() {
        return List.copyOf(DEVICE_IO.keySet());
    }

    /** The design's defaults with the host's paging device of the given kind (one of {@link #devices()}). */
    public static CostModel defaults(String device) {
        Long io = DEVICE_IO.get(device);
        if (io == null) {
            throw new IllegalArgumentException("no paging device is named '" + device + "'");
        }
        return new CostModel(100, 40, io, io, 100_000, 100_000, 5_000, 1_000, 2_000, 50_000, 10_000);
    }

    static CostModel read(YamlMapping costs, String device) {
        CostModel d = defaults(device);
        CostModel m = new CostModel(
                ns(costs, "memoryAccessNs", d.memoryAccess),
                ns(costs, "essaNs", d.essa),
                ns(costs, "pageInNs", d.pageIn),
                ns(costs, "pageOutNs", d.pageOut),
                ns(costs, "guestDiskReadNs", d.guestDiskRead),
                ns(costs, "guestDiskWriteNs", d.guestDiskWrite),
                ns(costs, "discardFaultNs", d.discardFault),
                ns(costs, "zeroFillNs", d.zeroFill),
                ns(costs, "balloonPageNs", d.balloonPage),
                ns(costs, "balloonRoundTripNs", d.balloonRoundTrip),
                ns(costs, "xstorPageNs", d.xstorPage));
        costs.done();
        return m;
    }

    private static long ns(YamlMapping costs, String key, long fallback) {
        return costs.integer(key, fallback, 0, 60_000_000_000L);
    }
}
