package org.cmmalab.hostpager.device;

import org.cmmalab.pagestates.FrameTable;
import org.eclipse.collections.impl.map.mutable.primitive.IntIntHashMap;

/**
 * The host's paging device: a fixed number of 4 KiB slots, each holding the content token of one
 * guest frame that the host wrote out. A guest frame has its own slot (its address on the
 * device) from its first write-out until the host frees it: when the content goes from preserved
 * to logically zero, or the frame is discarded. Between those points the slot keeps the copy of the
 * last write, so a frame paged in and not changed since can be dropped again without a write
 * (the {@code BACKED} bit of {@link org.cmmalab.pagestates.FrameState} says the slot is there).
 *
 * <h2>Layout</h2>
 * One volume per guest, cut into chunks of 512 frames (one large frame's worth, so no
 * unit of residency crosses a chunk): a {@code long[]} of tokens and a bitmap of which frames hold
 * a slot. A chunk is created by the first {@link #reserve} of a slot in it, and dropped by
 * {@link #dropIfEmpty} once the chunk has neither resident frames nor slots, so that the device
 * follows written-out guest memory, never configured or merely resident guest memory: a host that
 * never pages out, as in a density search, keeps no chunk at all. Reclaim may so allocate a chunk
 * (4 KiB and 64 bytes, or a dropped one reused) on its first write in a chunk, which the model
 * does not mind: the Java heap is not the host's memory.
 *
 * <p>Reads and writes are counted in pages; {@link #busyNanos()} charges each the latency of its
 * {@link DeviceLatency}. With a {@link MemoryTier} in front (z/VM's XSTOR, the host's zswap), every
 * read, write and freed slot is also told to it, which keeps the rule of which tier holds a page.
 * Used from the host's one thread, under the host's lock.
 */
public final class PagingDevice {
    /** Frames of a chunk: the frame table's ({@link FrameTable#FRAMES_PER_CHUNK}), a whole number of large frames. */
    public static final int CHUNK = FrameTable.FRAMES_PER_CHUNK;
    private static final int CHUNK_SHIFT = Integer.numberOfTrailingZeros(CHUNK);

    private final long capacity;
    private final DeviceLatency latency;
    private MemoryTier tier;
    private final IntIntHashMap volumeOfGuest = new IntIntHashMap();
    private long[][][] tokens = new long[0][][];
    private long[][][] present = new long[0][][];
    private long used;
    /** Dropped chunks kept for reuse ({@link #dropIfEmpty}); a stale token is never read, as no slot marks it. */
    private static final int SPARES = 4;
    private final long[][] spareTokens = new long[SPARES][];
    private final long[][] sparePresent = new long[SPARES][];
    private int spareCount;
    private long reads;
    private long writes;

    public PagingDevice(long capacity, DeviceLatency latency) {
        this(capacity, latency, MemoryTier.NONE);
    }

    public PagingDevice(long capacity, DeviceLatency latency, MemoryTier tier) {
        if (capacity < 0) {
            throw new IllegalArgumentException("paging device capacity must not be negative, was " + capacity);
        }
        this.capacity = capacity;
        this.latency = java.util.Objects.requireNonNull(latency, "latency");
        this.tier = java.util.Objects.requireNonNull(tier, "tier");
    }

    public long capacity() {
        return capacity;
    }

    public long usedSlots() {
        return used;
    }

    public DeviceLatency latency() {
        return latency;
    }

    /** The memory tier in front of the device ({@link MemoryTier#NONE} if none). */
    public MemoryTier tier() {
        return tier;
    }

    /**
     * Puts {@code front} in front of the device from now on, as a mechanism that plugs in after the
     * host is built does (the host's zswap); a device has one tier, so it must have none yet.
     */
    public void attachTier(MemoryTier front) {
        if (tier != MemoryTier.NONE) {
            throw new IllegalStateException("this paging device has a memory tier already: a host has one");
        }
        tier = java.util.Objects.requireNonNull(front, "front");
    }

    /** Pages read back (page-ins). */
    public long reads() {
        return reads;
    }

    /** Pages written (page-outs), including writes whose result was dropped. */
    public long writes() {
        return writes;
    }

    /** Virtual time the device spent: every read and write charged its latency. */
    public long busyNanos() {
        return reads * latency.pageInNanos() + writes * latency.pageOutNanos();
    }

