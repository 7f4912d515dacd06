package org.cmmalab.hostpager;

/**
 * A cache in host frames that reclaim asks to give frames back before it reclaims any guest's
 * memory, as Linux's reclaim calls each registered shrinker ({@code register_shrinker},
 * {@code shrink_slab} in {@code mm/vmscan.c}): the transcendent memory pool's ephemeral pages. A
 * host has none until one {@link Host#registerShrinker registers}. Called on the host's thread,
 * under the host lock.
 */
@FunctionalInterface
public interface Shrinker {
    /** No cache: frees nothing. */
    Shrinker NONE = wanted -> 0;

    /** Frees up to {@code wanted} host frames; returns how many it freed. */
    int shrink(int wanted);
}
