package org.cmmalab.hostpager;

import org.eclipse.collections.impl.set.mutable.primitive.IntHashSet;

/**
 * The host's memory map, as Linux's {@code mem_map} of page descriptors: for each 4 KiB host
 * frame, whether it is free, which guest frame it backs (or which mechanism owns it), and the
 * content token it holds. Arrays indexed by host frame, and the free frames: those never used,
 * handed out in order 0, 1, 2, ... (so that runs are reproducible), and a stack of those freed
 * since, handed out first, most recently freed first: the order a stack of all free frames with
 * frame 0 on top gives. Allocation and freeing are O(1), and the stack holds only the frames
 * freed and not used again, which on a host that runs near full is a few percent of its frames,
 * so it grows as it must instead of costing 4 bytes a host frame. A freed frame keeps its old
 * token until its next fill overwrites it: nothing reads a token of a frame that is not mapped
 * (a guest's frames are poisoned as they are freed: {@link GuestSpace}).
 *
 * <p>It also knows which units are being written out ({@link #startWriting}): the host frame a
 * unit is named by (its <em>slot</em>) maps to a ticket, so that the end of a write-out can tell
 * its own unit from one that was freed during the write and whose host frame went to another unit
 * (or to the same guest frame again) since.
 */
public final class HostMemMap {
    /** Owner of a free frame. */
    public static final int FREE = -1;
    /** Owner of a frame that several guest frames share copy-on-write ({@link PageSharing}). */
    public static final int SHARED = -2;
    /** Owner of a frame in a cache that guests reach by copies, such as transcendent memory's pool. */
    public static final int TMEM = -3;
    /** Owner of a frame of a compressed pool in front of the paging device (the host's zswap). */
    public static final int COMPRESSED = -4;

    private int[] freed = new int[1024];
    private int freedCount;
    /** Frames from here on have never been used. */
    private int fresh;
    private final int[] ownerGuest;
    private final int[] ownerFrame;
    private final long[] tokens;
    /**
     * The write-outs in flight: slot + 1 (0: empty) and ticket, an open-addressing table with
     * linear probing and deletion by backward shift. Not a per-frame array (4 bytes a host frame,
     * which a density search's hosts of 67 million frames would pay for a few thousand write-outs),
     * and not a library map, whose deletions leave tombstones that a later put rehashes away,
     * allocating in reclaim: this table allocates only when it grows.
     */
    private int[] writingSlots = new int[16];
    private int[] writingTickets = new int[16];
    private int writingUnits;
    private int writingFrames;
    private int lastTicket;
    /** Tickets of write-outs a direct reclaim ended before their time ({@link #endEarly}). */
    private final IntHashSet endedEarly = new IntHashSet();

    HostMemMap(int frames) {
        this.ownerGuest = new int[frames];
        this.ownerFrame = new int[frames];
        this.tokens = new long[frames];
        java.util.Arrays.fill(ownerGuest, FREE);
    }

    /** How many frames the host has. */
    public int frames() {
        return tokens.length;
    }

    /** How many frames are free now. */
    public int free() {
        return freedCount + frames() - fresh;
    }

    /** Takes a free frame for frame {@code guestFrame} of the guest with index {@code guest}; there must be one. */
    public int take(int guest, int guestFrame) {
        int frame = freedCount > 0 ? freed[--freedCount] : fresh++;
        ownerGuest[frame] = guest;
        ownerFrame[frame] = guestFrame;
        return frame;
    }

    /** Gives a used frame a new owner (a guest's frame becoming a shared one). */
    public void setOwner(int frame, int guest, int guestFrame) {
        if (ownerGuest[frame] == FREE) {
            throw new IllegalStateException("host frame " + frame + " is free");
        }
        ownerGuest[frame] = guest;
        ownerFrame[frame] = guestFrame;
    }

    /** Frees a used frame. */
    public void release(int frame) {
        if (ownerGuest[frame] == FREE) {
            throw new IllegalStateException("host frame " + frame + " is free already");
        }
        ownerGuest[frame] = FREE;
        if (writingUnits != 0) {
            stopWriting(frame, writingTicket(frame), 1); // a 4 KiB unit freed during its write-out (a guest's release)
        }
        if (freedCount == freed.length) {
            freed = java.util.Arrays.copyOf(freed, freedCount * 2);
        }
        freed[freedCount++] = frame;
    }

