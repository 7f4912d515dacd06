package org.cmmalab.guestmm;

import org.cmmalab.pagestates.Orc;

/**
 * Everything one guest kernel did, counted, and the sizes of its pools, so that a harness can
 * charge virtual time from the counts and compare guests. Counts only grow; the gauges at the end
 * are current values. Updated by the kernel only, under its kernel lock ({@link Vcpus}); reading is
free (plain fields), and exact once the kernel's vCPUs are at rest.
 */
public final class GuestCounters {
    private final long[] essa = new long[Orc.values().length];
    long essaLarge;
    long changeBitResets;

    long pageCacheHits;
    long pageCacheMisses;
    long mappedAccesses;
    long anonAccesses;
    long diskReads;
    long diskWrites;
    long expiredWritebacks;
    long reclaimWritebacks;
    long swapIns;
    long swapOuts;
    long anonFaults;
    long reclaimScans;
    long reclaimedPages;
    long kswapdRuns;
    long directReclaims;
    long discardsObserved;
    long discardFaults;
    long volatileGaveUp;
    long stateChangeLockWaits;
    long lateDiscardFaults;
    long framesDeferred;
    long lostPages;
    long leaks;
    long allocationFailures;

    long cleancachePuts;
    long cleancacheHits;
    long frontswapStores;
    long frontswapLoads;

    long migratedPages;

    long freePages;
    long pageCachePages;
    long dirtyPages;
    long anonPages;
    long swapSlotsUsed;
    long committedPages;

    void countEssa(Orc orc) {
        essa[orc.ordinal()]++;
    }

    void countEssa(Orc orc, int frames) {
        essa[orc.ordinal()] += frames;
    }

    void countEssaLarge(Orc orc) {
        essa[orc.ordinal()]++;
        essaLarge++;
    }

    /** ESSA calls with this operation-request code, on 4 KiB and 2 MiB frames. */
    public long essa(Orc orc) {
        return essa[orc.ordinal()];
    }

    /** Of all ESSA calls, those on 2 MiB frames (any code). */
    public long essaLarge() {
        return essaLarge;
    }

    /** All ESSA calls, small and large. */
    public long essaTotal() {
        long sum = 0;
        for (long n : essa) {
            sum += n;
        }
        return sum;
    }

    /** Change-bit resets ({@link GuestMemory#clean}): after read-ins and write-backs, hints on only. */
    public long changeBitResets() {
        return changeBitResets;
    }

    /** read(), write() and minor or major faults that found the page in the page cache. */
    public long pageCacheHits() {
        return pageCacheHits;
    }

    /** Page-cache lookups that missed and read the page from its file. */
    public long pageCacheMisses() {
        return pageCacheMisses;
    }

    /** Loads and stores through a file mapping that found the page mapped (no kernel entry). */
    public long mappedAccesses() {
        return mappedAccesses;
    }

    /** Loads and stores of anonymous pages. */
    public long anonAccesses() {
        return anonAccesses;
    }

    /** Guest disk reads of file pages (one per page read in). */
    public long diskReads() {
        return diskReads;
    }

    /** Guest disk writes of file pages (write-back), expired and reclaim-driven together. */
    public long diskWrites() {
        return diskWrites;
    }

    /** Write-backs because a page had been dirty longer than the dirty-expire time. */
    public long expiredWritebacks() {
        return expiredWritebacks;
    }

    /** Write-backs forced by reclaim (memory pressure) or {@link GuestKernel#sync()}. */
    public long reclaimWritebacks() {
        return reclaimWritebacks;
    }

    /** Anonymous pages read back from the guest's swap device. */
    public long swapIns() {
        return swapIns;
    }

    /** Pages moved to another frame by page migration ({@code alloc_contig_range}'s, for a virtio-mem unplug). */
    public long migratedPages() {
        return migratedPages;
    }

    /** Anonymous pages written to the guest's swap device. */
    public long swapOuts() {
        return swapOuts;
    }

    /** First touches of anonymous pages (a frame allocated and cleared). */
    public long anonFaults() {
        return anonFaults;
    }

    /** Pages reclaim looked at, on any list. */
    public long reclaimScans() {
        return reclaimScans;
    }

    /** Pages reclaim freed. */
    public long reclaimedPages() {
        return reclaimedPages;
    }

    /** Times background reclaim ran (free pages had fallen below the low watermark). */
    public long kswapdRuns() {
        return kswapdRuns;
    }

