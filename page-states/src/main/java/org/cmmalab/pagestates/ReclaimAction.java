package org.cmmalab.pagestates;

/** What the host pager may do with a frame it picks for reclaim (docs/state-model.md section 2). */
public enum ReclaimAction {
    /** Not resident: there is nothing to reclaim. */
    NONE,
    /** Write the content to the paging device (unless an unchanged copy is there), then free. */
    WRITE_OUT,
    /** Free the frame without I/O; the content is gone. */
    DISCARD,
    /** Discard if the guest change bit is clear, otherwise write out. */
    DISCARD_IF_CLEAN
}
