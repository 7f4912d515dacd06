package org.cmmalab.hostpager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.function.ToLongFunction;
import org.cmmalab.guestmm.GuestMemory;
import org.cmmalab.pagestates.FrameTable;
import org.eclipse.collections.api.LongIterable;
import org.eclipse.collections.impl.map.mutable.primitive.LongIntHashMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Host faults and host reclaim allocate nothing once the guest memory they touch has its chunks,
 * measured by {@link AllocationProbe} on freshly loaded classes (see there why). If page-states'
 * own {@link FrameTable#apply} allocates, nothing above it can be measured as allocation-free, so
 * the test is skipped, saying so.
 */
class SteadyStateAllocationTest {
    @ParameterizedTest
    @ValueSource(strings = {"lru", "clock", "opt"})
    void faultsAndReclaimAllocateNothing(String policy) throws Exception {
        try (URLClassLoader fresh = new URLClassLoader(new URL[] {
                where(AllocationProbe.class), where(Host.class), where(GuestMemory.class), where(FrameTable.class),
                where(LongIntHashMap.class), where(LongIterable.class)}, ClassLoader.getPlatformClassLoader())) {
            @SuppressWarnings("unchecked")
            ToLongFunction<String> probe = (ToLongFunction<String>) fresh.loadClass(AllocationProbe.class.getName())
                    .getConstructor().newInstance();
            long frameTableBytes = probe.applyAsLong("frame-table");
            assumeTrue(frameTableBytes == 0, "page-states' FrameTable.apply allocates " + frameTableBytes
                    + " bytes per 100 calls (TransitionTables.index calls Orc.values(), which copies an array)");
            assertEquals(0, probe.applyAsLong(policy), "bytes allocated by four rounds of faults and reclaim");
        }
    }

    private static URL where(Class<?> c) {
        return c.getProtectionDomain().getCodeSource().getLocation();
    }
}
