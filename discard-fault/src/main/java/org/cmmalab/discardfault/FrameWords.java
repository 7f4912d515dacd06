package org.cmmalab.discardfault;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The per-frame memory of a {@link FrameStore} besides the frame table: each frame's sequence
 * word, its content token while resident, and its copy on the paging device, with the atomic
 * steps on them. What the words mean and who takes them is {@link FrameStore}'s protocol; this
 * class only keeps them and orders their accesses.
 *
 * <p>A word is even when free and odd while held; taking it is a CAS from even to odd, letting it
 * go an ordered store of the next even value, so a reader that sees the same even value before and
 * after a read of the content knows no holder came and went between. Runs of frames are taken in
 * ascending order.
 *
 * <p>Accessors: {@code lv} volatile load, {@code sv} volatile store, {@code so} ordered (release)
 * store, {@code cas} compare-and-set.
 */
final class FrameWords {
    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    private final int[] seq;
    private final long[] content;
    private final long[] device;
    private final int framesPerRun;

    FrameWords(int frames, int framesPerRun) {
        this.seq = new int[frames];
        this.content = new long[frames];
        this.device = new long[frames];
        this.framesPerRun = framesPerRun;
    }

    int lvSeq(int frame) {
        return (int) INTS.getVolatile(seq, frame);
    }

    /** Takes the word of {@code frame}, spinning while another holder has it. */
    void lock(int frame) {
        for (;;) {
            int s = lvSeq(frame);
            if ((s & 1) == 0 && INTS.compareAndSet(seq, frame, s, s + 1)) {
                return;
            }
            Thread.onSpinWait();
        }
    }

    /** Lets go of the word of {@code frame}; only its holder writes an odd word, so our read of it is current. */
    void unlock(int frame) {
        INTS.setRelease(seq, frame, lvSeq(frame) + 1);
    }

    /** Takes every word of the run that starts at {@code base}, in ascending order. */
    void lockRun(int base) {
        for (int f = base, end = base + framesPerRun; f < end; f++) {
            lock(f);
        }
    }

    void unlockRun(int base) {
        for (int f = base, end = base + framesPerRun; f < end; f++) {
            unlock(f);
        }
    }

    long lvContent(int frame) {
        return (long) LONGS.getVolatile(content, frame);
    }

    /** A guest store's content: volatile, so that the change-bit step after it cannot be read ahead of it. */
    void svContent(int frame, long token) {
        LONGS.setVolatile(content, frame, token);
    }

    void soContent(int frame, long token) {
        LONGS.setRelease(content, frame, token);
    }

    long lvDevice(int frame) {
        return (long) LONGS.getVolatile(device, frame);
    }

    /** Gives {@code n} frames from {@code first} their content: the device copies, or zeros. */
    void fill(int first, int n, boolean fromDevice) {
        for (int f = first, end = first + n; f < end; f++) {
            soContent(f, fromDevice ? lvDevice(f) : 0L);
        }
    }

    /** Overwrites the content of {@code n} freed frames from {@code first} with {@code poison}. */
    void poison(int first, int n, long poison) {
        for (int f = first, end = first + n; f < end; f++) {
            soContent(f, poison);
        }
    }

    /** Copies the content of {@code n} frames from {@code first} to the device. */
    void copyToDevice(int first, int n) {
        for (int f = first, end = first + n; f < end; f++) {
            LONGS.setRelease(device, f, lvContent(f));
        }
    }
}
