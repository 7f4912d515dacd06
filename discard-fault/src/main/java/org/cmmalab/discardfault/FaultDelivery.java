package org.cmmalab.discardfault;

import org.cmmalab.guestmm.GuestMemory;
import org.cmmalab.hostpager.GuestSpace;
import org.cmmalab.pagestates.Orc;

/**
 * A guest's view of its host ({@link GuestMemory}) over the host's backing of it
 * ({@link GuestSpace}): the path every guest access and ESSA takes, and where a discard fault
 * crosses from host to guest.
 *
 * <p>On s390 an access to a {@code Vz} frame is a program check 0x1a, the block-volatility
 * exception, carrying the frame's absolute address; the guest's handler
 * ({@link org.cmmalab.guestmm.GuestKernel#handleDiscardFault}) drops the page and the access is
 * retried. Here the host's answer {@link GuestSpace#DISCARD_FAULT} is that program check, and
 * this class counts each delivery and each access, so that a cost model can charge them (the
 * design's 5 us per delivery, 100 ns per access).
 *
 * <p>Single-threaded, like the host it wraps: one vCPU per guest in the simulation.
 */
public final class FaultDelivery implements GuestMemory {
    private final GuestSpace space;
    private long accesses;
    private long delivered;
    private int lastFrame = -1;

    public FaultDelivery(GuestSpace space) {
        this.space = space;
    }

    public GuestSpace space() {
        return space;
    }

    /** Loads and stores that reached the host, retries included. */
    public long accesses() {
        return accesses;
    }

    /** Discard faults delivered to the guest. */
    public long delivered() {
        return delivered;
    }

    /** The frame of the latest load or store, or -1 before the first: what a replay records to learn the frames a trace's pages occupy. */
    public int lastFrame() {
        return lastFrame;
    }

    @Override
    public int frames() {
        return space.frames();
    }

    @Override
    public int essa(int frame, Orc orc) {
        return space.essa(frame, orc);
    }

    @Override
    public void essaRun(int first, int count, Orc orc) {
        space.essaRun(first, count, orc);
    }

    @Override
    public int essaLarge(int large, Orc orc) {
        return space.essaLarge(large, orc);
    }

    @Override
    public long load(int frame) {
        accesses++;
        lastFrame = frame;
        long token = space.load(frame);
        if (token == GuestSpace.DISCARD_FAULT) {
            delivered++;
            return GuestMemory.DISCARD_FAULT;
        }
        return token;
    }

    @Override
    public boolean store(int frame, long token) {
        accesses++;
        lastFrame = frame;
        if (!space.store(frame, token)) {
            delivered++;
            return false;
        }
        return true;
    }

    @Override
    public void clean(int frame) {
        space.clean(frame);
    }

    @Override
    public void release(int frame) {
        space.release(frame);
    }

    @Override
    public void releaseRun(int first, int count) {
        space.releaseRun(first, count);
    }

    @Override
    public void releaseRequestDone() {
        space.releaseRequestDone();
    }
}
