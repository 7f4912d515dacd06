/**
 * Transcendent memory: a pool of host frames that guests reach by page copies
 * ({@link org.cmmalab.hostpager.tmem.TmemPool}: cleancache's ephemeral and frontswap's persistent
 * pages), which reclaim shrinks before any guest's memory, as the host's
 * {@link org.cmmalab.hostpager.Shrinker}.
 *
 * <h2>What it may call</h2>
 * The host ({@code org.cmmalab.hostpager}: its memory map, its configuration and its guests). The
 * host calls it only through {@code Shrinker}.
 */
package org.cmmalab.hostpager.tmem;
