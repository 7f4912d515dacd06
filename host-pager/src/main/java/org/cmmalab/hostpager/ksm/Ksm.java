package org.cmmalab.hostpager.ksm;

import org.cmmalab.hostpager.GuestSpace;
import org.cmmalab.hostpager.Host;
import org.cmmalab.hostpager.HostMemMap;
import org.cmmalab.pagestates.FrameTable;

/**
 * Kernel same-page merging's scanner, {@code ksmd} (Linux {@code mm/ksm.c}), over every guest of
 * a host: it walks the guests' resident 4 KiB frames in a fixed order, a batch of
 * {@code pages_to_scan} at a time ({@link #scan}; the caller sleeps {@code sleep_millisecs}
 * between batches and charges the CPU; ksmd sleeps after each batch, so its period is the sleep
 * plus the batch's own time, which at 100 pages is a fraction of a millisecond), and merges frames of identical content into shared
 * frames ({@link SharedFrames}) that a store splits again. QEMU marks all guest memory mergeable
 * ({@code mem-merge}, on by default), so every guest frame is a candidate.
 *
 * <p>For each resident frame that is not shared already ({@code cmp_and_merge_page}):
 * <ol>
 *   <li>the stable tree: if a shared frame of the same content has room, merge into it;</li>
 *   <li>the checksum: if the content changed since this frame's last scan, or this is its first,
 *       remember the content and go on (a page that changes is not worth merging);</li>
 *   <li>the unstable tree: if a frame of this content was seen earlier in this full scan, still
 *       resident, unshared and unchanged, the two become a new shared frame (the earlier frame's
 *       host frame becomes the shared one, as {@code try_to_merge_two_pages} turns the tree page
 *       into the KSM page); otherwise this frame goes into the unstable tree.</li>
 * </ol>
 * The unstable tree is emptied at the end of every full scan, and a batch ends there too
 * ({@code scan_get_next_rmap_item} returns nothing at the end of a pass). Content is compared by
 * its token, which is exact: KSM's {@code memcmp}. Frames that are not resident are skipped
 * without counting, as {@code follow_page} finds nothing there; frames inside large units are
 * skipped (KSM would split the huge page; see the seed's "poor match for 2MB pages"), and so are
 * frames whose host write-out is in flight, which the model keeps whole until the write lands.
 * {@code use_zero_pages} is 0, Linux's default: zero pages merge with one another like any
 * content. {@code smart_scan} is 1, Linux's default since 6.7: a frame that keeps failing to merge
 * is skipped by later full scans for growing intervals ({@link SmartScan}); a skipped frame is not
 * a scanned page, so a batch goes on to the next.
 *
 * <p>Bookkeeping follows the host's memory: {@link Checksums} holds 8 bytes and a bit per frame of
 * each 2 MiB chunk that had something resident when the scanner last passed it, and the unstable
 * tree 8 to 16 bytes per entry, its keys being read back from the checksums.
 */
public final class Ksm {
    /** {@code ksm_thread_pages_to_scan} default. */
    public static final int DEFAULT_PAGES_TO_SCAN = 100;
    /** {@code ksm_thread_sleep_millisecs} default. */
    public static final int DEFAULT_SLEEP_MILLIS = 20;
    /** {@code ksm_smart_scan} default: on since Linux 6.7. */
    public static final boolean DEFAULT_SMART_SCAN = true;

    private static final int CHUNK = FrameTable.FRAMES_PER_CHUNK;
    private static final int CHUNK_SHIFT = Integer.numberOfTrailingZeros(CHUNK);
    /** Frames found ahead and warmed together ({@link #scan}). */
    private static final int WINDOW = 32;

    private final Host host;
    private final HostMemMap frames;
    private final SharedFrames sharing;
    private final boolean smartScan;
    /** Each scanned frame's content at its last scan, and its id in the unstable tree. */
    private final Checksums checksums;
    /** Content token to the id of this full scan's candidate holding it. */
    private final ContentIndex unstable;
    /** The frames of one window of {@link #scan}, and their tokens as {@link #warm} read them. */
    private final GuestSpace[] windowGuest = new GuestSpace[WINDOW];
    private final int[] windowFrame = new int[WINDOW];
    private final long[] windowToken = new long[WINDOW];
    /** What {@link #warm} read, kept so that the reads are not optimized away; never used. */
    @SuppressWarnings("unused")
    private long warmed;
    private int cursorGuest;
    private int cursorFrame = -1;
    private long pagesScanned;
    private long pagesSkipped;
    private long fullScans;

    /** The scanner over {@code host}'s guests, skipping frames that keep failing to merge if {@code smartScan}. */
    public Ksm(Host host, boolean smartScan) {
        this.host = host;
        this.frames = host.memMap();
        this.sharing = new SharedFrames(host);
        this.smartScan = smartScan;
        this.checksums = new Checksums(smartScan);
        this.unstable = new ContentIndex(checksums::sum);
    }

    /** The shared frames this scanner makes, which the host's frame protocol calls at its points. */
    public SharedFrames sharing() {
        return sharing;
    }

    /** Resident frames scanned so far (what the CPU cost is charged on). */
    public long pagesScanned() {
        return pagesScanned;
    }

    /** Visits that smart scanning skipped so far ({@code pages_skipped}); none without it. */
    public long pagesSkipped() {
        return pagesSkipped;
    }

    /** Full scans of every guest completed so far. */
    public long fullScans() {
        return fullScans;
    }

