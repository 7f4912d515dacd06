/**
 * The host's paging device: slots per guest volume that hold the content of written-out frames
 * ({@link org.cmmalab.hostpager.device.PagingDevice}), what a page-in and a page-out cost
 * ({@link org.cmmalab.hostpager.device.DeviceLatency}), and the memory tier in front of it
 * ({@link org.cmmalab.hostpager.device.MemoryTier}): z/VM's expanded storage
 * ({@link org.cmmalab.hostpager.device.ExpandedStorage}), or a tier a mechanism above the host
 * attaches (the host's zswap, {@code org.cmmalab.hostpager.zswap}). It places pages and counts;
 * the host decides when.
 *
 * <h2>What it may call</h2>
 * {@code org.cmmalab.pagestates} only (the chunk size of per-guest structures). The host's frame
 * protocol calls it, under the host's lock.
 */
package org.cmmalab.hostpager.device;
