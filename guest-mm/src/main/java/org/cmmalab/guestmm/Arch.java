package org.cmmalab.guestmm;

import java.util.ArrayList;
import java.util.List;

/**
 * The guest kernel's architecture, for the constants of this model that follow it:
 * {@code pageblock_order}, the order of the blocks the page allocator groups by mobility and free
 * page reporting reports from ({@link org.cmmalab.guestmm.pagereporting.FreePageReporting}), and the
 * size of a Linux memory block, the unit memory is hot-plugged in
 * ({@link org.cmmalab.guestmm.virtiomem.VirtioMem}).
 *
 * <p>{@code include/linux/pageblock-flags.h} (Linux 6.16): with {@code CONFIG_HUGETLB_PAGE} and
 * a fixed huge page size, {@code pageblock_order} is {@code HUGETLB_PAGE_ORDER} (capped at the
 * largest buddy order). On s390 {@code HPAGE_SHIFT} is 20 ({@code arch/s390/include/asm/page.h}),
 * a 1 MiB segment, so {@code HUGETLB_PAGE_ORDER} is 20 - 12 = 8; on x86-64 it is 21 - 12 = 9, a
 * 2 MiB PMD. A kernel without hugetlbfs but with transparent huge pages takes
 * {@code HPAGE_PMD_ORDER} instead, the same 8 and 9. The buddy allocator's largest order is the
 * same on both ({@link BuddyAllocator#MAX_ORDER}).
 *
 * <p>Memory blocks: {@code memory_block_size_bytes()}. On x86-64 128 MiB ({@code MIN_MEMORY_BLOCK_SIZE},
 * a section of {@code SECTION_SIZE_BITS} 27; larger only on bare metal with much memory,
 * {@code probe_memory_block_size}). On s390 {@code arch/s390/mm/init.c} returns the larger of a
 * section and the machine's storage increment ({@code sclp.rzm}), which QEMU/KVM reports as 0;
 * the series that brought virtio-mem to s390 (Hildenbrand, "s390/sparsemem: reduce section size to
 * 128 MiB", October 2024, Linux 6.13) lowered {@code SECTION_SIZE_BITS} there from 28 to 27, so
 * 128 MiB; 256 MiB before it. The virtio-mem device block QEMU picks by default is the host's
 * transparent huge page size ({@code virtio_mem_default_thp_size}), the pageblock on both.
 */
public enum Arch {
    /** IBM Z: 1 MiB pageblocks. */
    S390("s390", 8, 128),
    /** x86-64: 2 MiB pageblocks. */
    X86("x86", 9, 128);

    private final String id;
    private final int pageblockOrder;
    private final int memoryBlockMiB;

    Arch(String id, int pageblockOrder, int memoryBlockMiB) {
        this.id = id;
        this.pageblockOrder = pageblockOrder;
        this.memoryBlockMiB = memoryBlockMiB;
    }

    /** {@code memory_block_size_bytes()} in MiB, for a guest under QEMU/KVM. */
    public int memoryBlockMiB() {
        return memoryBlockMiB;
    }

    /** The name a scenario gives it. */
    public String id() {
        return id;
    }

    /** {@code pageblock_order}. */
    public int pageblockOrder() {
        return pageblockOrder;
    }

    /** Every architecture's name, in declaration order. */
    public static List<String> ids() {
        List<String> ids = new ArrayList<>();
        for (Arch a : values()) {
            ids.add(a.id);
        }
        return ids;
    }

    /** The architecture named {@code id}, one of {@link #ids}. */
    public static Arch of(String id) {
        for (Arch a : values()) {
            if (a.id.equals(id)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown architecture '" + id + "'; known: " + String.join(", ", ids()));
    }
}
