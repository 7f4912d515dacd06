/**
 * The per-page recycler (PPR): a mark per guest frame, set when the frame is freed and cleared
 * when it is allocated, and the host daemon's scan that gives the marked frames back to the host
 * ({@link org.cmmalab.guestmm.recycler.PerPageRecycler}). Linux has no such driver; the design is
 * the PPR proposal's (docs/sources.md).
 *
 * <p>Contract: it calls the kernel only through its driver API
 * ({@link org.cmmalab.guestmm.DriverApi}: a listener on allocations and frees, the free lists at
 * load, the host) and {@link org.cmmalab.guestmm.GuestKernel}'s public queries, and no other
 * driver package. The caller runs the daemon's scan and charges its cost.
 */
package org.cmmalab.guestmm.recycler;
