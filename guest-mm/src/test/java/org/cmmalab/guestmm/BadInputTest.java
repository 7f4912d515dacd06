package org.cmmalab.guestmm;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad input is an IllegalArgumentException whose message names the value and the limit. */
class BadInputTest {
    private final GuestKernel k = new GuestKernel(new SimulatedMemory(512), KernelConfig.of(0, GuestHinting.V7).withSwapPages(64));

    private static void rejects(Executable call, String... parts) {
        String message = assertThrows(IllegalArgumentException.class, call).getMessage();
        for (String part : parts) {
            assertTrue(message.contains(part), "'" + message + "' should name " + part);
        }
    }

    @Test
    void sizes() {
        rejects(() -> k.createFile(0), "0", "at least 1");
        rejects(() -> k.createFile(-3), "-3", "at least 1");
        int pid = k.createProcess();
        rejects(() -> k.malloc(pid, 0), "0", "at least 1");
        rejects(() -> k.malloc(pid, -1), "-1", "at least 1");
        int f = k.createFile(4);
        rejects(() -> k.truncate(f, 5), "5", "0..4");
        rejects(() -> k.truncate(f, -1), "-1", "0..4");
    }

    @Test
    void unknownFilesAndProcesses() {
        int f = k.createFile(4);
        rejects(() -> k.read(99, 0), "99", "0..0");
        k.deleteFile(f);
        rejects(() -> k.read(f, 0), "unknown file " + f);
        rejects(() -> k.touchAnon(42, 0, false), "42", "unknown process");
    }

    @Test
    void pagesBeyondTheEnd() {
        int f = k.createFile(4);
        rejects(() -> k.read(f, 4), "page 4", "0..3");
        rejects(() -> k.write(f, -1, 0), "page -1", "0..3");
        FileMapping m = k.map(f, false);
        rejects(() -> k.touchMapped(m, 9, false, 0), "page 9", "0..3");
        rejects(() -> k.touchMapped(m, 1, true, 0), "read-only");
        int pid = k.createProcess();
        int start = k.malloc(pid, 3);
        rejects(() -> k.touchAnon(pid, start + 3, false), "page 3", "0..2");
        rejects(() -> k.free(pid, start + 1), "page 1", "does not start a region");
    }

    @Test
    void orders() {
        rejects(() -> k.allocPages(11), "11", "maximum order 10");
        rejects(() -> k.allocPages(-1), "-1", "0 to 10");
        rejects(() -> k.freePages(0, 12), "12", "maximum order 10");
        rejects(() -> k.freeBlocks(11), "11", "maximum order 10");
    }

    @Test
    void machines() {
        rejects(() -> new GuestKernel(new SimulatedMemory(700), KernelConfig.of(0, GuestHinting.V7).withLargeFrames(true)),
                "700", "multiple of 512");
        rejects(() -> KernelConfig.of(5000, GuestHinting.V7), "5000", "0..4095");
        rejects(() -> k.handleDiscardFault(512), "512", "0..511");
    }
}
