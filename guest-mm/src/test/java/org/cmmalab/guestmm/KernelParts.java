package org.cmmalab.guestmm;

import java.lang.reflect.Field;

/**
 * The parts of a {@link GuestKernel}, for tests of those parts: the kernel exposes none of them
 * (its drivers use {@link DriverApi}), so the tests read its private fields. A field renamed in
 * the kernel fails here, naming it.
 */
public final class KernelParts {
    private static final Field MEM_MAP = field("map");
    private static final Field PAGE_INDEX = field("index");
    private static final Field PAGE_CACHE = field("cache");
    private static final Field ANON_MEMORY = field("anon");
    private static final Field RETIRED_FRAMES = field("retired");
    private static final Field ALLOCATOR = field("allocator");
    private static final Field LISTS = field("lists");

    private KernelParts() {
    }

    static MemMap memMap(GuestKernel k) {
        return MemMap.class.cast(get(MEM_MAP, k));
    }

    static PageIndex pageIndex(GuestKernel k) {
        return PageIndex.class.cast(get(PAGE_INDEX, k));
    }

    static PageCache pageCache(GuestKernel k) {
        return PageCache.class.cast(get(PAGE_CACHE, k));
    }

    static AnonMemory anonMemory(GuestKernel k) {
        return AnonMemory.class.cast(get(ANON_MEMORY, k));
    }

    static RetiredFrames retiredFrames(GuestKernel k) {
        return RetiredFrames.class.cast(get(RETIRED_FRAMES, k));
    }

    static PageLists lists(GuestKernel k) {
        return PageLists.class.cast(get(LISTS, k));
    }

    static PageAllocator allocator(GuestKernel k) {
        return PageAllocator.class.cast(get(ALLOCATOR, k));
    }

    /** The frame that holds page {@code page} of file {@code file}, or {@link GuestKernel#NO_PAGE}. */
    public static int fileFrame(GuestKernel k, int file, int page) {
        return pageIndex(k).frame(pageCache(k).inode(file), page);
    }

    /** The frame that holds anonymous page {@code page} of process {@code pid}, or {@link GuestKernel#NO_PAGE}. */
    static int anonFrame(GuestKernel k, int pid, int page) {
        return pageIndex(k).frame(anonMemory(k).process(pid), page);
    }

    private static Field field(String name) {
        try {
            Field f = GuestKernel.class.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException e) {
            throw new AssertionError("GuestKernel has no field " + name, e);
        }
    }

    private static Object get(Field f, GuestKernel k) {
        try {
            return f.get(k);
        } catch (IllegalAccessException e) {
            throw new AssertionError("GuestKernel's field " + f.getName() + " is out of reach", e);
        }
    }
}
