/**
 * The balloon driver: the guest side of z/VM's Collaborative Memory Management
 * ({@code arch/s390/mm/cmm.c}) and of virtio-balloon ({@code drivers/virtio/virtio_balloon.c})
 * ({@link org.cmmalab.guestmm.balloon.Balloon}), and the balloon's page list
 * ({@link org.cmmalab.guestmm.balloon.BalloonPageList}, Linux's {@code balloon_dev_info}).
 *
 * <p>Contract: it calls the kernel only through its driver API
 * ({@link org.cmmalab.guestmm.DriverApi}: balloon page allocation, freeing, the OOM notifier, the
 * host, the quiescent point) and {@link org.cmmalab.guestmm.GuestKernel}'s public queries, and no
 * other driver package. A host policy (the harness's) decides how far to inflate or deflate it.
 */
package org.cmmalab.guestmm.balloon;
