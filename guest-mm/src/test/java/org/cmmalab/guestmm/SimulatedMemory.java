package org.cmmalab.guestmm;

import org.cmmalab.pagestates.AccessEffect;
import org.cmmalab.pagestates.FrameOp;
import org.cmmalab.pagestates.FrameState;
import org.cmmalab.pagestates.FrameTable;
import org.cmmalab.pagestates.HostMode;
import org.cmmalab.pagestates.Orc;
import org.cmmalab.pagestates.ReclaimOutcome;
import org.cmmalab.pagestates.StateModel;

/**
 * A machine for tests: a {@link FrameTable} and a {@code long[]} of contents, with
 * {@link #hostReclaim} playing the host pager. A written-out frame keeps its content in the
 * array (it is "on the paging device"); a discarded one loses it. With {@code large}, every run
 * of 512 frames is merged into a 2 MiB frame at start.
 */
public final class SimulatedMemory implements GuestMemory {
    public final FrameTable table;
    final long[] content;
    final HostMode mode;
    private final boolean large;
    long loads;
    long stores;
    long discards;
    long writeOuts;
    long pageIns;
    public long zeroFills;
    /** Frames loaded or stored, in order, while not null. */
    org.eclipse.collections.impl.list.mutable.primitive.IntArrayList accessLog;

    public SimulatedMemory(int frames, HostMode mode, boolean large) {
        this.table = new FrameTable(frames, mode);
        this.content = new long[frames];
        this.mode = mode;
        this.large = large;
        if (large) {
            for (int l = 0; l < table.largeFrames(); l++) {
                table.merge(l);
            }
        }
    }

    public SimulatedMemory(int frames) {
        this(frames, HostMode.ZVM, false);
    }

    @Override
    public int frames() {
        return table.frames();
    }

    @Override
    public int essa(int frame, Orc orc) {
        return table.essa(frame, orc);
    }

    @Override
    public int essaLarge(int largeFrame, Orc orc) {
        return table.essaLarge(largeFrame, orc);
    }

    @Override
    public long load(int frame) {
        loads++;
        log(frame);
        if (!prepare(frame)) {
            return DISCARD_FAULT;
        }
        return content[frame];
    }

    @Override
    public boolean store(int frame, long token) {
        stores++;
        log(frame);
        if (!prepare(frame)) {
            return false;
        }
        apply(frame, FrameOp.STORE);
        content[frame] = token;
        return true;
    }

    @Override
    public void clean(int frame) {
        apply(frame, FrameOp.CLEAN);
    }

    @Override
    public void release(int frame) {
        apply(frame, FrameOp.RELEASE);
        content[frame] = 0;
    }

    /** The host reclaims {@code frame} (its 2 MiB frame if merged): discard, drop or write out, by state. */
    ReclaimOutcome hostReclaim(int frame) {
        int old = apply(frame, FrameOp.RECLAIM);
        ReclaimOutcome outcome = StateModel.reclaimOutcome(old, mode);
        if (outcome == ReclaimOutcome.MUST_WRITE) {
            apply(frame, FrameOp.BEGIN_WRITE_OUT);
            writeOuts++;
            outcome = StateModel.reclaimOutcome(apply(frame, FrameOp.RECLAIM), mode);
        }
        if (outcome == ReclaimOutcome.DISCARDED) {
            discards++;
            clear(frame);
        }
        return outcome;
    }

    /** How many frames the host holds content for now. */
    public int residentFrames() {
        int n = 0;
        for (int f = 0; f < frames(); f++) {
            if (FrameState.isResident(state(f))) {
                n++;
            }
        }
        return n;
    }

    public int state(int frame) {
        return table.state(frame);
    }

    private void log(int frame) {
        if (accessLog != null) {
            accessLog.add(frame);
        }
    }

    private boolean prepare(int frame) {
        AccessEffect effect = StateModel.access(table.state(frame), mode);
        switch (effect) {
            case NORMAL:
                return true;
            case HOST_FAULT:
                pageIns++;
                apply(frame, FrameOp.PAGE_IN);
                return true;
            case ZERO_FILL:
                zeroFills++;
                apply(frame, FrameOp.ZERO_FILL);
                clear(frame);
                return true;
            case DISCARD_FAULT:
                return false;
            default:
                throw new IllegalStateException("addressing exception: frame " + frame + " is "
                        + FrameState.describe(table.state(frame)));
        }
    }

    private int apply(int frame, FrameOp op) {
        return isLarge(frame) ? table.applyLarge(frame >>> 9, op) : table.apply(frame, op);
    }

    private void clear(int frame) {
        if (isLarge(frame)) {
            java.util.Arrays.fill(content, frame >>> 9 << 9, (frame >>> 9 << 9) + 512, 0);
        } else {
            content[frame] = 0;
        }
    }

    private boolean isLarge(int frame) {
        return large && table.isLarge(frame >>> 9);
    }
}
