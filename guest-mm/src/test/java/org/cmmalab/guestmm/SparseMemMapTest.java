package org.cmmalab.guestmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Page descriptors cost memory only for the 2 MiB chunks a guest uses: none after boot, some while
 * a process holds memory, none again once it has freed it all.
 */
class SparseMemMapTest {
    private static final int FRAMES = 1 << 20; // 4 GiB

    @Test
    void descriptorsFollowMemoryInUseNotConfiguredMemory() {
        for (boolean hints : new boolean[] {false, true}) {
            GuestKernel k = new GuestKernel(new FlatMemory(FRAMES), KernelConfig.of(0, hints ? GuestHinting.V7 : GuestHinting.NONE));
            MemMap map = KernelParts.memMap(k);
            assertEquals(0, map.chunksInUse(), "after boot");
            assertTrue(map.bytes() < FRAMES / 16, "boot bookkeeping " + map.bytes() + " bytes");
            int pid = k.createProcess();
            int region = k.malloc(pid, 10_000);
            for (int p = 0; p < 10_000; p++) {
                k.touchAnon(pid, region + p, true);
            }
            int held = map.chunksInUse();
            assertTrue(held >= 10_000 / MemMap.CHUNK && held <= 10_000 / MemMap.CHUNK + 2, held + " chunks for 10,000 pages");
            k.free(pid, region);
            assertEquals(0, map.chunksInUse(), "after the process freed its memory, hints " + hints);
            assertEquals(FRAMES, k.freeFrames());
        }
    }
}
