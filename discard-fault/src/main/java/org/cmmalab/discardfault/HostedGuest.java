package org.cmmalab.discardfault;

import org.cmmalab.guestmm.GuestKernel;
import org.cmmalab.guestmm.KernelConfig;
import org.cmmalab.hostpager.Backing;
import org.cmmalab.hostpager.GuestSpace;
import org.cmmalab.hostpager.Host;
import org.cmmalab.hostpager.HostConfig;
import org.cmmalab.pagestates.Discipline;
import org.cmmalab.pagestates.HostMode;

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

    /**
     * The memory of one {@code mode} guest of {@code frames} frames, large frames of
     * {@code framesPerLarge}, on a host of its own whose frame protocol real threads run
     * ({@link Discipline#THREADS}): what the race tests and {@code cmma stress} share between guest
     * vCPU threads and host threads. The host has a frame for every guest frame, so it never
     * reclaims by itself: host threads call {@link GuestSpace#reclaim} and its steps.
     */
    public static GuestSpace threaded(int frames, HostMode mode, int framesPerLarge) {
        Host host = new Host(HostConfig.of(frames, frames).withMode(mode).withDiscipline(Discipline.THREADS));
        return host.attach(0, frames, Backing.SMALL, framesPerLarge);
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
