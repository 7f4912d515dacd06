package org.cmmalab.pagestates;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * One slot of {@link FrameTable}'s chunk directory, copied with its accesses: the slot is loaded
 * with a volatile read, an absent chunk reads {@code INITIAL}, a chunk is installed by a CAS of an
 * array already filled with {@code INITIAL} (a loser takes the winner's), and an entry changes by
 * a CAS through the real {@link TransitionTables}. FrameTable keeps its directory private, so a
 * wrong variant that publishes a chunk another way needs this copy; with
 * {@link Publication#CAS_FILLED} it is FrameTable's protocol, the control of the wrong variants.
 */
final class ChunkReplica {
    /** How an installer publishes its new chunk. */
    enum Publication {
        /** As {@link FrameTable}: fill, then CAS into the empty slot; a loser takes the winner's chunk. */
        CAS_FILLED,
        /** Wrong: CAS the array into the slot while it still holds zeros, then fill it. */
        CAS_THEN_FILL,
        /** Wrong: fill, then a plain store into the slot, over any chunk another installer put there. */
        STORE_FILLED
    }

    private static final HostMode MODE = HostMode.ZVM;

    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(short[][].class);
    private static final VarHandle ENTRY = MethodHandles.arrayElementVarHandle(short[].class);
    private static final int INITIAL = StateModel.initial(MODE);

    private final short[][] directory = new short[1][];
    private final Publication publication;

    ChunkReplica(Publication publication) {
        this.publication = publication;
    }

    /** As {@link FrameTable#state}: {@code INITIAL} while the chunk is absent. */
    int state(int frame) {
        short[] chunk = lvSlot();
        return chunk == null ? INITIAL : lvEntry(chunk, frame);
    }

    /** As {@link FrameTable#essa}: installs the chunk if it is absent, then CASes the entry. */
    void essa(int frame, Orc orc) {
        short[] chunk = lvSlot();
        if (chunk == null) {
            chunk = install();
        }
        for (;;) {
            int e = lvEntry(chunk, frame);
            int n = TransitionTables.essa(e, orc, MODE);
            if (n == e || ENTRY.compareAndSet(chunk, frame, (short) e, (short) n)) {
                return;
            }
        }
    }

    private short[] install() {
        short[] fresh = new short[FrameTable.FRAMES_PER_CHUNK];
        return switch (publication) {
            case CAS_FILLED -> {
                Arrays.fill(fresh, (short) INITIAL);
                yield SLOT.compareAndSet(directory, 0, (short[]) null, fresh) ? fresh : lvSlot();
            }
            case CAS_THEN_FILL -> {
                if (!SLOT.compareAndSet(directory, 0, (short[]) null, fresh)) {
                    yield lvSlot();
                }
                Arrays.fill(fresh, (short) INITIAL);
                yield fresh;
            }
            case STORE_FILLED -> {
                Arrays.fill(fresh, (short) INITIAL);
                directory[0] = fresh;
                yield fresh;
            }
        };
    }

    private short[] lvSlot() {
        return (short[]) SLOT.getVolatile(directory, 0);
    }

    private static int lvEntry(short[] chunk, int i) {
        return (short) ENTRY.getVolatile(chunk, i) & 0xFFFF;
    }
}
