/**
 * Free page reporting: the guest side of Linux {@code mm/page_reporting.c} as virtio-balloon's
 * reporting queue drives it ({@link org.cmmalab.guestmm.pagereporting.FreePageReporting}).
 *
 * <p>Contract: it calls the kernel only through its driver API
 * ({@link org.cmmalab.guestmm.DriverApi}: a listener on frees, the free lists,
 * {@code __isolate_free_page} and {@code __putback_isolated_page}, the reported mark, the host,
 * the quiescent point) and {@link org.cmmalab.guestmm.GuestKernel}'s public queries, and no other
 * driver package. The caller schedules its passes.
 */
package org.cmmalab.guestmm.pagereporting;
