package org.cmmalab.hostpager;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.ReentrantLock;
import org.cmmalab.pagestates.Discipline;

/**
 * The mechanics of the host's frame protocol ({@link GuestSpace}), explained once: how a frame
 * is held, how the host's shared structures are locked, and how content is read and written. The
 * protocol says <em>where</em> each of these happens; a {@link Discipline} says what they cost.
 * Two implementations, one loaded per run: a simulation never loads {@link Threads}, so every
 * call site stays monomorphic and the JIT inlines {@link Simulation}'s empty methods to nothing.
 *
 * <h2>{@link Discipline#SIMULATION}: one thread at a time</h2>
 * Every method is a no-op or a plain array access. Nothing can come between two steps of the
 * protocol, so holding a frame or the host costs nothing, and an optimistic read always
 * validates.
 *
 * <h2>{@link Discipline#THREADS}: guest vCPUs and host threads in parallel</h2>
 * <ul>
 *   <li><b>Frame words.</b> Each guest frame has a sequence word, even when free and odd while
 *       held (a seqlock, as Linux's {@code seqcount_t}, {@code include/linux/seqlock.h}). Taking
 *       it is a compare-and-set from even to odd, spinning while it is odd; letting it go is a
 *       release store of the next even value, which only the holder can write. An optimistic
 *       reader reads the word (waiting while it is odd), then what it wants (volatile reads), then
 *       the word again: if the word did not move, no holder came and went in between, and what
 *       it read is one consistent snapshot. A run of frames is taken in ascending order.</li>
 *   <li><b>The host lock.</b> One lock per host ({@link ReentrantLock}, so that a step called
 *       from inside another may take it again) guards everything the guests of one host share:
 *       the pool of host frames and their owners, the gmaps, the paging device, the
 *       replacement policy, the counters. Lock order: the host lock before any frame word; a
 *       thread that holds a frame word never waits for the host lock, so no cycle can form.</li>
 *   <li><b>Content.</b> A host frame's content token is read with a volatile load, and written by
 *       a fill, a copy or a poisoning with a release store, inside a held word, so that an
 *       optimistic reader that sees it also sees the word move. A guest <em>store</em>'s content
 *       is a volatile store, not a release store: the step after it (setting the change bits,
 *       {@code FrameOp.STORE}) is a read that writes nothing when the bits are set already, and
 *       without a full fence between the two that read may run ahead of the content write
 *       (StoreLoad reordering, which the Java memory model and x86-TSO both allow). A write-out
 *       could then clear the bits and copy the older content in between, see no change bit at its
 *       finish and free the frame as clean: the store would be lost. Lincheck's model checker
 *       explores interleavings under sequential consistency and cannot see this; {@code cmma
 *       stress} found it, and {@code StoreOrderingTest} repeats the pattern on real threads.</li>
 * </ul>
 */
abstract class FrameSync {
    /** What a freed host frame's content is overwritten with: never a token, never zero, never a discard fault. */
    static final long POISON = 0xDEAD_DEAD_DEAD_DEADL;

    /** The host's mechanics under {@code discipline}: the host lock, and no frame words. */
    static FrameSync forHost(Discipline discipline) {
        return discipline == Discipline.SIMULATION ? Simulation.INSTANCE : new Threads(0, new ReentrantLock());
    }

    /** The mechanics of a guest of {@code frames} frames on this host: its frame words, the host's lock. */
    abstract FrameSync forGuest(int frames);

    /** Takes the word of {@code frame}. */
    abstract void lock(int frame);

    abstract void unlock(int frame);

    /** Takes the words of the {@code n} frames from {@code first}, in ascending order. */
    abstract void lockRange(int first, int n);

    abstract void unlockRange(int first, int n);

    /** Starts an optimistic read of {@code frame}: returns its word once it is even. */
    abstract int readBegin(int frame);

    /** Whether no holder of {@code frame} came and went since {@link #readBegin} returned {@code seq}. */
    abstract boolean readValid(int frame, int seq);

    /** Takes the host lock. */
    abstract void lockHost();

    abstract void unlockHost();

