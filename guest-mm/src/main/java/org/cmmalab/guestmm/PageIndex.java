package org.cmmalab.guestmm;

import java.util.Arrays;
import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;

/**
 * The page index of every address space and the reverse map, in one arena: Linux's page-cache
 * xarray ({@code mm/filemap.c}) and page tables for forward lookup, and {@code page->mapping} /
 * {@code page->index} for the way back.
 *
 * <p>Each address space's directory names chunks of {@link #CHUNK} consecutive page offsets; a
 * chunk is {@code CHUNK} entries of the shared {@code slots} array, allocated on first use and
 * released when its last entry is cleared, as an xarray node is. An entry is
 * {@code frame + 1} for a resident page, {@code -(swapSlot + 1)} for a swapped-out anonymous
 * page, or {@link #EMPTY}. A resident page's frame records the slot number
 * ({@code chunk << SHIFT | offset}) in {@link MemMap#owner}, so the frame leads back to the chunk,
 * whose owner and base give the address space and page offset. Lookups, installs and removals
 * are a few array reads and writes and allocate nothing; a dense index costs a little over
 * 4 bytes per indexed page.
 */
final class PageIndex {
    static final int SHIFT = 6;
    static final int CHUNK = 1 << SHIFT;
    static final int EMPTY = 0;
    static final int NO_CHUNK = -1;
    private static final int MASK = CHUNK - 1;

    private final MemMap map;
    private int[] slots = new int[CHUNK * 16];
    private AddressSpace[] owner = new AddressSpace[16];
    private int[] base = new int[16];
    private byte[] used = new byte[16];
    private int chunks;
    private final IntArrayList freeChunks = new IntArrayList();

    PageIndex(MemMap map) {
        this.map = map;
    }

    static int frameEntry(int frame) {
        return frame + 1;
    }

    static int swapEntry(int slot) {
        return -slot - 1;
    }

    static boolean isFrame(int entry) {
        return entry > 0;
    }

    static boolean isSwap(int entry) {
        return entry < 0;
    }

    static int frameOf(int entry) {
        return entry - 1;
    }

    static int swapSlotOf(int entry) {
        return -entry - 1;
    }

    /** The entry at {@code pgoff}, {@link #EMPTY} if none. */
    int get(AddressSpace space, int pgoff) {
        int c = space.chunk(pgoff >>> SHIFT);
        return c == NO_CHUNK ? EMPTY : slots[c << SHIFT | pgoff & MASK];
    }

    /** The frame at {@code pgoff}, or {@link BuddyAllocator#NO_PAGE} if the page is not resident. */
    int frame(AddressSpace space, int pgoff) {
        int e = get(space, pgoff);
        return isFrame(e) ? frameOf(e) : BuddyAllocator.NO_PAGE;
    }

    /** Sets the entry at {@code pgoff} (not {@link #EMPTY}); a frame entry points the frame back here. */
    void set(AddressSpace space, int pgoff, int entry) {
        int ci = pgoff >>> SHIFT;
        int c = space.chunk(ci);
        if (c == NO_CHUNK) {
            c = allocChunk(space, ci);
        }
        int slot = c << SHIFT | pgoff & MASK;
        int old = slots[slot];
        if (old == EMPTY) {
            used[c]++;
        } else if (isFrame(old)) {
            map.setOwner(frameOf(old), MemMap.NO_OWNER);
        }
        slots[slot] = entry;
        if (isFrame(entry)) {
            map.setOwner(frameOf(entry), slot);
        }
    }

    /** Clears the entry at {@code pgoff} and returns what it was. */
    int clear(AddressSpace space, int pgoff) {
        int ci = pgoff >>> SHIFT;
        int c = space.chunk(ci);
        if (c == NO_CHUNK) {
            return EMPTY;
        }
        int slot = c << SHIFT | pgoff & MASK;
        int old = slots[slot];
        if (old != EMPTY) {
            slots[slot] = EMPTY;
            if (isFrame(old)) {
                map.setOwner(frameOf(old), MemMap.NO_OWNER);
            }
            if (--used[c] == 0) {
                space.setChunk(ci, NO_CHUNK);
                owner[c] = null;
                freeChunks.add(c);
            }
        }
        return old;
    }

    /** The first page offset at or after {@code from} that has an entry, or -1. */
    int nextPresent(AddressSpace space, int from) {
        int end = space.capacity();
        for (int pgoff = from; pgoff < end; ) {
            int c = space.chunk(pgoff >>> SHIFT);
            if (c == NO_CHUNK) {
                pgoff = (pgoff | MASK) + 1;
                continue;
            }
            if (slots[c << SHIFT | pgoff & MASK] != EMPTY) {
                return pgoff;
            }
            pgoff++;
        }
        return -1;
    }

    /** The address space whose page is in {@code frame}, or null. */
    AddressSpace ownerOf(int frame) {
        int slot = map.owner(frame);
        return slot == MemMap.NO_OWNER ? null : owner[slot >>> SHIFT];
    }

    /** The page offset of the page in {@code frame}; only for a frame with an owner. */
    int pgoffOf(int frame) {
        int slot = map.owner(frame);
        return base[slot >>> SHIFT] << SHIFT | slot & MASK;
    }

    /** Bytes of heap the arena takes (array headers aside; a reference counted as 4 bytes). */
    long bytes() {
        return 4L * slots.length + 9L * owner.length + 4L * freeChunks.size();
    }

    private int allocChunk(AddressSpace space, int chunkIndex) {
        int c;
        if (!freeChunks.isEmpty()) {
            c = freeChunks.removeAtIndex(freeChunks.size() - 1);
        } else {
            if (chunks == owner.length) {
                // grow by an eighth: a full index wastes at most 12.5% of its slots
                int n = chunks + Math.max(16, chunks >> 3);
                slots = Arrays.copyOf(slots, n << SHIFT);
                owner = Arrays.copyOf(owner, n);
                base = Arrays.copyOf(base, n);
                used = Arrays.copyOf(used, n);
            }
            c = chunks++;
        }
        owner[c] = space;
        base[c] = chunkIndex;
        used[c] = 0;
        space.setChunk(chunkIndex, c);
        return c;
    }
}
