package org.cmmalab.hostpager;

/**
 * The host's 4 KiB frames: which are free, which guest frame each used one backs, and the content
 * token each holds. A stack of free frame numbers (allocation and freeing are O(1); a fresh host
 * hands out frames 0, 1, 2, ... in order, so that runs are reproducible), and three arrays indexed
 * by host frame. A freed frame keeps its old token until its next fill overwrites it: nothing
 * reads a token of a frame that is not mapped.
 */
final class HostFrames {
    static final int FREE = -1;
    /** Owner of a frame that several guest frames share copy-on-write ({@link SharedFrames}). */
    static final int SHARED = -2;
    /** Owner of a frame in the transcendent memory pool ({@link TmemPool}). */
    static final int TMEM = -3;

    private final int[] freeStack;
    private int freeCount;
    private final int[] ownerGuest;
    private final int[] ownerFrame;
    private final long[] tokens;

    HostFrames(int frames) {
        this.freeStack = new int[frames];
        this.ownerGuest = new int[frames];
        this.ownerFrame = new int[frames];
        this.tokens = new long[frames];
        for (int i = 0; i < frames; i++) {
            freeStack[i] = frames - 1 - i;
            ownerGuest[i] = FREE;
        }
        this.freeCount = frames;
    }

    int frames() {
        return tokens.length;
    }

    int free() {
        return freeCount;
    }

    /** Takes a free frame for frame {@code guestFrame} of the guest with index {@code guest}; there must be one. */
    int take(int guest, int guestFrame) {
        int frame = freeStack[--freeCount];
        ownerGuest[frame] = guest;
        ownerFrame[frame] = guestFrame;
        return frame;
    }

    /** Gives a used frame a new owner (a guest's frame becoming a shared one). */
    void setOwner(int frame, int guest, int guestFrame) {
        if (ownerGuest[frame] == FREE) {
            throw new IllegalStateException("host frame " + frame + " is free");
        }
        ownerGuest[frame] = guest;
        ownerFrame[frame] = guestFrame;
    }

    void release(int frame) {
        if (ownerGuest[frame] == FREE) {
            throw new IllegalStateException("host frame " + frame + " is free already");
        }
        ownerGuest[frame] = FREE;
        freeStack[freeCount++] = frame;
    }

    /** The index of the guest whose frame this host frame backs, or {@link #SHARED}, {@link #TMEM}, {@link #FREE}. */
    int ownerGuest(int frame) {
        return ownerGuest[frame];
    }

    /** The guest frame this host frame backs. */
    int ownerFrame(int frame) {
        return ownerFrame[frame];
    }

    long token(int frame) {
        return tokens[frame];
    }

    void setToken(int frame, long token) {
        tokens[frame] = token;
    }
}
