package org.cmmalab.guestmm;

/**
 * A balloon's page allocation, seen from the page descriptors: a balloon may hold most of its
 * guest, and a page it holds carries nothing in its descriptor, so the 2 MiB chunks it takes whole
 * should cost no descriptors, as the chunks coalescing makes wholly free cost none
 * ({@link MemMap#dropIfClear}). This wraps what the balloon does with each run of pages it gets
 * ({@link DriverApi#balloonPageAlloc}): after the run, each chunk the allocation has moved past,
 * and at the end the chunk it stopped in, is asked to drop its descriptors. A run is one buddy
 * block: within one chunk, or, a block of 4 MiB, two whole ones, the first of which it has moved
 * past. The chunk before a run is dropped after the whole run is handed over, not after its first
 * frame: the same, as handing pages to the host touches no descriptor.
 *
 * <p>One allocation at a time, under the kernel lock; it allocates nothing itself, so a balloon
 * that inflates and deflates again and again allocates nothing.
 */
final class BalloonChunks {
    private final MemMap map;
    private final PageAllocator allocator;
    private final DriverApi.Taken dropBehind = this::taken;
    private DriverApi.Taken balloon;
    /** The chunk the allocation going on took its last page from, or -1. */
    private int chunk = -1;

    BalloonChunks(MemMap map, PageAllocator allocator) {
        this.map = map;
        this.allocator = allocator;
    }

    /** {@link PageAllocator#allocPages(int, DriverApi.Taken)} for a balloon, dropping the chunks it takes whole. */
    int alloc(int pages, DriverApi.Taken taken) {
        balloon = taken;
        int got = allocator.allocPages(pages, dropBehind);
        balloon = null;
        dropIfTaken(chunk);
        chunk = -1;
        return got;
    }

    private void taken(int first, int count) {
        balloon.frames(first, count);
        int c = first >>> MemMap.SHIFT;
        int last = (first + count - 1) >>> MemMap.SHIFT;
        if (c != chunk) {
            dropIfTaken(chunk);
        }
        for (; c < last; c++) {
            dropIfTaken(c);
        }
        chunk = last;
    }

    /** Lets the descriptors drop chunk {@code c} (none if negative) if no frame in it needs them. */
    private void dropIfTaken(int c) {
        if (c >= 0) {
            map.dropIfClear(c << MemMap.SHIFT);
        }
    }
}
