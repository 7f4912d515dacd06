package org.cmmalab.discardfault;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.IntConsumer;

/**
 * A pool of frame numbers: a lock-free LIFO stack (Treiber's), linked through an array of next
 * indices, so that pushing and popping allocate nothing. Last in, first out, as a kernel's
 * per-CPU free lists hand out the hottest frame: a frame freed too early is reused at once, which
 * is what makes a premature free show up.
 *
 * <h2>Concurrency protocol</h2>
 * Any thread may push and pop. A frame is in the pool at most once (pushing a frame that is in it
 * already is the caller's bug, not detected). The head word carries a version that every change
 * increments, so a pop that read a stale next index fails its CAS instead of corrupting the
 * stack (the ABA problem). A popped frame belongs to the popper; everything its pusher wrote
 * before the push is visible to it (the CAS on the head orders them).
 *
 * <p>Accessors: {@code lv} volatile load, {@code so} ordered store, {@code cas} compare-and-set.
 */
public final class FramePool {
    /** What {@link #pop} returns when the pool is empty. */
    public static final int NONE = -1;

    private static final VarHandle HEAD;
    private static final VarHandle NEXT = MethodHandles.arrayElementVarHandle(int[].class);
    private static final long INDEX_MASK = 0xFFFF_FFFFL;

    static {
        try {
            HEAD = MethodHandles.lookup().findVarHandle(FramePool.class, "head", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** High 32 bits: version; low 32 bits: top frame + 1, or 0 when empty. */
    @SuppressWarnings("unused") // through HEAD
    private volatile long head;
    /** For each frame in the pool: the frame below it + 1, or 0 at the bottom. */
    private final int[] next;

    /** An empty pool for frames 0 to {@code frames - 1}. */
    public FramePool(int frames) {
        this.next = new int[frames];
    }

    public void push(int frame) {
        if (frame < 0 || frame >= next.length) {
            throw new IndexOutOfBoundsException("frame " + frame + " is out of range 0.." + (next.length - 1));
        }
        for (;;) {
            long h = lvHead();
            soNext(frame, (int) h);
            if (casHead(h, bumped(h) | frame + 1)) {
                return;
            }
        }
    }

    /** The frame on top, now the caller's, or {@link #NONE}. */
    public int pop() {
        for (;;) {
            long h = lvHead();
            int top = (int) h;
            if (top == 0) {
                return NONE;
            }
            if (casHead(h, bumped(h) | lvNext(top - 1) & INDEX_MASK)) {
                return top - 1;
            }
        }
    }

    /** Calls {@code action} for each frame in the pool; only while no thread pushes or pops. */
    public void forEachAtRest(IntConsumer action) {
        for (int i = (int) lvHead(); i != 0; i = lvNext(i - 1)) {
            action.accept(i - 1);
        }
    }

    private static long bumped(long h) {
        return (h & ~INDEX_MASK) + (1L << 32);
    }

    private long lvHead() {
        return (long) HEAD.getVolatile(this);
    }

    private boolean casHead(long expect, long value) {
        return HEAD.compareAndSet(this, expect, value);
    }

    private int lvNext(int frame) {
        return (int) NEXT.getVolatile(next, frame);
    }

    private void soNext(int frame, int value) {
        NEXT.setRelease(next, frame, value);
    }
}
