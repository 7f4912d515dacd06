package org.cmmalab.discardfault;

import org.cmmalab.guestmm.GuestKernel;
import org.cmmalab.guestmm.KernelConfig;
import org.cmmalab.hostpager.Backing;
import org.cmmalab.hostpager.Host;
import org.cmmalab.hostpager.GuestSpace;

/**
 * One guest running on a host: its kernel, the host's backing of its memory, and the
 * {@link FaultDelivery} between them. What a replay or a harness machine holds per guest.
 */
public final class HostedGuest {
    private final GuestKernel kernel;
    private final FaultDelivery delivery;

    private HostedGuest(GuestKernel kernel, FaultDelivery delivery) {
        this.kernel = kernel;
        this.delivery = delivery;
    }

    /**
     * Attaches a guest of {@code frames} 4 KiB frames to {@code host} and boots its kernel, whose
     * guest number is {@code config.guest()}; large-frame kernels get large-frame backing.
     */
    public static HostedGuest boot(Host host, int frames, KernelConfig config) {
        GuestSpace space = host.attach(config.guest(), frames, config.largeFrames() ? Backing.LARGE : Backing.SMALL);
        FaultDelivery delivery = new FaultDelivery(space);
        return new HostedGuest(new GuestKernel(delivery, config), delivery);
    }

    public GuestKernel kernel() {
        return kernel;
    }

    public FaultDelivery delivery() {
        return delivery;
    }

    public GuestSpace space() {
        return delivery.space();
    }
}
