/**
 * Kernel same-page merging on the host (Linux {@code mm/ksm.c}): the scanner
 * ({@link org.cmmalab.hostpager.ksm.Ksm}) with its checksums, unstable tree and smart scanning,
 * and the shared frames it makes with the stable tree that finds them
 * ({@link org.cmmalab.hostpager.ksm.SharedFrames}), which plug into the host's frame protocol as
 * its {@link org.cmmalab.hostpager.PageSharing}: copy-on-write on a store, a mapper's release, the
 * reclaim of a shared frame.
 *
 * <h2>What it may call</h2>
 * The host ({@code org.cmmalab.hostpager}: its guests, memory map and policy bookkeeping, under
 * the host lock), the unit key of {@code hostpager.replacement}, and {@code org.cmmalab.pagestates}.
 * The host calls it only through {@code PageSharing}.
 */
package org.cmmalab.hostpager.ksm;
