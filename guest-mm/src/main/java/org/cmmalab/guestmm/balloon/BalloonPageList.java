package org.cmmalab.guestmm.balloon;

import org.eclipse.collections.impl.list.mutable.primitive.LongArrayList;

/**
 * A balloon's page list: the frames in the balloon, last in first out, as Linux's
 * {@code balloon_dev_info->pages} that virtio-balloon fills with {@code balloon_page_enqueue} and
 * empties with {@code balloon_page_dequeue} ({@code mm/balloon_compaction.c}; CMM keeps its own
 * list of page arrays), stored as runs of consecutive frame numbers instead of one entry a page.
 *
 * <p>A balloon can hold most of a guest (a density search balloons 80% of a thousand 4 GiB
 * guests: 800 million pages), so four bytes a page would be gigabytes of heap. The buddy
 * allocator hands out order-0 pages mostly in address order as it splits a block, so a balloon's
 * frames come in long runs, each stored in 8 bytes whatever its length: the run's first frame in
 * the high half, its last frame (the one {@link #popRun} returns first) in the low half. A run
 * ascends or descends, as its two ends say; a run of one page may grow either way.
 */
final class BalloonPageList {
    private final LongArrayList runs = new LongArrayList();
    private int pages;

    /** Pages held. */
    int size() {
        return pages;
    }

    /** Adds {@code frame} on top. */
    void push(int frame) {
        int top = runs.size() - 1;
        if (top >= 0) {
            long run = runs.get(top);
            int first = first(run);
            int last = last(run);
            int step = Integer.signum(last - first);
            if (step == 0 ? Math.abs(frame - last) == 1 : frame - last == step) {
                runs.set(top, run(first, frame));
                pages++;
                return;
            }
        }
        runs.add(run(frame, frame));
        pages++;
    }

    /**
     * Adds the {@code count} frames from {@code first} on top, ascending: as that many
     * {@link #push} calls would, in O(1). After {@code first}, each frame is one above the last, so
     * it extends the top run unless that run descends to {@code first}.
     */
    void pushRun(int first, int count) {
        push(first);
        if (count > 1) {
            int top = runs.size() - 1;
            long run = runs.get(top);
            if (first(run) <= last(run)) {
                runs.set(top, run(first(run), first + count - 1));
            } else {
                runs.add(run(first + 1, first + count - 1));
            }
            pages += count - 1;
        }
    }

    /**
     * Removes up to {@code max} frames from the top run, the last pushed first,
     * and returns them as a range: the first frame popped in the high half, the last in the low
     * half (the range descends when the run ascended).
     */
    long popRun(int max) {
        int top = runs.size() - 1;
        if (top < 0 || max <= 0) {
            throw new IllegalStateException("nothing to pop: " + pages + " pages held, " + max + " asked");
        }
        long run = runs.get(top);
        int first = first(run);
        int last = last(run);
        int step = Integer.signum(last - first);
        int n = Math.min(max, Math.abs(last - first) + 1);
        int end = last - (n - 1) * step;
        if (end == first) {
            runs.removeAtIndex(top);
        } else {
            runs.set(top, run(first, end - step));
        }
        pages -= n;
        return run(last, end);
    }

    /** The first frame of a range {@link #popRun} returned. */
    static int rangeFirst(long range) {
        return first(range);
    }

    /** The last frame of a range {@link #popRun} returned. */
    static int rangeLast(long range) {
        return last(range);
    }

    /** Runs stored now. */
    int runs() {
        return runs.size();
    }

    /** Bytes of heap the runs take (the array's spare capacity and header aside). */
    long bytes() {
        return 8L * runs.size();
    }

    private static long run(int first, int last) {
        return (long) first << 32 | last & 0xFFFF_FFFFL;
    }

    private static int first(long run) {
        return (int) (run >>> 32);
    }

    private static int last(long run) {
        return (int) run;
    }
}
