package org.cmmalab.discardfault;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The page descriptors of a {@link SharedPageCache}: per page its frame, pins, flags, write count
 * and disk version, and per frame its page, with the atomic steps on them. Who may change what is
 * {@link SharedPageCache}'s protocol; this class only keeps them and orders their accesses.
 *
 * <p>Accessors: {@code lv} volatile load, {@code so} ordered (release) store; pins and flags
 * change by atomic read-modify-write.
 */
final class PageDescriptors {
    /** No frame, no page. */
    static final int NONE = -1;
    /** Written since it was read in or written back. */
    static final int DIRTY = 1;
    /** Made volatile (a hint is in force); its next use starts with make-stable. */
    static final int HINTED = 2;
    /** A write-back of it is in flight. */
    static final int WRITEBACK = 4;

    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    private final int[] frameOf;
    private final int[] pins;
    private final int[] flags;
    private final long[] writes;
    private final long[] onDisk;
    private final int[] pageOf;

    /** {@code pages} pages, none cached, all at version 0 on disk, over {@code frames} frames. */
    PageDescriptors(int pages, int frames) {
        this.frameOf = new int[pages];
        this.pins = new int[pages];
        this.flags = new int[pages];
        this.writes = new long[pages];
        this.onDisk = new long[pages];
        this.pageOf = new int[frames];
        java.util.Arrays.fill(frameOf, NONE);
        java.util.Arrays.fill(pageOf, NONE);
    }

    int lvFrameOf(int page) {
        return (int) INTS.getVolatile(frameOf, page);
    }

    void soFrameOf(int page, int frame) {
        INTS.setRelease(frameOf, page, frame);
    }

    int lvPageOf(int frame) {
        return (int) INTS.getVolatile(pageOf, frame);
    }

    void soPageOf(int frame, int page) {
        INTS.setRelease(pageOf, frame, page);
    }

    int lvPins(int page) {
        return (int) INTS.getVolatile(pins, page);
    }

    void addPins(int page, int delta) {
        INTS.getAndAdd(pins, page, delta);
    }

    int lvFlags(int page) {
        return (int) INTS.getVolatile(flags, page);
    }

    void setFlags(int page, int bits) {
        INTS.getAndBitwiseOr(flags, page, bits);
    }

    /** Clears {@code bits}; returns the flags before. */
    int clearFlags(int page, int bits) {
        return (int) INTS.getAndBitwiseAnd(flags, page, ~bits);
    }

    /** Twice the writes completed, plus one while a write runs. */
    long lvWrites(int page) {
        return (long) LONGS.getVolatile(writes, page);
    }

    void soWrites(int page, long value) {
        LONGS.setRelease(writes, page, value);
    }

    long lvOnDisk(int page) {
        return (long) LONGS.getVolatile(onDisk, page);
    }

    void soOnDisk(int page, long value) {
        LONGS.setRelease(onDisk, page, value);
    }
}
