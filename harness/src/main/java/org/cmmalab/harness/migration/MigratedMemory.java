package org.cmmalab.harness.migration;

import org.cmmalab.guestmm.GuestKernel;
import org.cmmalab.hostpager.MigrationSource;
import org.cmmalab.hostpager.MigrationTarget;

/**
 * The check that a migration lost nothing: with the guest stopped and everything sent, every frame
 * that holds a page of the guest (page cache or anonymous, {@link GuestKernel#holdsPage}) has on
 * the destination the content it has on the source. Free frames are not compared, since no guest
 * reads one: after allocating a frame the guest writes it before reading it, or (with CMMA hints)
 * relies on zeros only where the frame's state says the host holds no content, a state the
 * destination gets with the attributes.
 */
final class MigratedMemory {
    private MigratedMemory() {
    }

    static long lostPages(GuestKernel kernel, MigrationSource source, MigrationTarget target) {
        long lost = 0;
        for (int f = 0; f < target.frames(); f++) {
            if (kernel.holdsPage(f) && target.content(f) != source.content(f)) {
                lost++;
            }
        }
        return lost;
    }
}
