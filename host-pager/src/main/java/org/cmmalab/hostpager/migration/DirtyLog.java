package org.cmmalab.hostpager.migration;

import java.util.BitSet;
import org.cmmalab.hostpager.DirtyTracking;
import org.cmmalab.pagestates.FrameTable;

/**
 * What the host logs about one guest while it is being migrated: the frames whose content
 * changed, as KVM's dirty log ({@code KVM_MEM_LOG_DIRTY_PAGES}, fetched and cleared by QEMU with
 * {@code KVM_GET_DIRTY_LOG} at every bitmap sync, {@code migration_bitmap_sync} in QEMU
 * {@code migration/ram.c}); and the frames whose storage attribute ({@link MigrationSource#attribute})
 * changed, as KVM's CMMA migration mode keeps them for {@code KVM_S390_GET_CMMA_BITS} (Linux
 * {@code arch/s390/kvm/kvm-s390.c}: {@code kvm_s390_vm_start_migration} marks every page's
 * attribute dirty, ESSA marks the ones it changes).
 *
 * <p>The guest's frame protocol feeds it ({@link DirtyTracking}): a guest store or a release
 * marks the content; every transition that changes a frame's attribute marks the attribute. The
 * log starts with every attribute dirty (so the first round sends them all) and no content dirty
 * (the migration's own bitmap starts full). Confined to the host thread like the rest of the host.
 */
final class DirtyLog implements DirtyTracking {
    private final FrameTable table;
    private final BitSet content;
    private final BitSet attributes;

    /** The log of a guest whose frame states are {@code table}. */
    DirtyLog(FrameTable table) {
        this.table = table;
        this.content = new BitSet(table.frames());
        this.attributes = new BitSet(table.frames());
        attributes.set(0, table.frames());
    }

    @Override
    public void contentChanged(int first, int frames) {
        content.set(first, first + frames);
    }

    @Override
    public void transitioned(int first, int frames, int before) {
        if (MigrationSource.attributeOf(before) != MigrationSource.attributeOf(table.state(first))) {
            attributes.set(first, first + frames);
        }
    }

    /** Adds the logged content changes to {@code bitmap} and clears the log; returns how many frames it added anew. */
    int syncContent(BitSet bitmap) {
        int before = bitmap.cardinality();
        bitmap.or(content);
        content.clear();
        return bitmap.cardinality() - before;
    }

    /** Moves the logged attribute changes into {@code into} (cleared first) and clears the log; returns how many. */
    int syncAttributes(BitSet into) {
        into.clear();
        into.or(attributes);
        attributes.clear();
        return into.cardinality();
    }
}