    /** The index of the guest whose frame this host frame backs, or {@link #SHARED}, {@link #TMEM}, {@link #COMPRESSED}, {@link #FREE}. */
    public int ownerGuest(int frame) {
        return ownerGuest[frame];
    }

    /** The guest frame this host frame backs. */
    public int ownerFrame(int frame) {
        return ownerFrame[frame];
    }

    /** The content token the frame holds. */
    public long token(int frame) {
        return tokens[frame];
    }

    /** The tokens by host frame, for {@link FrameSync}'s ordered accesses. */
    long[] tokens() {
        return tokens;
    }

    /** The unit in {@code slot}, of {@code frames} frames, is being written out from now; returns its write-out's ticket (never 0). */
    int startWriting(int slot, int frames) {
        lastTicket = lastTicket == Integer.MAX_VALUE ? 1 : lastTicket + 1; // never 0 (none) nor negative (any)
        if ((writingUnits + 1) * 2 > writingSlots.length) {
            growWriting();
        }
        int i = writingIndex(slot);
        writingSlots[i] = slot + 1;
        writingTickets[i] = lastTicket;
        writingUnits++;
        writingFrames += frames;
        return lastTicket;
    }

    /** The ticket of the write-out of the unit in {@code slot}, or 0 if none is in flight. */
    int writingTicket(int slot) {
        if (writingUnits == 0) {
            return 0;
        }
        int i = writingIndex(slot);
        return writingSlots[i] == 0 ? 0 : writingTickets[i];
    }

    /** Ends write-out {@code ticket} of the unit of {@code frames} frames in {@code slot} if it is in flight; returns whether it was. */
    boolean stopWriting(int slot, int ticket, int frames) {
        if (ticket == 0 || writingTicket(slot) != ticket) {
            return false;
        }
        int mask = writingSlots.length - 1;
        int hole = writingIndex(slot);
        for (int j = (hole + 1) & mask; writingSlots[j] != 0; j = (j + 1) & mask) {
            int home = home(writingSlots[j] - 1, mask);
            boolean between = hole <= j ? hole < home && home <= j : hole < home || home <= j;
            if (!between) { // the entry at j probed past the hole: move it back into it
                writingSlots[hole] = writingSlots[j];
                writingTickets[hole] = writingTickets[j];
                hole = j;
            }
        }
        writingSlots[hole] = 0;
        writingUnits--;
        writingFrames -= frames;
        return true;
    }

    /** The slot of the unit whose write-out started first of those in flight, or -1 if none is. */
    int oldestWriting() {
        int oldest = -1;
        for (int i = 0; i < writingSlots.length; i++) {
            if (writingSlots[i] != 0 && (oldest < 0 || writingTickets[i] < writingTickets[oldest])) {
                oldest = i;
            }
        }
        return oldest < 0 ? -1 : writingSlots[oldest] - 1;
    }

    /** Write-out {@code ticket} is being ended before its time by a direct reclaim that waits for it. */
    void endEarly(int ticket) {
        endedEarly.add(ticket);
    }

    /** Whether write-out {@code ticket} was ended before its time; forgets it (each is ended once more, at its time). */
    boolean endedEarly(int ticket) {
        return endedEarly.remove(ticket);
    }

    /** Host frames whose units are being written out: on their way to free unless a guest store keeps them. */
    int writingFrames() {
        return writingFrames;
    }

    /** Where {@code slot} is in the table of write-outs, or the empty place where it would go. */
    private int writingIndex(int slot) {
        int mask = writingSlots.length - 1;
        int i = home(slot, mask);
        while (writingSlots[i] != 0 && writingSlots[i] != slot + 1) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private static int home(int slot, int mask) {
        int h = slot * 0x9E3779B9;
        return (h ^ h >>> 16) & mask;
    }

    private void growWriting() {
        int[] slots = writingSlots;
        int[] tickets = writingTickets;
        writingSlots = new int[slots.length * 2];
        writingTickets = new int[slots.length * 2];
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] != 0) {
                int j = writingIndex(slots[i] - 1);
                writingSlots[j] = slots[i];
                writingTickets[j] = tickets[i];
            }
        }
    }

    /** Gives a used frame its content: a copy, or a page put into a cache. */
    public void setToken(int frame, long token) {
        tokens[frame] = token;
    }
}
