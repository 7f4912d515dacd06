package org.cmmalab.hostpager;

/**
 * A watcher of one guest's frames while a mechanism needs to know what changed (live migration's
 * dirty log: KVM's {@code KVM_MEM_LOG_DIRTY_PAGES} and s390's CMMA migration mode). The frame
 * protocol ({@link GuestSpace}) calls it at every change of a frame's content and after every
 * transition of a unit's state word; {@link #NONE}, a guest's until one
 * {@link GuestSpace#startTracking starts}, watches nothing.
 *
 * <p>Called on the thread that makes the change, without the host lock on a guest store's path:
 * tracking is the simulation's only (see {@link Host}).
 */
public interface DirtyTracking {
    /** Nothing watches. */
    DirtyTracking NONE = new DirtyTracking() {
        @Override
        public void contentChanged(int first, int frames) {
        }

        @Override
        public void transitioned(int first, int frames, int before) {
        }
    };

    /** A guest store wrote the content of the {@code frames} frames from {@code first}, or a release dropped it. */
    void contentChanged(int first, int frames);

    /**
     * A transition of the unit of {@code frames} frames from {@code first} has been made; its state
     * word was {@code before}, and the guest's frame table holds the word after.
     */
    void transitioned(int first, int frames, int before);
}
