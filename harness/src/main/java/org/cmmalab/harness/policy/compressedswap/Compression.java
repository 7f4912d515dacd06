package org.cmmalab.harness.policy.compressedswap;

import org.cmmalab.harness.yaml.YamlMapping;

/**
 * What compressing a 4 KiB page costs and gains, read once here so that {@code zram} and
 * {@code zswap} take the same defaults:
 * <ul>
 *   <li>{@code compressionRatio} 0.33: a compressed page's size over 4 KiB. Google's zswap-based far
 *       memory (Lagar-Cavilla et al., "Software-Defined Far Memory in Warehouse-Scale Computers",
 *       ASPLOS 2019, docs/sources.md) reports "67% or higher memory cost reduction" for the cold
 *       pages it compresses with lzo, so a third of a page. A page of zeros costs nothing in zswap
 *       (same-filled pages) and, in zram, only its slot ({@code ZRAM_SAME}).</li>
 *   <li>{@code decompressMicros} 6: the same paper's access time to a compressed page, "6 us".</li>
 *   <li>{@code compressMicros} 10: our estimate (the sources give no figure): lzo compresses several
 *       times slower than it decompresses.</li>
 * </ul>
 *
 * @param ratio           compressed size over 4 KiB, above 0 and below 1
 * @param compressNanos   compressing one page on a store
 * @param decompressNanos decompressing one page on a load (or a writeback's read)
 */
record Compression(double ratio, long compressNanos, long decompressNanos) {
    static final double RATIO = 0.33;
    static final double COMPRESS_MICROS = 10;
    static final double DECOMPRESS_MICROS = 6;

    /** The three parameters from a policy's section, with the defaults above. */
    static Compression read(YamlMapping p) {
        return new Compression(
                p.number("compressionRatio", RATIO, 0.01, 0.99),
                Math.round(p.number("compressMicros", COMPRESS_MICROS, 0, 1e6) * 1000),
                Math.round(p.number("decompressMicros", DECOMPRESS_MICROS, 0, 1e6) * 1000));
    }
}