    /**
     * One batch ({@code ksm_do_scan}): scans up to {@code pages} resident frames, stopping early
     * at the end of a full scan. Returns how many it scanned.
     *
     * <p>The frames go through {@link #cmpAndMerge} one at a time, in the scanner's order, but are
     * found {@value #WINDOW} at a time: at full size every frame costs a few cache misses (its host
     * frame's owner and token, a slot of each tree), each dependent on the last, so one frame at a
     * time leaves the processor waiting on one miss after another. {@link #warm} first reads what
     * each frame of the window will read, with no dependence from one frame to the next, so that
     * the misses of a window overlap; it changes nothing. Finding frames ahead changes nothing
     * either: merging a frame changes neither the residency nor the content of another, and the
     * checksum chunks the cursor drops while it finds them have nothing resident, so nothing is
     * in the unstable tree under them (a slot dropped sooner may be reused sooner, which renames
     * checksum ids and nothing else).
     */
    public int scan(int pages) {
        if (pages < 0) {
            throw new IllegalArgumentException("pages to scan must not be negative, was " + pages);
        }
        int scanned = 0;
        boolean fullScanEnded = false;
        while (scanned < pages && !fullScanEnded) {
            int found = 0;
            while (found < WINDOW && scanned + found < pages) {
                if (!advance()) {
                    fullScanEnded = true;
                    break;
                }
                GuestSpace guest = host.guestAt(cursorGuest);
                if (guest.isRemappable(cursorFrame) && !(smartScan && skipped(guest, cursorFrame))) {
                    windowGuest[found] = guest;
                    windowFrame[found++] = cursorFrame;
                }
            }
            warm(found);
            for (int i = 0; i < found; i++) {
                cmpAndMerge(windowGuest[i], windowFrame[i]);
            }
            scanned += found;
        }
        if (fullScanEnded) {
            endOfFullScan();
        }
        pagesScanned += scanned;
        return scanned;
    }

    /**
     * {@code should_skip_rmap_item}: whether smart scanning skips this visit to a resident frame,
     * which ages the frame unless it is shared. Deciding while the window is found is deciding in
     * the scanner's order: merging a frame of the window makes no frame ahead of it shared (only
     * itself, and a frame already in the unstable tree, which is behind the cursor).
     */
    private boolean skipped(GuestSpace guest, int frame) {
        if (sharing.isShared(guest.hostFrame(frame))) {
            return false;
        }
        int id = checksums.id(guest.index(), guest.frames(), frame);
        int next = SmartScan.visit(checksums.smartScanState(id));
        checksums.setSmartScanState(id, next & ~SmartScan.SKIP);
        if ((next & SmartScan.SKIP) == 0) {
            return false;
        }
        pagesSkipped++;
        return true;
    }

    /** Reads, for each frame found, its host frame's owner and token and the two trees' slots for it. */
    private void warm(int found) {
        long sum = 0;
        for (int i = 0; i < found; i++) {
            int own = windowGuest[i].hostFrame(windowFrame[i]);
            windowToken[i] = frames.token(own);
            sum += frames.ownerGuest(own);
        }
        for (int i = 0; i < found; i++) {
            sum += sharing.peek(windowToken[i]) + unstable.peek(windowToken[i]);
        }
        warmed = sum;
    }

    /** Moves the cursor to the next guest frame; false at the end of a full scan (the cursor restarts). */
    private boolean advance() {
        int guests = host.guestCount();
        if (guests == 0) {
            return false;
        }
        while (true) {
            if (cursorGuest < guests) {
                GuestSpace guest = host.guestAt(cursorGuest);
                // skip chunks with nothing resident: a full scan costs the host's memory, not the guests'.
                // The checksums of the whole chunks skipped go (not of the one the cursor is in: its
                // frames may be in the unstable tree), as get_next_rmap_item frees the rmap_items of
                // addresses it passes unmapped.
                int from = cursorFrame + 1;
                cursorFrame = guest.nextMaybeResident(from);
                int to = cursorFrame < guest.frames() ? cursorFrame : cursorFrame + CHUNK - 1;
                checksums.dropChunks(cursorGuest, (from + CHUNK - 1) >>> CHUNK_SHIFT, to >>> CHUNK_SHIFT);
                if (cursorFrame < guest.frames()) {
                    return true;
                }
            }
            cursorFrame = -1;
            if (++cursorGuest >= guests) {
                cursorGuest = 0;
                return false;
            }
        }
    }

    private void endOfFullScan() {
        unstable.clear();
        fullScans++;
    }

    private void cmpAndMerge(GuestSpace guest, int frame) {
        int own = guest.hostFrame(frame);
        if (sharing.isShared(own)) {
            return;
        }
        long token = frames.token(own);
        int stable = sharing.find(token);
        if (stable >= 0) {
            sharing.merge(stable, guest, frame);
            return;
        }
        int self = checksums.id(guest.index(), guest.frames(), frame);
        if (!checksums.known(self) || checksums.sum(self) != token) {
            checksums.set(self, token);
            return;
        }
        int other = unstable.get(token);
        if (other != -1 && other != self) {
            GuestSpace otherGuest = host.guestAt(checksums.guest(other));
            int otherFrame = checksums.frame(other);
            if (otherGuest.isRemappable(otherFrame)) {
                int otherOwn = otherGuest.hostFrame(otherFrame);
                if (!sharing.isShared(otherOwn) && frames.token(otherOwn) == token) {
                    unstable.remove(token);
                    int shared = sharing.promote(otherGuest, otherFrame);
                    sharing.merge(shared, guest, frame);
                    return;
                }
            }
        }
        unstable.put(token, self);
    }

    /** Chunks of checksums held: those of 2 MiB chunks with something resident when last scanned. */
    int checksumChunks() {
        return checksums.chunks();
    }

    @Override
    public String toString() {
        return "ksm: " + pagesScanned + " pages scanned, " + pagesSkipped + " skipped, " + fullScans + " full scans; "
                + sharing;
    }
}
