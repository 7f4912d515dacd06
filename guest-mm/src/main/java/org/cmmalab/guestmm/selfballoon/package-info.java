/**
 * Xen self-ballooning: the guest's own target for its balloon, from Linux
 * {@code drivers/xen/xen-selfballoon.c} ({@link org.cmmalab.guestmm.selfballoon.SelfBalloon}).
 *
 * <p>Contract: a policy that touches no page: it reads only {@link org.cmmalab.guestmm.GuestKernel}'s
 * public queries (its frames, watermarks and committed memory) and calls no other package of
 * guest-mm. The caller moves a balloon toward the target it computes.
 */
package org.cmmalab.guestmm.selfballoon;
