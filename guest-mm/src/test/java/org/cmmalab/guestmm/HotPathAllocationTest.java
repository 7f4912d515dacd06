package org.cmmalab.guestmm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.cmmalab.guestmm.balloon.Balloon;
import org.junit.jupiter.api.Test;

/**
 * Accesses to resident pages allocate nothing: measured with the JVM's per-thread allocation
 * counter over many accesses (not timed). The first round warms up and may allocate (class
 * loading, the JIT); the second must not. The machine is {@link FlatMemory}, so that only the
 * kernel is measured.
 */
class HotPathAllocationTest {
    private static final int ROUNDS = 200_000;

    @Test
    void residentAccessesAllocateNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        GuestKernel k = new GuestKernel(new FlatMemory(4096), KernelConfig.of(0, GuestHinting.V7));
        int file = k.createFile(256);
        FileMapping m = k.map(file, true);
        int pid = k.createProcess();
        int heap = k.malloc(pid, 256);
        long[] bytes = new long[2];
        for (int round = 0; round < 2; round++) {
            long before = threads.getThreadAllocatedBytes(id);
            for (int i = 0; i < ROUNDS; i++) {
                int page = i & 255;
                k.read(file, page);
                k.touchMapped(m, page, (i & 7) == 0, i);
                k.touchAnon(pid, heap + page, (i & 3) == 0);
            }
            bytes[round] = threads.getThreadAllocatedBytes(id) - before;
        }
        System.out.printf("hot path: %d bytes allocated over %d rounds of read + mapped touch + anon touch%n",
                bytes[1], ROUNDS);
        assertTrue(bytes[1] < 4096, bytes[1] + " bytes allocated over " + ROUNDS + " x 3 resident accesses");
    }

    /**
     * A balloon that inflates and deflates a few chunks again and again allocates nothing: its page
     * list keeps its capacity, and the chunks it drops when it takes them whole come back from
     * {@link MemMap}'s spares when a deflate frees into them.
     */
    @Test
    void balloonCyclesAllocateNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        GuestKernel k = new GuestKernel(new FlatMemory(8192), KernelConfig.of(0, GuestHinting.V7));
        Balloon balloon = new Balloon(k, 256, Balloon.VIRTIO_DEFLATE_ON_OOM);
        MemMap map = KernelParts.memMap(k);
        long[] bytes = new long[2];
        int dropped = 0;
        for (int round = 0; round < 2; round++) {
            long before = threads.getThreadAllocatedBytes(id);
            for (int i = 0; i < 500; i++) {
                balloon.inflate(4 * MemMap.CHUNK);
                dropped += 4 - map.chunksInUse();
                balloon.deflate(4 * MemMap.CHUNK);
            }
            bytes[round] = threads.getThreadAllocatedBytes(id) - before;
        }
        System.out.printf("balloon: %d bytes allocated over 500 cycles of 4 chunks, %d chunks dropped%n", bytes[1], dropped);
        assertTrue(dropped > 0, "the balloon took no chunk whole");
        assertTrue(bytes[1] < 4096, bytes[1] + " bytes allocated over 500 inflate and deflate cycles");
    }
}
