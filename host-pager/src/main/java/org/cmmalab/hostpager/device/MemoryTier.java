package org.cmmalab.hostpager.device;

/**
 * A tier of memory in front of the paging device that holds copies of some written-out pages, so
 * that a page-in it serves needs no device read: z/VM's expanded storage ({@link ExpandedStorage})
 * or the host's zswap ({@code org.cmmalab.hostpager.zswap.HostZswap}). The device tells its tier
 * of every write, read and freed slot ({@link PagingDevice}); the tier keeps its own rule of which
 * pages it holds and counts its moves, and the device keeps every slot's copy regardless, so that
 * no page is lost whichever tier holds it. What a move costs in time is the harness's cost model.
 * A host has one tier at most. Called on the host's thread, under the host lock.
 */
public interface MemoryTier {
    /** No tier: every page lives on the paging device. */
    MemoryTier NONE = new MemoryTier() {
        @Override
        public void write(int volume, int frame, long token) {
        }

        @Override
        public void read(int volume, int frame) {
        }

        @Override
        public void free(int volume, int frame) {
        }

        @Override
        public long reads() {
            return 0;
        }

        @Override
        public long writes() {
            return 0;
        }

        @Override
        public long migrated() {
            return 0;
        }

        @Override
        public int hostFrames() {
            return 0;
        }
    };

    /** A page-out of frame {@code frame} of the guest on paging volume {@code volume}, whose content is {@code token}. */
    void write(int volume, int frame, long token);

    /** A page-in of the slot's copy; counted in {@link #reads} if the tier holds it. */
    void read(int volume, int frame);

    /** The device freed the slot: its copy leaves the tier if it was there. */
    void free(int volume, int frame);

    /** Page-ins the tier served, since the start. */
    long reads();

    /** Page-outs the tier took, since the start. */
    long writes();

    /** Pages the tier moved on to the paging device to make room, since the start: one device write each. */
    long migrated();

    /** Host frames the tier takes from the host's memory now (0 for one outside it, as XSTOR is). */
    int hostFrames();
}
