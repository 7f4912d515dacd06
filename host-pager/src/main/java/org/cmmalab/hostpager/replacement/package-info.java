/**
 * Which resident unit the host reclaims next: the {@link org.cmmalab.hostpager.replacement.ReplacementPolicy}
 * contract, the policies by name ({@link org.cmmalab.hostpager.replacement.ReplacementPolicies}:
 * LRU, CLOCK, OPT) and the key that names a unit while it moves between host frames
 * ({@link org.cmmalab.hostpager.replacement.UnitKey}).
 *
 * <h2>What it may call</h2>
 * Nothing else of the project: a policy sees host frames as slots and units as keys, and the host
 * tells it what became resident, was used or left.
 */
package org.cmmalab.hostpager.replacement;
