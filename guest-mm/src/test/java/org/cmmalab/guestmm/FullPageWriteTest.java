package org.cmmalab.guestmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cmmalab.pagestates.ReclaimOutcome;
import org.junit.jupiter.api.Test;

/**
 * write(2) of a whole page that is not cached reads nothing first (Linux's {@code block_write_begin}
 * reads only blocks a write covers in part), and never lets an older cleancache copy come back.
 */
class FullPageWriteTest {
    @Test
    void writingAnUncachedPageReadsNothing() {
        GuestKernel k = new GuestKernel(new SimulatedMemory(256), KernelConfig.of(3, GuestHinting.V7));
        int file = k.createFile(4);
        for (int p = 0; p < 4; p++) {
            assertEquals(ContentToken.file(3, file, p, 1), k.write(file, p, 0));
        }
        assertEquals(0, k.counters().diskReads(), "a new object file is written without reading it");
        assertEquals(4, k.counters().pageCachePages());
        for (int p = 0; p < 4; p++) {
            assertEquals(ContentToken.file(3, file, p, 1), k.read(file, p), "and reads back what was written");
        }
        assertEquals(0, k.counters().lostPages());
    }

    @Test
    void anOlderCleancacheCopyIsDroppedWhenThePageIsOverwritten() {
        SimulatedMemory mem = new SimulatedMemory(256);
        GuestKernel k = new GuestKernel(mem, KernelConfig.of(3, GuestHinting.V7));
        TmemFrontendTest.MapCleancache cc = new TmemFrontendTest.MapCleancache();
        k.setCleancache(cc);
        int file = k.createFile(1);
        cc.put(file, 0, ContentToken.file(3, file, 0, 0)); // as if reclaim had dropped version 0 earlier
        k.write(file, 0, 0);
        assertTrue(cc.pages.isEmpty(), "the write made the old copy stale, so it is gone");
        k.sync();
        int frame = KernelParts.fileFrame(k, file, 0);
        assertEquals(ReclaimOutcome.DISCARDED, mem.hostReclaim(frame), "clean and volatile after writeback");
        assertEquals(ContentToken.file(3, file, 0, 1), k.read(file, 0), "read again from disk: version 1");
        assertEquals(0, k.counters().lostPages());
    }
}
