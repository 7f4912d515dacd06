package org.cmmalab.guestmm;

import org.cmmalab.pagestates.FrameTable;
import org.cmmalab.pagestates.HostMode;
import org.cmmalab.pagestates.Orc;

/**
 * A machine with no host activity: ESSA goes to a real {@link FrameTable} (2 bytes per frame, the
 * frame table the budget includes), content to a {@code long[]}; loads and stores never fault.
 * For measuring the kernel alone: its heap and its allocations.
 */
public final class FlatMemory implements GuestMemory {
    final FrameTable table;
    private final long[] content;

    public FlatMemory(int frames) {
        table = new FrameTable(frames, HostMode.ZVM);
        content = new long[frames];
    }

    @Override
    public int frames() {
        return content.length;
    }

    @Override
    public int essa(int frame, Orc orc) {
        return table.essa(frame, orc);
    }

    @Override
    public int essaLarge(int large, Orc orc) {
        return table.essaLarge(large, orc);
    }

    @Override
    public long load(int frame) {
        return content[frame];
    }

    @Override
    public boolean store(int frame, long token) {
        content[frame] = token;
        return true;
    }

    @Override
    public void clean(int frame) {
        table.apply(frame, org.cmmalab.pagestates.FrameOp.CLEAN);
    }

    @Override
    public void release(int frame) {
        table.apply(frame, org.cmmalab.pagestates.FrameOp.RELEASE);
        content[frame] = 0;
    }
}