    /** Whether the device holds a slot for frame {@code frame} of guest {@code guestId}. */
    public boolean holds(int guestId, int frame) {
        if (!volumeOfGuest.containsKey(guestId)) {
            throw new IllegalArgumentException("no guest " + guestId + " on this paging device");
        }
        long[] bits = present[volumeOfGuest.get(guestId)][frame >>> CHUNK_SHIFT];
        return bits != null && isSet(bits, frame & CHUNK - 1);
    }

    /** Adds a volume for a guest of {@code frames} frames; returns its index. */
    public int addVolume(int guestId, int frames) {
        int volume = tokens.length;
        int chunks = (frames + CHUNK - 1) >>> CHUNK_SHIFT;
        tokens = java.util.Arrays.copyOf(tokens, volume + 1);
        present = java.util.Arrays.copyOf(present, volume + 1);
        tokens[volume] = new long[chunks][];
        present[volume] = new long[chunks][];
        volumeOfGuest.put(guestId, volume);
        return volume;
    }

    /**
     * Makes sure frames {@code frame .. frame + count - 1} (within one chunk) each hold a slot,
     * making the chunk if it has none; false, changing nothing, if the device has too few free
     * slots for those that do not.
     */
    public boolean reserve(int volume, int frame, int count) {
        int chunk = frame >>> CHUNK_SHIFT;
        long[] bits = present[volume][chunk];
        int first = frame & CHUNK - 1;
        int missing = 0;
        for (int i = first; i < first + count; i++) {
            if (bits == null || !isSet(bits, i)) {
                missing++;
            }
        }
        if (used + missing > capacity) {
            return false;
        }
        if (bits == null) {
            boolean spare = spareCount > 0;
            tokens[volume][chunk] = spare ? spareTokens[--spareCount] : new long[CHUNK];
            bits = present[volume][chunk] = spare ? sparePresent[spareCount] : new long[CHUNK / Long.SIZE];
        }
        for (int i = first; i < first + count; i++) {
            bits[i >>> 6] |= 1L << i;
        }
        used += missing;
        return true;
    }

    /** Writes the token of a frame that holds a slot. */
    public void write(int volume, int frame, long token) {
        checkSlot(volume, frame);
        tokens[volume][frame >>> CHUNK_SHIFT][frame & CHUNK - 1] = token;
        writes++;
        tier.write(volume, frame, token);
    }

    /** Reads back the token of a frame that holds a slot. */
    public long read(int volume, int frame) {
        checkSlot(volume, frame);
        reads++;
        tier.read(volume, frame);
        return tokens[volume][frame >>> CHUNK_SHIFT][frame & CHUNK - 1];
    }

    /** The token in the slot of a frame that holds one, read without counting: for checks, not a page-in. */
    public long peek(int volume, int frame) {
        checkSlot(volume, frame);
        return tokens[volume][frame >>> CHUNK_SHIFT][frame & CHUNK - 1];
    }

    /** Frees the slots of frames {@code frame .. frame + count - 1} (within one chunk); returns how many it freed. */
    public int free(int volume, int frame, int count) {
        long[] bits = present[volume][frame >>> CHUNK_SHIFT];
        if (bits == null) {
            return 0;
        }
        int first = frame & CHUNK - 1;
        int freed = 0;
        for (int i = first; i < first + count; i++) {
            if (isSet(bits, i)) {
                bits[i >>> 6] &= ~(1L << i);
                tier.free(volume, (frame & ~(CHUNK - 1)) + i);
                freed++;
            }
        }
        used -= freed;
        return freed;
    }

    /**
     * Drops the chunk that holds {@code frame} if no frame in it holds a slot; the guest's side
     * calls it once nothing in the chunk is resident, so that the device, too, follows the memory
     * in use. The next {@link #reserve} there makes it again.
     */
    public void dropIfEmpty(int volume, int frame) {
        int chunk = frame >>> CHUNK_SHIFT;
        long[] bits = present[volume][chunk];
        if (bits == null) {
            return;
        }
        for (long b : bits) {
            if (b != 0) {
                return;
            }
        }
        if (spareCount < SPARES) {
            spareTokens[spareCount] = tokens[volume][chunk];
            sparePresent[spareCount++] = bits; // all clear, as checked
        }
        tokens[volume][chunk] = null;
        present[volume][chunk] = null;
    }

    private void checkSlot(int volume, int frame) {
        long[] bits = present[volume][frame >>> CHUNK_SHIFT];
        if (bits == null || !isSet(bits, frame & CHUNK - 1)) {
            throw new IllegalStateException("frame " + frame + " of volume " + volume + " holds no slot on the paging device");
        }
    }

    private static boolean isSet(long[] bits, int i) {
        return (bits[i >>> 6] & 1L << i) != 0;
    }
}
