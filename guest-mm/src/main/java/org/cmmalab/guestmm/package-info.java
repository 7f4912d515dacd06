/**
 * A Linux-like guest kernel's memory manager for CMMA Lab: the guest side of guest page hinting.
 *
 * <p>{@link org.cmmalab.guestmm.GuestKernel} is the entry point; it runs on a
 * {@link org.cmmalab.guestmm.GuestMemory}, the machine as the guest sees it (frames, ESSA, loads
 * and stores). What it does is counted in {@link org.cmmalab.guestmm.GuestCounters}; what it
 * reads is checked against {@link org.cmmalab.guestmm.ContentToken content tokens}, and a
 * mismatch is a {@link org.cmmalab.guestmm.LostPage}.
 *
 * <h2>Heap</h2>
 * Per 4 KiB frame the kernel keeps 12 bytes ({@code MemMap}: links, flags, reverse map), 14 with
 * the machine's frame table: a 4 GiB guest's kernel costs 14 MiB fresh. Indexed pages cost a
 * little over 4 bytes more each ({@code PageIndex}, the page-cache xarray and page tables), so a
 * 4 GiB guest whose memory is all page cache costs about 18.5 bytes per frame. Measured by
 * {@code FootprintTest}.
 */
package org.cmmalab.guestmm;
