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
 * <p>Bookkeeping follows the host's memory: {@link Checksums} holds 8 bytes and two bits per frame
 * of each 2 MiB chunk that had something resident when the scanner last passed it (a byte more
 * with smart scanning), and the unstable tree ({@link ContentIndex}) 11 to 17 bytes per entry, its
 * keys being read back from the checksums.
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
    private static final int WINDOW = 64;

    private final Host host;
    private final HostMemMap frames;
    private final SharedFrames sharing;
    private final boolean smartScan;
    /** Each scanned frame's content at its last scan, and its id in the unstable tree. */
    private final Checksums checksums;
    /** Content token to the id of this full scan's candidate holding it. */
    private final ContentIndex unstable;
    /**
     * The frames of one window of {@link #scan}: guest index and frame (numbers, not references,
     * which would cost the collector's write barrier per frame), their host frame and its token,
     * their checksum id (-1 while their chunk has none), whether they are mappers of a shared
     * frame, and whether they are to be scanned (neither shared nor skipped).
     */
    private final int[] windowGuest = new int[WINDOW];
    private final int[] windowFrame = new int[WINDOW];
    private final int[] windowOwn = new int[WINDOW];
    private final long[] windowToken = new long[WINDOW];
    private final int[] windowId = new int[WINDOW];
    private final boolean[] windowShared = new boolean[WINDOW];
    private final boolean[] windowScan = new boolean[WINDOW];
    /** What {@link #scanWindow} read to warm the trees' slots, kept so that the reads are not optimized away; never used. */
    @SuppressWarnings("unused")
    private long warmed;
    private int cursorGuest;
    private int cursorFrame = -1;
    /** The guest the cursor is in, and the end of the cursor's 2 MiB chunk if {@link #advance} found it this batch, else 0. */
    private GuestSpace cursorSpace;
    private int chunkEnd;
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

    /**
     * The most heap, in bytes, a scanner's checksums and unstable tree take over guests of
     * {@code guestFrames} frames in all with at most {@code residentFrames} of them resident at
     * once: each resident frame taken as a chunk of checksums' worth, and as an entry of the
     * unstable tree while it grows. The shared frames (a node per shared frame, 8 bytes per
     * mapper, and the stable tree) are not counted.
     */
    public static long maxHeapBytes(long residentFrames, long guestFrames, boolean smartScan) {
        return Checksums.maxBytes(residentFrames, guestFrames, smartScan) + ContentIndex.maxBytes(residentFrames, false);
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
     * found a window of up to {@value #WINDOW} at a time ({@link #scanWindow}): at full size every
     * frame costs a few cache misses (its host frame's token, a slot of each tree), each dependent
     * on the last, so one frame at a time leaves the processor waiting on one miss after another.
     * Finding frames ahead changes nothing: merging a frame changes neither the residency nor the
     * content of another, and the checksum chunks the cursor drops while it finds them have
     * nothing resident, so nothing is in the unstable tree under them (a slot dropped sooner may
     * be reused sooner, which renames checksum ids and nothing else). A window holds no more
     * frames than the batch has pages left to scan, so that the cursor never passes a frame the
     * batch does not visit.
     */
    public int scan(int pages) {
        if (pages < 0) {
            throw new IllegalArgumentException("pages to scan must not be negative, was " + pages);
        }
        int scanned = 0;
        boolean fullScanEnded = false;
        chunkEnd = 0; // the guests ran since the last batch: the cursor's chunk is looked up again
        while (scanned < pages && !fullScanEnded) {
            int found = 0;
            int room = Math.min(WINDOW, pages - scanned);
            while (found < room) {
                if (!advance()) {
                    fullScanEnded = true;
                    break;
                }
                if (cursorSpace.isRemappable(cursorFrame)) {
                    windowGuest[found] = cursorGuest;
                    windowFrame[found++] = cursorFrame;
                }
            }
            scanned += scanWindow(found);
        }
        if (fullScanEnded) {
            endOfFullScan();
        }
        pagesScanned += scanned;
        return scanned;
    }

    /**
     * Visits the {@code found} frames of the window in passes, each over the whole window, so
     * that the loads of one pass do not depend on one another and their cache misses overlap:
     * each frame's host frame and token (and its owner, if the frame may be a mapper); smart
     * scanning's decision, in the scanner's order; for each frame still to scan, the stable tree's
     * home slot, and the unstable tree's if the frame has a checksum (it is searched if the
     * checksum holds; waiting for the token to tell would be waiting for the miss), read only to
     * warm them; {@link #cmpAndMerge}, in the scanner's order. Deciding every skip of the window
     * before merging any of its frames is deciding in the scanner's order: merging a frame makes
     * no frame ahead of it shared (only itself, and a frame already in the unstable tree, which is
     * behind the cursor). Returns the frames scanned: all but the skipped.
     */
    private int scanWindow(int found) {
        for (int i = 0; i < found; i++) {
            int frame = windowFrame[i];
            windowOwn[i] = host.guestAt(windowGuest[i]).hostFrame(frame);
            windowId[i] = checksums.existingId(windowGuest[i], frame);
        }
        for (int i = 0; i < found; i++) {
            windowToken[i] = frames.token(windowOwn[i]);
        }
        for (int i = 0; i < found; i++) {
            int id = windowId[i];
            windowShared[i] = id >= 0 && checksums.mayBeStable(id) && sharing.isShared(windowOwn[i]);
        }
        int scanned = 0;
        for (int i = 0; i < found; i++) {
            windowScan[i] = !windowShared[i] && !skipped(i);
            if (windowShared[i] || windowScan[i]) {
                scanned++;
            }
        }
        long sum = 0;
        for (int i = 0; i < found; i++) {
            if (windowScan[i]) {
                sum += sharing.peek(windowToken[i]);
            }
        }
        for (int i = 0; i < found; i++) {
            int id = windowId[i];
            if (windowScan[i] && id >= 0 && checksums.known(id)) {
                sum += unstable.peek(windowToken[i]);
            }
        }
        warmed = sum;
        for (int i = 0; i < found; i++) {
            if (windowScan[i]) {
                cmpAndMerge(i);
            }
        }
        return scanned;
    }

    /**
     * {@code should_skip_rmap_item} for frame {@code i} of the window, found unshared: whether
     * smart scanning skips this visit, which ages the frame. The frame's bit of
     * {@link Checksums#mayBeStable} is cleared, as it is found unshared.
     */
    private boolean skipped(int i) {
        int id = windowId[i];
        if (id >= 0 && checksums.mayBeStable(id)) {
            checksums.setStable(id, false);
        }
        if (!smartScan) {
            return false;
        }
        id = id(i);
        int next = SmartScan.visit(checksums.smartScanState(id));
        checksums.setSmartScanState(id, next & ~SmartScan.SKIP);
        if ((next & SmartScan.SKIP) == 0) {
            return false;
        }
        pagesSkipped++;
        return true;
    }

    /** The checksum id of frame {@code i} of the window, making its chunk if needed. */
    private int id(int i) {
        int id = windowId[i];
        if (id < 0) {
            GuestSpace guest = host.guestAt(windowGuest[i]);
            id = checksums.id(guest.index(), guest.frames(), windowFrame[i]);
            windowId[i] = id;
        }
        return id;
    }

    /**
     * Moves the cursor to the next guest frame; false at the end of a full scan (the cursor
     * restarts). Within a 2 MiB chunk found this batch the next frame is the next one: nothing in
     * a batch drops a chunk of the gmap (merging remaps frames, it unmaps none).
     */
    private boolean advance() {
        if (cursorFrame + 1 < chunkEnd) {
            cursorFrame++;
            return true;
        }
        chunkEnd = 0;
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
                    cursorSpace = guest;
                    chunkEnd = Math.min((cursorFrame | CHUNK - 1) + 1, guest.frames());
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

    /**
     * {@code cmp_and_merge_page} for frame {@code i} of the window, resident and unshared: the
     * stable tree, the checksum, the unstable tree. A frame merged gets its bit of
     * {@link Checksums#mayBeStable}, and so does the unstable tree's frame it merges with.
     */
    private void cmpAndMerge(int i) {
        GuestSpace guest = host.guestAt(windowGuest[i]);
        int frame = windowFrame[i];
        long token = windowToken[i];
        int stable = sharing.find(token);
        if (stable >= 0) {
            checksums.setStable(id(i), true);
            sharing.merge(stable, token, guest, frame);
            return;
        }
        int self = id(i);
        if (!checksums.known(self) || checksums.sum(self) != token) {
            checksums.set(self, token);
            return;
        }
        int at = unstable.find(token);
        int other = at >= 0 ? unstable.idAt(at) : -1;
        if (other != -1 && other != self) {
            GuestSpace otherGuest = host.guestAt(checksums.guest(other));
            int otherFrame = checksums.frame(other);
            if (otherGuest.isRemappable(otherFrame)) {
                int otherOwn = otherGuest.hostFrame(otherFrame);
                if (!sharing.isShared(otherOwn) && frames.token(otherOwn) == token) {
                    unstable.removeAt(at);
                    checksums.setStable(other, true);
                    checksums.setStable(self, true);
                    int shared = sharing.promote(otherGuest, otherFrame);
                    sharing.merge(shared, token, guest, frame);
                    return;
                }
            }
        }
        unstable.putAt(at, token, self);
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
