/**
 * The host's frames and reclaim: host memory shared by guests ({@link org.cmmalab.hostpager.Host}),
 * each guest's memory as the host backs it and the host's one frame protocol
 * ({@link org.cmmalab.hostpager.GuestSpace}, whose class comment is the protocol's contract), the
 * host's memory map and each guest's gmap, reclaim by page state
 * ({@link org.cmmalab.hostpager.Reclaimer}) and what the host counts.
 *
 * <h2>What it may call</h2>
 * {@code org.cmmalab.pagestates} (the states and their tables), the guest's view of memory in
 * {@code org.cmmalab.guestmm} ({@link org.cmmalab.guestmm.GuestMemory}, which a guest space
 * implements), and the two packages below it: {@link org.cmmalab.hostpager.device} (the paging
 * device) and {@link org.cmmalab.hostpager.replacement} (which unit to reclaim next).
 *
 * <p>The mechanisms above it ({@code hostpager.ksm}, {@code hostpager.tmem},
 * {@code hostpager.zswap}, {@code hostpager.migration}) call it, never the other way: each plugs in
 * through a hook called at named points, whose default is no mechanism:
 * {@link org.cmmalab.hostpager.PageSharing} (copy-on-write sharing of host frames),
 * {@link org.cmmalab.hostpager.Shrinker} (a cache that reclaim shrinks first),
 * {@link org.cmmalab.hostpager.DirtyTracking} (a watcher of a guest's changes) and the paging
 * device's {@link org.cmmalab.hostpager.device.MemoryTier} (a tier in front of the device: the
 * host's zswap).
 */
package org.cmmalab.hostpager;
