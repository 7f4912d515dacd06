package org.cmmalab.hostpager.device;

import org.cmmalab.guestmm.list.AgeList;
import org.eclipse.collections.impl.map.mutable.primitive.LongIntHashMap;

/**
 * z/VM's expanded storage (XSTOR) as the fast tier of the host's paging device: which written-out
 * guest pages are held in XSTOR blocks, the rest being on DASD paging space. The rule, from the
 * z/VM Large Memory report (IBM, "z/VM Large Memory - Linux on System z", December 2007, its
 * "z/VM memory management overview"): when real storage has too few frames, guest pages are
 * moved to XSTOR; once XSTOR is full, pages are moved on from XSTOR to DASD. So here:
 * <ul>
 *   <li>every page-out lands in XSTOR, a page already there taking its own block again;</li>
 *   <li>a page-out that finds XSTOR full first <em>migrates</em> the page that has been in XSTOR
 *       longest to DASD (a DASD write: moving a page between XSTOR and DASD goes through real
 *       storage, there is no direct path), freeing its block;</li>
 *   <li>a page-in reads the page from the tier that holds it and leaves the copy there, as the
 *       paging device keeps a slot's copy (the {@code BACKED} bit), so that a clean frame
 *       dropped again costs no write in either tier;</li>
 *   <li>a slot the device frees leaves XSTOR with it.</li>
 * </ul>
 * z/VM writes to DASD in blocks of pages and reads a block back on a fault ("block paging", z/VM
 * performance tips, "Storage Configuration"); its block size and its choice of pages are not in
 * the sources we could read, and reading a block back would make pages resident that no guest
 * touched, so neither is modelled: each migration is one page. With no blocks the tier is off
 * and every page lives on DASD. z/VM 6.4 and later cannot use XSTOR at all.
 *
 * <p>This class only places pages and counts ({@link MemoryTier}); what each move costs in time is
 * the harness's cost model. Used from the host's one thread, through {@link PagingDevice}.
 */
public final class ExpandedStorage implements MemoryTier {
    private static final int NONE = -1;

    private final int blocks;
    /** Slot key ({@code volume << 32 | frame}) to the block that holds it. */
    private final LongIntHashMap blockOfSlot = new LongIntHashMap();
    private final long[] slotOfBlock;
    /** Occupied blocks in the order they were written, oldest first. */
    private final AgeList written;
    private final int[] freeBlocks;
    private int freeCount;
    private long reads;
    private long writes;
    private long migrated;

    /** Expanded storage of {@code blocks} 4 KiB blocks; 0 for none. */
    public ExpandedStorage(int blocks) {
        if (blocks < 0) {
            throw new IllegalArgumentException("expanded storage must not be negative, was " + blocks + " blocks");
        }
        this.blocks = blocks;
        slotOfBlock = new long[blocks];
        written = new AgeList(blocks);
        freeBlocks = new int[blocks];
        for (int b = 0; b < blocks; b++) {
            freeBlocks[b] = blocks - 1 - b; // block 0 is taken first
        }
        freeCount = blocks;
    }

    /** The size in 4 KiB blocks; 0 if the host has none. */
    public int blocks() {
        return blocks;
    }

    /** Blocks holding a page now. */
    public int usedBlocks() {
        return blocks - freeCount;
    }

    /** Whether XSTOR holds the copy of frame {@code frame} of the guest on paging volume {@code volume}. */
    public boolean holds(int volume, int frame) {
        return blockOfSlot.containsKey(key(volume, frame));
    }

    /** Pages read from XSTOR: the host's page-ins it served, and any other read of a page it held. */
    @Override
    public long reads() {
        return reads;
    }

    /** Pages written into XSTOR (every page-out, while it has blocks). */
    @Override
    public long writes() {
        return writes;
    }

    /** Pages moved on from XSTOR to DASD to make room: one DASD write each. */
    @Override
    public long migrated() {
        return migrated;
    }

    /** None: XSTOR is storage outside real memory. */
    @Override
    public int hostFrames() {
        return 0;
    }

    /** A page-out of the slot, whatever its content: it goes to XSTOR, migrating the oldest page there to DASD if XSTOR is full. */
    @Override
    public void write(int volume, int frame, long token) {
        if (blocks == 0) {
            return;
        }
        long key = key(volume, frame);
        int b = blockOfSlot.getIfAbsent(key, NONE);
        if (b != NONE) {
            written.moveToNewest(b);
        } else {
            if (freeCount == 0) {
                migrated++;
                release(written.oldest());
            }
            b = freeBlocks[--freeCount];
            blockOfSlot.put(key, b);
            slotOfBlock[b] = key;
            written.addNewest(b);
        }
        writes++;
    }

    /** A read of the slot's copy; counted if XSTOR holds it. */
    @Override
    public void read(int volume, int frame) {
        if (blocks != 0 && blockOfSlot.containsKey(key(volume, frame))) {
            reads++;
        }
    }

    /** The device freed the slot: its copy leaves XSTOR if it was there. */
    @Override
    public void free(int volume, int frame) {
        if (blocks == 0) {
            return;
        }
        int b = blockOfSlot.getIfAbsent(key(volume, frame), NONE);
        if (b != NONE) {
            release(b);
        }
    }

    private void release(int b) {
        written.remove(b);
        blockOfSlot.remove(slotOfBlock[b]);
        freeBlocks[freeCount++] = b;
    }

    private static long key(int volume, int frame) {
        return (long) volume << 32 | frame & 0xFFFF_FFFFL;
    }
}
