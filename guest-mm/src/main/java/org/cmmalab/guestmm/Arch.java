package org.cmmalab.guestmm;

import java.util.ArrayList;
import java.util.List;

/**
 * The guest kernel's architecture, for the one constant of this model that differs between the
 * two: {@code pageblock_order}, the order of the blocks the page allocator groups by mobility and
 * free page reporting reports from ({@link org.cmmalab.guestmm.pagereporting.FreePageReporting}).
 *
 * <p>{@code include/linux/pageblock-flags.h} (Linux 6.16): with {@code CONFIG_HUGETLB_PAGE} and
 * a fixed huge page size, {@code pageblock_order} is {@code HUGETLB_PAGE_ORDER} (capped at the
 * largest buddy order). On s390 {@code HPAGE_SHIFT} is 20 ({@code arch/s390/include/asm/page.h}),
 * a 1 MiB segment, so {@code HUGETLB_PAGE_ORDER} is 20 - 12 = 8; on x86-64 it is 21 - 12 = 9, a
 * 2 MiB PMD. A kernel without hugetlbfs but with transparent huge pages takes
 * {@code HPAGE_PMD_ORDER} instead, the same 8 and 9. The buddy allocator's largest order is the
 * same on both ({@link BuddyAllocator#MAX_ORDER}).
 */
public enum Arch {
    /** IBM Z: 1 MiB pageblocks. */
    S390("s390", 8),
    /** x86-64: 2 MiB pageblocks. */
    X86("x86", 9);

    private final String id;
    private final int pageblockOrder;

    Arch(String id, int pageblockOrder) {
        this.id = id;
        this.pageblockOrder = pageblockOrder;
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
