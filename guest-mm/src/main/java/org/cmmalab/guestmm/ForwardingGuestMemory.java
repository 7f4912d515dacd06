package org.cmmalab.guestmm;

import org.cmmalab.pagestates.Orc;

/**
 * A {@link GuestMemory} that passes every call to another, for decorators that change or watch
 * one operation (count ESSA, break a protocol on purpose in a test) and override only that.
 */
public abstract class ForwardingGuestMemory implements GuestMemory {
    private final GuestMemory memory;

    protected ForwardingGuestMemory(GuestMemory memory) {
        this.memory = memory;
    }

    /** The memory calls go to. */
    protected final GuestMemory delegate() {
        return memory;
    }

    @Override
    public int frames() {
        return memory.frames();
    }

    @Override
    public int essa(int frame, Orc orc) {
        return memory.essa(frame, orc);
    }

    @Override
    public long load(int frame) {
        return memory.load(frame);
    }

    @Override
    public boolean store(int frame, long token) {
        return memory.store(frame, token);
    }

    @Override
    public int essaLarge(int large, Orc orc) {
        return memory.essaLarge(large, orc);
    }

    @Override
    public void clean(int frame) {
        memory.clean(frame);
    }

    @Override
    public void release(int frame) {
        memory.release(frame);
    }

    @Override
    public void releaseRequestDone() {
        memory.releaseRequestDone();
    }
}
