/**
 * The one list the kernel models keep their pages in by age: {@link org.cmmalab.guestmm.list.AgeList},
 * ids threaded oldest first through two {@code int} arrays, as Linux threads a {@code list_head}
 * through the structures it orders ({@code include/linux/list.h}).
 *
 * <p>Contract: this package depends on nothing else in guest-mm, so that the guest's drivers and
 * the host's pools and replacement policies all order their pages with it.
 */
package org.cmmalab.guestmm.list;
