package org.cmmalab.guestmm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/**
 * The heap budget, measured on a 4 GiB guest (1,048,576 frames) two ways, fresh and with memory
 * full of page cache: the kernel's own accounting of its arrays
 * ({@link GuestKernel#bookkeepingBytes()}, asserted), and the live heap as the JVM's class
 * histogram reports it after a full GC (the {@code GC.class_histogram} diagnostic command,
 * what {@code jmap -histo:live} prints: every live object, headers included). Both include the
 * frame table's 2 bytes per frame: the accounted figure adds them, and the measured one holds
 * them, since the guest's boot makes every frame unused and so fills the table. The file's disk content and written versions (8 bytes per file page:
 * the disk and the checker, not bookkeeping) are measured separately and subtracted. Not a timed
 * test. (G1 places each array over half a region in whole regions, so the used heap the
 * collector reports is up to a region per large array higher.)
 */
class FootprintTest {
    private static final int FRAMES = 1 << 20;
    private static final double FRAME_TABLE = 2.0;

    @Test
    void fourGiBGuest() {
        loadClasses();
        FlatMemory memory = new FlatMemory(FRAMES);
        long base = usedHeap();
        GuestKernel k = new GuestKernel(memory, KernelConfig.of(0, GuestHinting.V7));
        long fresh = usedHeap() - base;
        double freshAccounted = accountedPerFrame(k.bookkeepingBytes());

        int file = k.createFile(FRAMES);
        long fileArrays = usedHeap() - base - fresh;
        for (int p = 0; p < FRAMES; p++) {
            k.read(file, p);
        }
        long full = usedHeap() - base - fileArrays;
        double fullAccounted = accountedPerFrame(k.bookkeepingBytes());
        long cached = k.counters().pageCachePages();

        System.out.printf("4 GiB guest, bytes per 4 KiB frame, frame table included:%n"
                + "  fresh kernel:        %.2f measured, %.2f accounted%n"
                + "  page cache full (%d of %d frames): %.2f measured, %.2f accounted%n"
                + "  (the file's disk and checker arrays, excluded: %.2f MiB)%n",
                measuredPerFrame(fresh), freshAccounted, cached, FRAMES, measuredPerFrame(full), fullAccounted,
                fileArrays / (1024.0 * 1024.0));
        assertTrue(cached > FRAMES - 4 * k.watermarks().high(), "memory filled with page cache: " + cached);
        assertTrue(freshAccounted <= 16.0, "fresh kernel: " + freshAccounted + " bytes per frame");
    }

    /** Class loading (a jar's index, the JMX beans) costs heap once per JVM; keep it out of the numbers. */
    private static void loadClasses() {
        GuestKernel small = new GuestKernel(new FlatMemory(1024), KernelConfig.of(0, GuestHinting.V7).withSwapPages(64));
        int file = small.createFile(2048);
        for (int p = 0; p < 2048; p++) {
            small.read(file, p);
        }
        int pid = small.createProcess();
        small.touchAnon(pid, small.malloc(pid, 10), true);
        usedHeap();
    }

    /** The kernel's own accounting, which leaves out the frame table, plus the table. */
    private static double accountedPerFrame(long bytes) {
        return (double) bytes / FRAMES + FRAME_TABLE;
    }

    /** Live heap, frame table included. */
    private static double measuredPerFrame(long bytes) {
        return (double) bytes / FRAMES;
    }

    /** Live heap bytes: the last line of the class histogram, "Total instances bytes". */
    static long usedHeap() {
        try {
            Object histogram = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
            String[] lines = histogram.toString().trim().split("\\R");
            String[] total = lines[lines.length - 1].trim().split("\\s+");
            return Long.parseLong(total[total.length - 1]);
        } catch (JMException e) {
            throw new AssertionError("no class histogram from this JVM", e);
        }
    }
}
