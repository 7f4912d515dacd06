package org.cmmalab.hostpager.tmem;

import org.cmmalab.guestmm.list.AgeList;
import org.cmmalab.hostpager.GuestSpace;
import org.cmmalab.hostpager.Host;
import org.cmmalab.hostpager.HostMemMap;
import org.cmmalab.hostpager.Shrinker;
import org.eclipse.collections.impl.map.mutable.primitive.IntIntHashMap;
import org.eclipse.collections.impl.map.mutable.primitive.LongIntHashMap;
import org.eclipse.collections.impl.map.mutable.primitive.LongObjectHashMap;

/**
 * Transcendent memory: a pool of host frames that guests reach only by page copies, one page per
 * synchronous operation (Xen's tmem, {@code xen/common/tmem.c}, with Linux's
 * {@code drivers/xen/tmem.c} as the guest's backend; Magenheimer, LPC 2010, docs/sources.md).
 * Two kinds of page, each keyed by guest:
 * <ul>
 *   <li><b>Ephemeral</b> (cleancache): clean page-cache pages, keyed by file and page. A put may
 *       be dropped by the host at any time; a get that finds the page removes it (exclusive).
 *       The host evicts them oldest first ({@link #shrink}), before it reclaims any guest's
 *       memory (the host's reclaim calls it first, as its {@link Shrinker}), and to make room for a new
 *       put when free memory is short.</li>
 *   <li><b>Persistent</b> (frontswap): swap pages, keyed by swap slot. A put may be refused; an
 *       accepted page stays until the guest flushes it, and a get does not remove it. A guest's
 *       persistent pages and resident frames together stay within its memory size (the seed:
 *       frontswap is "limited by domain's maxmem").</li>
 * </ul>
 * The pool uses free host memory only: a put takes a free host frame only while more than the
 * host's high reclaim watermark would stay free (what Xen's tmem calls fallow memory), else it
 * takes the frame of the oldest ephemeral page, and a put that finds neither is refused. Pool
 * frames are owned by {@link HostMemMap#TMEM} and are no unit of the replacement policy. Their
 * content is a token, checked by the guest like any read.
 *
 * <p>Used from the host thread only (see {@link Host}).
 */
public final class TmemPool implements Shrinker {
    /** What a get returns when the pool does not hold the page. */
    public static final long MISS = -1;

    private final Host host;
    private final HostMemMap frames;
    private final int reserve;
    /** Ephemeral pages: {@code guest << 32 | file} to (page to host frame). */
    private final LongObjectHashMap<IntIntHashMap> objects = new LongObjectHashMap<>();
    /** Persistent pages: {@code guest << 32 | slot} to host frame. */
    private final LongIntHashMap persistent = new LongIntHashMap();
    private final IntIntHashMap persistentByGuest = new IntIntHashMap();
    /** Per pool frame: its object and page (ephemeral) for eviction. */
    private final long[] objectOf;
    private final int[] pageOf;
    /** The ephemeral pages by their last put, oldest first, by host frame. */
    private final AgeList ephemeral;
    private long puts;
    private long refused;
    private long hits;
    private long misses;
    private long evictions;

    /** Creates the host's tmem pool. */
    public TmemPool(Host host) {
        this.host = host;
        this.frames = host.memMap();
        this.reserve = host.config().reclaim().highWatermark();
        int n = frames.frames();
        this.objectOf = new long[n];
        this.pageOf = new int[n];
        this.ephemeral = new AgeList(n);
        host.registerShrinker(this);
    }

    // ---- ephemeral: cleancache

    /** cleancache put: keeps a copy of page {@code page} of {@code file} of guest {@code guestId}, if memory allows. */
    public boolean putEphemeral(int guestId, int file, int page, long token) {
        long object = key(guestId, file);
        IntIntHashMap pages = objects.get(object);
        int existing = pages == null ? -1 : pages.getIfAbsent(page, -1);
        if (existing >= 0) {
            frames.setToken(existing, token);
            ephemeral.moveToNewest(existing);
            puts++;
            return true;
        }
        int frame = takeFrame();
        if (frame < 0) {
            refused++;
            return false;
        }
        if (pages == null) {
            pages = new IntIntHashMap();
            objects.put(object, pages);
        }
        pages.put(page, frame);
        frames.setToken(frame, token);
        objectOf[frame] = object;
        pageOf[frame] = page;
        ephemeral.addNewest(frame);
        puts++;
        return true;
    }

