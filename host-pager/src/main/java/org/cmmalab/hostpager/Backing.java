package org.cmmalab.hostpager;

/** How the host backs a guest's memory, chosen when the guest is attached. */
public enum Backing {
    /** 4 KiB host frames: each guest frame is its own unit of residency. */
    SMALL,
    /**
     * Large (2 MiB) frames: every aligned run of 512 guest frames starts merged into one large
     * frame, which is resident, used, reclaimed and paged as one unit, and which the guest may
     * {@link GuestSpace#split split} (and {@link GuestSpace#merge merge} again). Frames past the
     * last whole run stay small.
     */
    LARGE
}
