package org.cmmalab.harness.experiment.migration;

import org.cmmalab.guestmm.GuestKernel;
import org.cmmalab.hostpager.migration.MigrationSource;
import org.cmmalab.hostpager.migration.MigrationTarget;

/**
 * The check that a migration lost nothing, made with the guest stopped and everything sent: every
 * frame that holds a page of the guest (page cache or anonymous, {@link GuestKernel#holdsPage})
 * has on the destination the content it has on the source; and where storage attributes were
 * migrated, every frame has the source's attribute (a stable page the destination took for unused
 * would be lost at its next host reclaim). Free frames' content is not compared, since no guest
 * reads one: after allocating a frame the guest writes it before reading it, or (with CMMA hints)
 * relies on zeros only where the frame's state says the host holds no content, a state the
 * destination has from the attributes.
 */
final class MigratedMemory {
    private MigratedMemory() {
    }

    /** Frames whose migrated content or attribute differs from the source's. */
    static long lostPages(GuestKernel kernel, MigrationSource source, MigrationTarget target, boolean attributes) {
        long lost = 0;
        for (int f = 0; f < target.frames(); f++) {
            boolean contentDiffers = kernel.holdsPage(f) && target.content(f) != source.content(f);
            boolean attributeDiffers = attributes && target.attribute(f) != source.attribute(f);
            if (contentDiffers || attributeDiffers) {
                lost++;
            }
        }
        return lost;
    }
}