    /**
     * The content of host frame {@code hostFrame}. Under threads an optimistic reader may find its
     * frame unmapped (-1) by a freeing it then fails to validate against: {@link #POISON} for it.
     */
    abstract long content(long[] tokens, int hostFrame);

    /** A guest store's content (see the class comment: volatile under threads). */
    abstract void storeContent(long[] tokens, int hostFrame, long token);

    /** Content the host puts into a held frame: a fill, or the poisoning of a freed one. */
    abstract void putContent(long[] tokens, int hostFrame, long token);

    /** One thread at a time: nothing to hold, nothing to order. */
    static final class Simulation extends FrameSync {
        static final Simulation INSTANCE = new Simulation();

        @Override
        FrameSync forGuest(int frames) {
            return this;
        }

        @Override
        void lock(int frame) {
        }

        @Override
        void unlock(int frame) {
        }

        @Override
        void lockRange(int first, int n) {
        }

        @Override
        void unlockRange(int first, int n) {
        }

        @Override
        int readBegin(int frame) {
            return 0;
        }

        @Override
        boolean readValid(int frame, int seq) {
            return true;
        }

        @Override
        void lockHost() {
        }

        @Override
        void unlockHost() {
        }

        @Override
        long content(long[] tokens, int hostFrame) {
            return tokens[hostFrame];
        }

        @Override
        void storeContent(long[] tokens, int hostFrame, long token) {
            tokens[hostFrame] = token;
        }

        @Override
        void putContent(long[] tokens, int hostFrame, long token) {
            tokens[hostFrame] = token;
        }
    }

    /**
     * Real threads: sequence words, the host lock, ordered content. Not final, and {@link #seq}
     * package-private, only so that the jcstress module's wrong variants (and their controls) can
     * be subclasses that override one access (plain reads of the word and the content, a release
     * store of a guest store's content) and run the rest of the protocol as it is; nothing in this
     * module subclasses it, so the JIT still sees one implementation.
     */
    static class Threads extends FrameSync {
        private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);
        private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

        /** The sequence words by guest frame; package-private for the wrong variants' plain reads only. */
        final int[] seq;
        private final ReentrantLock hostLock;

        Threads(int frames, ReentrantLock hostLock) {
            this.seq = new int[frames];
            this.hostLock = hostLock;
        }

        @Override
        FrameSync forGuest(int frames) {
            return new Threads(frames, hostLock);
        }

        @Override
        void lock(int frame) {
            for (;;) {
                int s = (int) INTS.getVolatile(seq, frame);
                if ((s & 1) == 0 && INTS.compareAndSet(seq, frame, s, s + 1)) {
                    return;
                }
                Thread.onSpinWait();
            }
        }

        @Override
        void unlock(int frame) {
            INTS.setRelease(seq, frame, (int) INTS.getVolatile(seq, frame) + 1);
        }

        @Override
        void lockRange(int first, int n) {
            for (int f = first, end = first + n; f < end; f++) {
                lock(f);
            }
        }

        @Override
        void unlockRange(int first, int n) {
            for (int f = first, end = first + n; f < end; f++) {
                unlock(f);
            }
        }

        @Override
        int readBegin(int frame) {
            for (;;) {
                int s = (int) INTS.getVolatile(seq, frame);
                if ((s & 1) == 0) {
                    return s;
                }
                Thread.onSpinWait();
            }
        }

        @Override
        boolean readValid(int frame, int s) {
            return (int) INTS.getVolatile(seq, frame) == s;
        }

        @Override
        void lockHost() {
            hostLock.lock();
        }

        @Override
        void unlockHost() {
            hostLock.unlock();
        }

        @Override
        long content(long[] tokens, int hostFrame) {
            return hostFrame < 0 ? POISON : (long) LONGS.getVolatile(tokens, hostFrame);
        }

        @Override
        void storeContent(long[] tokens, int hostFrame, long token) {
            LONGS.setVolatile(tokens, hostFrame, token);
        }

        @Override
        void putContent(long[] tokens, int hostFrame, long token) {
            LONGS.setRelease(tokens, hostFrame, token);
        }
    }
}
