package org.cmmalab.guestmm.tmem;

/**
 * The backend of a guest's frontswap (Linux {@code include/linux/frontswap.h},
 * {@code frontswap_ops}, 3.5 to 5.2): swap pages kept outside the guest, reached only by page
 * copies, keyed by swap slot. Xen's tmem was its backend; a harness policy connects one with
 * {@link org.cmmalab.guestmm.GuestKernel#setFrontswap}.
 *
 * <p>The kernel calls it where Linux does: {@link #store} in {@code swap_writepage}, after a
 * slot was allocated and before the page would be written to the swap device (a refused store
 * goes to the device); {@link #load} in {@code swap_readpage}, before the device is read; and
 * {@link #invalidate} when the slot is freed ({@code swap_range_free}). The pool is
 * <em>persistent</em>: a store may be refused, but a stored page must be there for every load
 * until it is invalidated. A load is not exclusive: the page stays while its slot is in use.
 */
public interface Frontswap {
    /** {@link #load}'s answer when the backend does not hold the slot. */
    long MISS = -1;

    /** Offers the content of swap slot {@code slot}; false if the backend refuses it. */
    boolean store(int slot, long token);

    /** The content stored for {@code slot}, or {@link #MISS}. */
    long load(int slot);

    /** Slot {@code slot} was freed: drop what is stored for it. */
    void invalidate(int slot);
}
