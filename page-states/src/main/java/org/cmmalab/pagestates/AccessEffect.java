package org.cmmalab.pagestates;

/** What a guest load or store does to a frame in a given state (docs/state-model.md section 3). */
public enum AccessEffect {
    /** The access is served from the resident frame. */
    NORMAL,
    /** Host page fault: the host reads the content back from its paging device. */
    HOST_FAULT,
    /** The host supplies a zeroed frame. */
    ZERO_FILL,
    /** The content was discarded: the host delivers a discard fault (program check 0x1a) to the guest. */
    DISCARD_FAULT,
    /** The guest touched a frame it declared unused: a guest bug, reported, never served. */
    ADDRESSING_EXCEPTION
}
