/**
 * Compressed swap in the guest's own memory: zram as the guest's swap device
 * ({@link org.cmmalab.guestmm.compressedswap.Zram}, Linux {@code drivers/block/zram/zram_drv.c}) and
 * zswap in front of it ({@link org.cmmalab.guestmm.compressedswap.Zswap}, {@code mm/zswap.c}), over
 * one pool of compressed pages in guest frames ({@link org.cmmalab.guestmm.compressedswap.CompressedPool},
 * {@code mm/zsmalloc.c}).
 *
 * <p>Contract: each connects as the kernel's frontswap backend ({@link org.cmmalab.guestmm.tmem.Frontswap},
 * at the points where Linux calls zswap), and calls the kernel only through its driver API
 * ({@link org.cmmalab.guestmm.DriverApi}: allocation with the reserves as reclaim's allocations may,
 * freeing, stores and checked loads of its own frames, zswap's writeback to the swap device) and
 * {@link org.cmmalab.guestmm.GuestKernel}'s public queries, and no other driver package. What
 * compressing costs is the caller's (the harness's policy).
 */
package org.cmmalab.guestmm.compressedswap;
