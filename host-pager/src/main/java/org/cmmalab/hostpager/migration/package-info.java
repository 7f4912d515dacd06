/**
 * Live migration of a guest's memory, the host's side: dirty logging and the storage attributes
 * of s390's CMMA migration mode on the source ({@link org.cmmalab.hostpager.migration.MigrationSource},
 * whose log plugs into the guest's frame protocol as its {@link org.cmmalab.hostpager.DirtyTracking}),
 * and the memory the destination builds ({@link org.cmmalab.hostpager.migration.MigrationTarget}).
 * When and what to send is the harness's pre-copy.
 *
 * <h2>What it may call</h2>
 * The host ({@code org.cmmalab.hostpager}: a guest space's states, tracking and reads) and
 * {@code org.cmmalab.pagestates}. The host calls it only through {@code DirtyTracking}.
 */
package org.cmmalab.hostpager.migration;
