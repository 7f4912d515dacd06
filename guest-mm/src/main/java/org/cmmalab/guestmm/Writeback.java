package org.cmmalab.guestmm;

import java.util.ArrayDeque;

/**
 * Time-driven write-back, after the flusher threads of {@code fs/fs-writeback.c}: a file joins
 * the dirty list when its first page is dirtied and records that moment
 * ({@code inode->dirtied_when}); a flusher pass writes back every file dirtied at least the
 * dirty-expire time ago (Linux {@code dirty_expire_centisecs}, 30 s), oldest first, all of its
 * dirty pages. The kernel has no clock: the harness calls {@link GuestKernel#writeback(long)}
 * with the virtual time, as Linux wakes the flusher every {@code dirty_writeback_centisecs}
 * (5 s). Write-back under memory pressure is reclaim's ({@link Reclaim}).
 */
final class Writeback {
    private final PageCache cache;
    private final long expireNanos;
    private final ArrayDeque<Inode> dirty = new ArrayDeque<>();

    Writeback(PageCache cache, long expireNanos) {
        this.cache = cache;
        this.expireNanos = expireNanos;
    }

    /** A page of {@code ino} was dirtied at {@code now}. */
    void dirtied(Inode ino, long now) {
        if (ino.dirtiedWhen == Inode.CLEAN) {
            ino.dirtiedWhen = now;
            enqueue(ino);
        }
    }

    /** A flusher pass at {@code now}. */
    void writebackExpired(long now) {
        for (int n = dirty.size(); n > 0; n--) {
            Inode ino = dequeue();
            if (ino.deleted || ino.dirtiedWhen == Inode.CLEAN) {
                continue;
            }
            if (now - ino.dirtiedWhen >= expireNanos) {
                cache.writebackInode(ino, true);
            }
            if (ino.dirtiedWhen != Inode.CLEAN) {
                enqueue(ino);
            }
        }
    }

    /** sync(2): writes back every dirty file now. */
    void sync() {
        while (!dirty.isEmpty()) {
            Inode ino = dequeue();
            if (!ino.deleted && ino.dirtiedWhen != Inode.CLEAN) {
                cache.writebackInode(ino, false);
            }
        }
    }

    private void enqueue(Inode ino) {
        if (!ino.queued) {
            ino.queued = true;
            dirty.addLast(ino);
        }
    }

    private Inode dequeue() {
        Inode ino = dirty.pollFirst();
        ino.queued = false;
        return ino;
    }
}
