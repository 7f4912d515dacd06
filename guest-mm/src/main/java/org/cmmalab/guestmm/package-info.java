/**
 * The guest kernel's core: a Linux-like memory manager for CMMA Lab, the guest side of guest page
 * hinting.
 *
 * <p>{@link org.cmmalab.guestmm.GuestKernel} is the entry point; it runs on a
 * {@link org.cmmalab.guestmm.GuestMemory}, the machine as the guest sees it (frames, ESSA, loads
 * and stores). What it does is counted in {@link org.cmmalab.guestmm.GuestCounters}; what it
 * reads is checked against {@link org.cmmalab.guestmm.ContentToken content tokens}, and a
 * mismatch is a {@link org.cmmalab.guestmm.LostPage}.
 *
 * <h2>What lives here</h2>
 * The parts that need package-private access to one another: the buddy allocator and the
 * watermarks, with the isolation of a range ({@code ContigRange}, {@code alloc_contig_range}) and
 * page migration ({@code PageMigration}); the page descriptors ({@code MemMap}, Linux's
 * {@code mem_map}) and their lists; the
 * page cache and its protocol (state-change locks, {@code RetiredFrames} over
 * {@link org.cmmalab.guestmm.GracePeriods}, {@link org.cmmalab.guestmm.Vcpus}, the discard-fault
 * handler); anonymous memory and swap; the LRU lists and reclaim, and the reclaim of chosen pages
 * ({@code ReclaimPages}, {@code reclaim_pages}); and the hint points
 * ({@code HintPoints}, the one place the guest issues ESSA; its class comment says why they have
 * no package of their own).
 *
 * <h2>Contract</h2>
 * The core calls {@code org.cmmalab.pagestates} (the states and ESSA's operation request codes)
 * and {@link org.cmmalab.guestmm.tmem} (the backends its page cache and swap offer pages to), and
 * no driver package. It is called through {@link org.cmmalab.guestmm.GuestKernel}'s public methods,
 * each one kernel entry by the current vCPU, and by the drivers in the packages below it
 * ({@link org.cmmalab.guestmm.balloon}, {@link org.cmmalab.guestmm.pagereporting},
 * {@link org.cmmalab.guestmm.freepagehint}, {@link org.cmmalab.guestmm.recycler},
 * {@link org.cmmalab.guestmm.selfballoon}, {@link org.cmmalab.guestmm.virtiomem},
 * {@link org.cmmalab.guestmm.damon}, {@link org.cmmalab.guestmm.compressedswap}) through its driver API,
 * {@link org.cmmalab.guestmm.DriverApi}, and its public queries.
 *
 * <h2>Heap</h2>
 * What the kernel keeps per 4 KiB frame is stated once, with how it is measured, in
 * docs/model.md ("Bookkeeping per 4 KiB frame"), and checked by {@code FootprintTest}; the page
 * descriptors' layout and sparse storage are {@code MemMap}'s class comment.
 */
package org.cmmalab.guestmm;
