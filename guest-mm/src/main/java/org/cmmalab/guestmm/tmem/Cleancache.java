package org.cmmalab.guestmm.tmem;

/**
 * The backend of a guest's cleancache (Linux {@code include/linux/cleancache.h},
 * {@code cleancache_ops}, 2.6.39 to 5.2): a second-chance cache, outside the guest, for clean
 * page-cache pages, reached only by page copies. Xen's tmem was its backend
 * ({@code drivers/xen/tmem.c}); a harness policy connects one here with
 * {@link org.cmmalab.guestmm.GuestKernel#setCleancache}.
 *
 * <p>The kernel calls it where Linux does: {@link #put} when reclaim drops a clean, up-to-date
 * page from the page cache ({@code __delete_from_page_cache}); {@link #get} before a read-in goes
 * to the disk ({@code mpage_readpage}), which is exclusive: a hit leaves the backend without the
 * page; {@link #invalidateInode} when a file is truncated or deleted
 * ({@code truncate_inode_pages_range}). The pool is <em>ephemeral</em>: a put may be dropped at
 * any time, and a get may miss. What a get returns is checked like any read: a wrong token is a
 * lost page.
 */
public interface Cleancache {
    /** {@link #get}'s answer when the backend does not hold the page. */
    long MISS = -1;

    /** A clean page of {@code file} leaves the page cache holding {@code token}. */
    void put(int file, int page, long token);

    /** The page's content if the backend still holds it, now removed from the backend; or {@link #MISS}. */
    long get(int file, int page);

    /** The file was truncated or deleted: drop every page of it. */
    void invalidateInode(int file);
}
