package org.cmmalab.hostpager;

/**
 * Copy-on-write sharing of host frames among guest frames, at the points of the frame protocol
 * ({@link GuestSpace}) where it matters. A guest frame maps a host frame of its own, or one that a
 * sharer (KSM) merged it into and that other guest frames map too: a <em>shared</em> frame, owned
 * by {@link HostMemMap#SHARED}, one unit of the replacement policy, whose content no guest store
 * may change. The protocol calls each method at its point, for every frame; the sharer answers for
 * the frames that map a shared one. {@link #NONE}, the host's until a sharer
 * {@link Host#attachSharing attaches}, shares nothing: each point leaves the protocol's own work
 * as it is.
 *
 * <p>Called on the host's thread, under the host lock, holding whatever the calling step holds.
 * Page sharing is the simulation's only (see {@link Host}).
 */
public interface PageSharing {
    /** No sharing: every guest frame maps a host frame of its own. */
    PageSharing NONE = new PageSharing() {
        @Override
        public boolean storing(GuestSpace guest, int frame) {
            return true;
        }

        @Override
        public boolean released(GuestSpace guest, int first) {
            return false;
        }

        @Override
        public boolean reclaimed(GuestSpace guest, int first) {
            return false;
        }

        @Override
        public int pageOuts(GuestSpace guest, int first, int frames) {
            return frames;
        }

        @Override
        public boolean anyShared(GuestSpace guest, int first, int count) {
            return false;
        }

        @Override
        public int reclaim(int hostFrame) {
            throw new IllegalStateException("host frame " + hostFrame + " is shared, and no sharer is attached");
        }

        @Override
        public long framesSaved() {
            return 0;
        }
    };

    /**
     * A guest store reached resident {@code frame}, before it takes the frame's word. A frame that
     * maps a shared frame first gets a host frame of its own holding the same content
     * (copy-on-write, as {@code do_wp_page} copies a KSM page), which takes a free host frame and
     * may reclaim to get one. Returns false if it had to reclaim: reclaim may have taken the shared
     * frame itself, and the store looks again.
     */
    boolean storing(GuestSpace guest, int frame);

    /**
     * The guest gave back the resident unit that starts at {@code first}, whose words are held. If
     * it maps a shared frame (only a 4 KiB unit can), the sharer unmaps it
     * ({@link GuestSpace#unmapShared}) and takes it off the shared frame's mappers (the last to
     * leave frees the shared frame): true. False if the unit's host frames are its own, which the
     * protocol frees.
     */
    boolean released(GuestSpace guest, int first);

    /**
     * Reclaim freed the resident unit that starts at {@code first}, whose words are held. If it
     * maps a shared frame (a mapper that {@link #reclaim} is reclaiming), the sharer unmaps it:
     * true. False if the unit's host frames are its own, which the protocol frees.
     */
    boolean reclaimed(GuestSpace guest, int first);

    /**
     * The page-outs to count for writing the unit of {@code frames} frames from {@code first} to
     * the paging device: {@code frames} for a unit of its own; for the mappers of a shared frame,
     * one in all per {@link #reclaim}, as Linux writes a KSM page once.
     */
    int pageOuts(GuestSpace guest, int first, int frames);

    /** Whether any of the {@code count} frames from {@code first} maps a shared frame: a merge into a large frame refuses them. */
    boolean anyShared(GuestSpace guest, int first, int count);

    /**
     * Reclaim picked shared frame {@code hostFrame}: each mapper goes the way its own state says,
     * through the frame protocol ({@link GuestSpace#reclaim}). Returns the host frames freed: 1 if
     * every mapper left, else 0, and the frame stays.
     */
    int reclaim(int hostFrame);

    /** Host frames sharing saves now: mappers less shared frames (KSM's {@code pages_sharing}). */
    long framesSaved();
}
