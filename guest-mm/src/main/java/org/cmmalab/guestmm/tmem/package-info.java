/**
 * Transcendent memory, as the guest kernel sees it: the interfaces of a cleancache backend for
 * clean page-cache pages ({@link org.cmmalab.guestmm.tmem.Cleancache}, Linux's
 * {@code cleancache_ops}) and of a frontswap backend for swap pages
 * ({@link org.cmmalab.guestmm.tmem.Frontswap}, {@code frontswap_ops}).
 *
 * <p>Contract: this package depends on nothing else in guest-mm; the kernel's core imports it. The
 * frontends, the calls at Linux's points, are the core's own page cache and swap code, since they
 * run inside the page-cache protocol (a put copies a page out under its state-change lock and may
 * find it discarded); a backend (the harness's tmem policy) implements these interfaces and is
 * connected with {@code GuestKernel.setCleancache} and {@code GuestKernel.setFrontswap}.
 */
package org.cmmalab.guestmm.tmem;
