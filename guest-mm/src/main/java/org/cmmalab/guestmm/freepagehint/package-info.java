/**
 * Free page hinting for live migration: the guest side of virtio-balloon's
 * {@code VIRTIO_BALLOON_F_FREE_PAGE_HINT} ({@link org.cmmalab.guestmm.freepagehint.FreePageHint}).
 * Named after the feature rather than "hinting", which in this project means the CMMA hints.
 *
 * <p>Contract: it calls the kernel only through its driver API
 * ({@link org.cmmalab.guestmm.DriverApi}: allocation without reclaim, freeing, the OOM notifier as
 * its shrinker, the quiescent point) and no other driver package. The host (the harness's
 * migration) starts and ends its rounds.
 */
package org.cmmalab.guestmm.freepagehint;
