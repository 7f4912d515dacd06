package org.cmmalab.guestmm;

import org.cmmalab.pagestates.HostMode;

/**
 * Which guest issues the CMMA hints: the guest a host mode pairs with (docs/state-model.md
 * section 5), or none.
 */
public enum GuestHinting {
    /** No ESSA at all: a guest booted with {@code cmma=off}, or any policy but CMMA. */
    NONE,
    /**
     * Mainline Linux ({@code arch/s390/mm/page-states.c}, Linux 6.12): {@code arch_alloc_page}
     * makes an allocated block stable with SET_STABLE_NODAT (facility 147, z14 and later, and
     * KVM's CMMA-no-DAT; SET_STABLE on older machines and for page tables, which the model does
     * not keep), {@code arch_free_page} makes a freed block unused with SET_UNUSED; the returned
     * state is ignored. Nothing is ever volatile.
     */
    MAINLINE,
    /**
     * The 2009 guest page hinting series, version 7 (Schwidefsky, linux-mm 2009-03-27): the
     * mainline hints (SET_STABLE, before no-DAT existed) plus volatile page cache and swap cache,
     * potentially volatile pages mapped writable, SET_STABLE_IF_RESIDENT before every use of a
     * volatile page, and the discard-fault handler.
     */
    V7;

    /** The guest that runs on a host in {@code mode} when CMMA is on: z/VM's is v7, KVM's mainline. */
    public static GuestHinting forHost(HostMode mode) {
        return mode == HostMode.ZVM ? V7 : MAINLINE;
    }
}
