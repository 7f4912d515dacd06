package org.cmmalab.discardfault;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.IntConsumer;

/**
 * Deferred reuse of frames that left the page cache, by quiescent states (docs/state-model.md section 6, race 3):
 * the multi-vCPU form of guest-mm's single-vCPU {@code Quarantine}, as RCU or epoch-based
 * reclamation does it. A vCPU that took a discard fault on a frame, or read a page's frame number
 * and has not loaded from it yet, is inside a kernel entry; the frame is not handed out again until
 * every vCPU that was inside one when the frame left has come out.
 *
 * <h2>Concurrency protocol</h2>
 * <ul>
 *   <li>A global epoch, incremented by every {@link #retire}.</li>
 *   <li>Per vCPU, written only by that vCPU: the epoch it read when it last {@link #enter entered},
 *       or {@code IDLE} after it {@link #exit exited}. {@code enter} is a volatile store followed by
 *       the vCPU's reads of frame numbers, so either a retirer's increment comes before the
 *       vCPU's read of the epoch (then the vCPU's announcement is at least the frame's epoch, and
 *       its later reads of the page cache see the frame gone), or the vCPU's announcement comes
 *       before the scan in {@link #release} (then the scan sees it and waits).</li>
 *   <li>Per frame: 0, or the epoch after its retirement. The retirer writes it; whoever releases it
 *       clears it with a CAS, so each retired frame is released exactly once, by any thread.</li>
 * </ul>
 * A frame retired at epoch {@code e} is released once every vCPU is idle or announced an epoch of
 * at least {@code e}, as read after the release read the epoch at {@code e} or later (an
 * announcement read before the retirement could be a vCPU's stale idle): each vCPU has passed a
 * quiescent point since the frame left. A vCPU that
 * waits for a frame must exit while it waits (it then holds none), or two waiting vCPUs would
 * wait for each other. Release scans every frame; callers run it when they need frames, not on
 * every exit. Nothing is allocated.
 *
 * <p>Accessors: {@code lv} volatile load, {@code sv} volatile store, {@code so} ordered store,
 * {@code cas} compare-and-set.
 */
public final class DiscardQuarantine implements FrameReuse {
    private static final long IDLE = Long.MAX_VALUE;
    private static final VarHandle EPOCH;
    private static final VarHandle HELD;
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            EPOCH = lookup.findVarHandle(DiscardQuarantine.class, "epoch", long.class);
            HELD = lookup.findVarHandle(DiscardQuarantine.class, "held", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // through EPOCH
    private volatile long epoch;
    @SuppressWarnings("unused") // through HELD
    private volatile int held;
    private final long[] announced;
    private final long[] retiredAt;

    /** A quarantine for frames 0 to {@code frames - 1} and vCPUs 0 to {@code vcpus - 1}, all idle. */
    public DiscardQuarantine(int frames, int vcpus) {
        if (frames <= 0 || vcpus <= 0) {
            throw new IllegalArgumentException("frames and vCPUs must be positive, were " + frames + " and " + vcpus);
        }
        this.retiredAt = new long[frames];
        this.announced = new long[vcpus];
        java.util.Arrays.fill(announced, IDLE);
    }

    @Override
    public void enter(int vcpu) {
        svAnnounced(vcpu, lvEpoch());
    }

    @Override
    public void exit(int vcpu) {
        soAnnounced(vcpu, IDLE);
    }

    @Override
    public void retire(int frame) {
        long after = (long) EPOCH.getAndAdd(this, 1L) + 1;
        HELD.getAndAdd(this, 1);
        soRetiredAt(frame, after);
    }

    @Override
    public int release(IntConsumer free) {
        // Epoch first: a frame stamped at most this was retired before the announcements below are
        // read, so an announcement read as idle or as at least its stamp was made after it left.
        long oldest = lvEpoch();
        for (int v = 0; v < announced.length; v++) {
            oldest = Math.min(oldest, lvAnnounced(v));
        }
        int released = 0;
        for (int frame = 0; frame < retiredAt.length; frame++) {
            long at = lvRetiredAt(frame);
            if (at != 0 && at <= oldest && casRetiredAt(frame, at, 0)) {
                HELD.getAndAdd(this, -1);
                free.accept(frame);
                released++;
            }
        }
        return released;
    }

    @Override
    public int held() {
        return (int) HELD.getVolatile(this);
    }

    /** Whether {@code frame} is retired and not yet released. */
    public boolean holds(int frame) {
        return lvRetiredAt(frame) != 0;
    }

    private long lvEpoch() {
        return (long) EPOCH.getVolatile(this);
    }

    private long lvAnnounced(int vcpu) {
        return (long) LONGS.getVolatile(announced, vcpu);
    }

    private void svAnnounced(int vcpu, long value) {
        LONGS.setVolatile(announced, vcpu, value);
    }

    private void soAnnounced(int vcpu, long value) {
        LONGS.setRelease(announced, vcpu, value);
    }

    private long lvRetiredAt(int frame) {
        return (long) LONGS.getVolatile(retiredAt, frame);
    }

    private void soRetiredAt(int frame, long value) {
        LONGS.setRelease(retiredAt, frame, value);
    }

    private boolean casRetiredAt(int frame, long expect, long value) {
        return LONGS.compareAndSet(retiredAt, frame, expect, value);
    }
}
