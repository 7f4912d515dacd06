/**
 * virtio-mem: a paravirtualized memory device and its guest driver in Sub Block Mode, from Linux
 * {@code drivers/virtio/virtio_mem.c} and QEMU {@code hw/virtio/virtio-mem.c}
 * ({@link org.cmmalab.guestmm.virtiomem.VirtioMem}).
 *
 * <p>Contract: it calls the kernel only through its driver API
 * ({@link org.cmmalab.guestmm.DriverApi}: {@code alloc_contig_range} to empty memory it unplugs,
 * page allocation below a limit for the page descriptors of memory it plugs, freeing, the host,
 * the quiescent point) and {@link org.cmmalab.guestmm.GuestKernel}'s public queries, and no other
 * driver package. A host-side controller (the harness's policy) sets the requested size and runs
 * the driver's work.
 */
package org.cmmalab.guestmm.virtiomem;
