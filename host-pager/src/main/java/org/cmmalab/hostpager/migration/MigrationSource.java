package org.cmmalab.hostpager.migration;

import java.util.BitSet;
import org.cmmalab.hostpager.GuestSpace;
import org.cmmalab.pagestates.FrameState;
import org.cmmalab.pagestates.UsageState;

/**
 * The source host's side of a live migration of one guest: dirty logging switched on for the
 * guest's memory, and what the migration thread reads: a frame's content (QEMU reads guest memory
 * through its own mapping, {@code ram_save_page} in {@code migration/ram.c}) and a frame's storage
 * attribute (s390: {@code KVM_S390_GET_CMMA_BITS}, sent by QEMU's {@code s390-storage-attributes}
 * device, {@code hw/s390x/s390-stattrib-kvm.c}).
 *
 * <p>An attribute is one byte: the frame's usage state (S U V P) and whether the host holds no
 * content for it (not resident and nothing on the device: never touched, released, or
 * discarded; under zvm that is content {@code z}). KVM's byte carries
 * the usage state and the no-DAT flag ({@code _PGSTE_GPS_USAGE_MASK | _PGSTE_GPS_NODAT}); this
 * model carries "logically zero" instead of no-DAT, because in the full (z/VM) architecture a
 * discarded frame is part of the state the destination must know. The destination drops the
 * content of a frame whose attribute says unused or zero ({@link MigrationTarget}).
 *
 * <p>Reading a paged-out frame reads it from the paging device without making it
 * resident: in QEMU the read would fault it in (a host page-in). The migration scenario runs
 * without host paging, so this simplification does not show there. Host thread only.
 */
public final class MigrationSource {
    /** Attribute bit: the host holds no content for the frame. */
    public static final int NO_CONTENT = 0x80;
    private static final int USAGE_MASK = FrameState.USAGE_MASK;

    private final GuestSpace space;
    private final DirtyLog log;
    private boolean stopped;

    private MigrationSource(GuestSpace space, DirtyLog log) {
        this.space = space;
        this.log = log;
    }

    /** Starts dirty logging of {@code space} (KVM_MEM_LOG_DIRTY_PAGES and CMMA migration mode on); one migration at a time. */
    public static MigrationSource start(GuestSpace space) {
        DirtyLog log = new DirtyLog(space.table());
        space.startTracking(log);
        return new MigrationSource(space, log);
    }

    /** The guest's frames. */
    public int frames() {
        return space.frames();
    }

    /** What reading the frame gives: its token, 0 for a frame with no content. */
    public long content(int frame) {
        return space.hostRead(frame);
    }

    /** The frame's storage attribute now. */
    public int attribute(int frame) {
        return attributeOf(space.table().state(frame));
    }

    /** Adds the frames stored to since the last sync to {@code bitmap}; returns how many it added anew. */
    public int syncContent(BitSet bitmap) {
        return log.syncContent(bitmap);
    }

    /** The frames whose attribute changed since the last sync (all of them at the first), into {@code into}. */
    public int syncAttributes(BitSet into) {
        return log.syncAttributes(into);
    }

    /** Ends dirty logging; the guest's stores cost nothing extra from now on. */
    public void stop() {
        if (!stopped) {
            space.stopTracking(log);
            stopped = true;
        }
    }

    /** The attribute of a state word. */
    public static int attributeOf(int word) {
        boolean held = FrameState.isResident(word) || FrameState.backed(word);
        return word & USAGE_MASK | (held ? 0 : NO_CONTENT);
    }

    /** The usage state an attribute carries. */
    public static UsageState usage(int attribute) {
        return FrameState.usage(attribute);
    }

    /** Whether an attribute says the frame has content worth sending: not unused, not logically zero. */
    public static boolean needsContent(int attribute) {
        return (attribute & NO_CONTENT) == 0 && usage(attribute) != UsageState.UNUSED;
    }
}