    /** cleancache get: the page's content, now removed from the pool; or {@link #MISS}. */
    public long getEphemeral(int guestId, int file, int page) {
        long object = key(guestId, file);
        IntIntHashMap pages = objects.get(object);
        int frame = pages == null ? -1 : pages.getIfAbsent(page, -1);
        if (frame < 0) {
            misses++;
            return MISS;
        }
        long token = frames.token(frame);
        dropEphemeral(frame);
        hits++;
        return token;
    }

    /** cleancache invalidate_inode: drops every page of {@code file} of guest {@code guestId}. */
    public void flushObject(int guestId, int file) {
        IntIntHashMap pages = objects.get(key(guestId, file));
        if (pages == null) {
            return;
        }
        int[] held = pages.values().toArray();
        for (int frame : held) {
            dropEphemeral(frame);
        }
    }

    // ---- persistent: frontswap

    /** frontswap store: keeps slot {@code slot}'s content for guest {@code guestId}; false if refused. */
    public boolean putPersistent(int guestId, int slot, long token) {
        long k = key(guestId, slot);
        int existing = persistent.getIfAbsent(k, -1);
        if (existing >= 0) {
            frames.setToken(existing, token);
            puts++;
            return true;
        }
        GuestSpace guest = host.guest(guestId);
        if (persistentByGuest.get(guestId) + guest.residentFrames() >= guest.frames()) {
            refused++;
            return false;
        }
        int frame = takeFrame();
        if (frame < 0) {
            refused++;
            return false;
        }
        frames.setToken(frame, token);
        persistent.put(k, frame);
        persistentByGuest.addToValue(guestId, 1);
        puts++;
        return true;
    }

    /** frontswap load: slot {@code slot}'s content, left in the pool; or {@link #MISS}. */
    public long getPersistent(int guestId, int slot) {
        int frame = persistent.getIfAbsent(key(guestId, slot), -1);
        if (frame < 0) {
            misses++;
            return MISS;
        }
        hits++;
        return frames.token(frame);
    }

    /** frontswap invalidate_page: drops slot {@code slot}'s content. */
    public void flushPersistent(int guestId, int slot) {
        long k = key(guestId, slot);
        int frame = persistent.getIfAbsent(k, -1);
        if (frame >= 0) {
            persistent.remove(k);
            persistentByGuest.addToValue(guestId, -1);
            frames.release(frame);
        }
    }

    // ---- the host's side

    /**
     * Frees up to {@code wanted} host frames by dropping ephemeral pages, oldest first; returns
     * how many it freed.
     */
    @Override
    public int shrink(int wanted) {
        int n = 0;
        while (n < wanted && !ephemeral.isEmpty()) {
            dropEphemeral(ephemeral.oldest());
            evictions++;
            n++;
        }
        return n;
    }

    /** Pages in the pool now: ephemeral, persistent, and persistent ones of one guest. */
    public int ephemeralPages() {
        return ephemeral.size();
    }

    public int persistentPages() {
        return persistent.size();
    }

    public int persistentPages(int guestId) {
        return persistentByGuest.get(guestId);
    }

    /** Puts accepted, puts refused, gets that found their page, gets that missed, ephemeral pages the host evicted. */
    public long puts() {
        return puts;
    }

    public long refused() {
        return refused;
    }

    public long hits() {
        return hits;
    }

    public long misses() {
        return misses;
    }

    public long evictions() {
        return evictions;
    }

    @Override
    public String toString() {
        return "tmem: " + ephemeral.size() + " ephemeral and " + persistent.size() + " persistent pages; " + puts
                + " puts, " + refused + " refused, " + hits + " hits, " + misses + " misses, " + evictions + " evictions";
    }

    // ---- internals

    /** A free host frame above the reserve, else the oldest ephemeral page's frame, else -1. */
    private int takeFrame() {
        if (frames.free() > Math.max(reserve, 0)) {
            return frames.take(HostMemMap.TMEM, 0);
        }
        if (ephemeral.isEmpty()) {
            return -1;
        }
        dropEphemeral(ephemeral.oldest());
        evictions++;
        return frames.take(HostMemMap.TMEM, 0);
    }

    private void dropEphemeral(int frame) {
        long object = objectOf[frame];
        IntIntHashMap pages = objects.get(object);
        pages.remove(pageOf[frame]);
        if (pages.isEmpty()) {
            objects.remove(object);
        }
        ephemeral.remove(frame);
        frames.release(frame);
    }

    private static long key(int guestId, int id) {
        return (long) guestId << 32 | id & 0xFFFF_FFFFL;
    }
}
