package org.cmmalab.hostpager;

/**
 * What the host did, since it was built. Page counts are in 4 KiB frames (a large frame counts
 * 512); the others count events. Written by the host thread only; another thread reading them
 * may see stale values (see {@link Host}).
 */
public final class HostCounters {
    long pageIns;
    long pageOuts;
    long discards;
    long droppedBacked;
    long droppedZero;
    long zeroFills;
    long writeOutsAborted;
    long reclaimScans;
    long slotsFreed;
    long deviceFull;
    long released;
    long collectionBuffersZapped;

    HostCounters() {
    }

    /** Full collection buffers the host processed (kvm: {@code handle_essa}'s zap of 511 frames). */
    public long collectionBuffersZapped() {
        return collectionBuffersZapped;
    }

    /** Pages read back from the paging device (host faults, and zvm's SET_STABLE_RESIDENT of a paged-out frame). */
    public long pageIns() {
        return pageIns;
    }

    /** Pages written to the paging device, including writes the guest made moot before they landed. */
    public long pageOuts() {
        return pageOuts;
    }

    /** Frames reclaimed without I/O because the guest said their content is not needed (U, V, clean P). */
    public long discards() {
        return discards;
    }

    /** Frames freed without a write because an unchanged copy was already on the paging device. */
    public long droppedBacked() {
        return droppedBacked;
    }

    /** Frames freed without a write because they were zero-filled and never changed: nothing held again. */
    public long droppedZero() {
        return droppedZero;
    }

    /** Frames the host supplied zeroed (host faults on {@code Sz}, SET_STABLE_RESIDENT from {@code z}). */
    public long zeroFills() {
        return zeroFills;
    }

    /** Write-outs after which the frame stayed resident because a guest store came in during the write. */
    public long writeOutsAborted() {
        return writeOutsAborted;
    }

    /** Victims the replacement policy named and reclaim examined. */
    public long reclaimScans() {
        return reclaimScans;
    }

    /** Paging-device slots freed (content gone from preserved or backed to logically zero). */
    public long slotsFreed() {
        return slotsFreed;
    }

    /** Resident frames the guests gave back ({@link GuestSpace#release}). */
    public long released() {
        return released;
    }

    /** Victims skipped because their write-out found the paging device full. */
    public long deviceFull() {
        return deviceFull;
    }

    /** Host faults of any kind: pages read back plus frames zero-filled. */
    public long faults() {
        return pageIns + zeroFills;
    }

    @Override
    public String toString() {
        return "pageIns=" + pageIns + " pageOuts=" + pageOuts + " discards=" + discards
                + " droppedBacked=" + droppedBacked + " droppedZero=" + droppedZero + " zeroFills=" + zeroFills
                + " writeOutsAborted=" + writeOutsAborted + " reclaimScans=" + reclaimScans
                + " slotsFreed=" + slotsFreed + " deviceFull=" + deviceFull + " released=" + released;
    }
}