    /** Times an allocation had to reclaim itself (free pages at the min watermark). */
    public long directReclaims() {
        return directReclaims;
    }

    /**
     * Race 1 (docs/state-model.md section 6), make-stable against discard, won by the discard:
     * SET_STABLE_IF_RESIDENT found the page discarded (old state {@code Vz}); it was dropped and read again.
     */
    public long discardsObserved() {
        return discardsObserved;
    }

    /** Discard faults delivered to the guest's handler. */
    public long discardFaults() {
        return discardFaults;
    }

    /** Race 2: a make-stable, writer or removal found the page's state-change lock held by another vCPU and waited. */
    public long stateChangeLockWaits() {
        return stateChangeLockWaits;
    }

    /** Race 2: make-volatile found the page's state-change lock held and gave up (the page stays stable). */
    public long volatileGaveUp() {
        return volatileGaveUp;
    }

    /**
     * Race 3: a discard-fault handler found its frame's page gone (another vCPU, or reclaim, had taken
     * it out) and left everything alone.
     */
    public long lateDiscardFaults() {
        return lateDiscardFaults;
    }

    /** Race 3: frames that left the cache while another vCPU was in the kernel, held back from reuse. */
    public long framesDeferred() {
        return framesDeferred;
    }

    /** Reads that did not see what the guest last wrote or what the file holds. Must be 0. */
    public long lostPages() {
        return lostPages;
    }

    /** Lost pages that showed another guest's content: a leak across guests. */
    public long leaks() {
        return leaks;
    }

    /** Page allocations that failed even after reclaim. */
    public long allocationFailures() {
        return allocationFailures;
    }

    /** Clean page-cache pages reclaim handed to a cleancache backend ({@link org.cmmalab.guestmm.tmem.Cleancache#put}). */
    public long cleancachePuts() {
        return cleancachePuts;
    }

    /** Page-cache misses that a cleancache backend served instead of the disk. */
    public long cleancacheHits() {
        return cleancacheHits;
    }

    /** Anonymous pages swap-out handed to a frontswap backend instead of the swap device. */
    public long frontswapStores() {
        return frontswapStores;
    }

    /** Swap-ins that a frontswap backend served instead of the swap device. */
    public long frontswapLoads() {
        return frontswapLoads;
    }

    /** Frames on the buddy free lists now. */
    public long freePages() {
        return freePages;
    }

    /** Pages in the page cache now. */
    public long pageCachePages() {
        return pageCachePages;
    }

    /** Dirty page-cache pages now. */
    public long dirtyPages() {
        return dirtyPages;
    }

    /** Resident anonymous pages now. */
    public long anonPages() {
        return anonPages;
    }

    /** Swap slots in use now. */
    public long swapSlotsUsed() {
        return swapSlotsUsed;
    }

    /**
     * Anonymous pages mapped now, touched or not: every region {@code malloc} mapped and nobody
     * freed. Linux's {@code Committed_AS} ({@code vm_memory_committed()}) for this kernel, whose
     * only private writable mappings are those regions.
     */
    public long committedPages() {
        return committedPages;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("essa{");
        for (Orc orc : Orc.values()) {
            if (essa(orc) != 0) {
                sb.append(orc).append('=').append(essa(orc)).append(' ');
            }
        }
        return sb.append("large=").append(essaLarge)
                .append("} hits=").append(pageCacheHits).append(" misses=").append(pageCacheMisses)
                .append(" mapped=").append(mappedAccesses).append(" anon=").append(anonAccesses)
                .append(" diskReads=").append(diskReads).append(" diskWrites=").append(diskWrites)
                .append(" swapIns=").append(swapIns).append(" swapOuts=").append(swapOuts)
                .append(" scans=").append(reclaimScans).append(" reclaimed=").append(reclaimedPages)
                .append(" discardsObserved=").append(discardsObserved).append(" discardFaults=").append(discardFaults)
                .append(" volatileGaveUp=").append(volatileGaveUp).append(" lateDiscardFaults=").append(lateDiscardFaults)
                .append(" framesDeferred=").append(framesDeferred)
                .append(" lost=").append(lostPages).append(" allocFailures=").append(allocationFailures)
                .append(" free=").append(freePages).append(" cache=").append(pageCachePages)
                .append(" anonPages=").append(anonPages).toString();
    }
}
