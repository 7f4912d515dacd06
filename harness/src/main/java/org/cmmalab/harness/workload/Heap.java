package org.cmmalab.harness.workload;

import org.cmmalab.guestmm.GuestKernel;

/** Anonymous memory used the way request handlers use it: allocate, write every page, free. */
final class Heap {
    private Heap() {
    }

    /** Allocates {@code pages}, stores to each, frees them; false if the guest ran out of memory. */
    static boolean useOnce(GuestKernel kernel, int pid, int pages) {
        int start = kernel.malloc(pid, pages); // address space only: frames come on first touch
        try {
            return touchAll(kernel, pid, start, pages, true);
        } finally {
            kernel.free(pid, start);
        }
    }

    /**
     * Touches every page of a region, in order, each touch a kernel entry of its own (the kernel
     * takes a run of first touches in one where that is the same: {@link GuestKernel#touchAnonRun});
     * false if the guest ran out of memory.
     */
    static boolean touchAll(GuestKernel kernel, int pid, int start, int pages, boolean store) {
        return kernel.touchAnonRun(pid, start, pages, store) == pages;
    }
}
