/**
 * The host's zswap: a compressed pool in host memory in front of the paging device
 * ({@link org.cmmalab.hostpager.zswap.HostZswap}), plugged in below the host's core as its
 * {@link org.cmmalab.hostpager.device.MemoryTier}.
 *
 * <h2>What it may call</h2>
 * The host's core for its frames ({@link org.cmmalab.hostpager.Host},
 * {@link org.cmmalab.hostpager.HostMemMap}), the paging device's tier hook, and zswap's admission
 * rule ({@link org.cmmalab.guestmm.compressedswap.ZswapLimit}), shared with the guest's zswap. The
 * core never calls it.
 */
package org.cmmalab.hostpager.zswap;
