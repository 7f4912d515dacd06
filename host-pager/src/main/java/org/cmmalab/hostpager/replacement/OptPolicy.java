package org.cmmalab.hostpager.replacement;

import org.eclipse.collections.impl.map.mutable.primitive.LongIntHashMap;

/**
 * Belady's optimal replacement (OPT, MIN), for trace replay, where the whole sequence of
 * references is known before the run: the victim is the resident unit whose next use lies
 * farthest ahead, or that is never used again. No online policy can fault less, so OPT is the
 * floor the others are measured against.
 *
 * <h2>Algorithm</h2>
 * At construction one backward pass over the future sequence of {@link UnitKey keys} fills
 * {@code nextAfter[i]}, the position of the next occurrence of the key at position {@code i}, and
 * {@code nextUse}, each key's first position. A cursor walks the sequence as the run makes its
 * accesses: an access to the key at the cursor consumes that position and moves the key's
 * {@code nextUse} to {@code nextAfter} of it. Resident units sit in an {@link IndexedMaxHeap} by
 * their next use, so the victim is the heap's top.
 *
 * <p>A replay does not touch each reference exactly once: a discard fault makes the guest retry,
 * and a load and a store may hit the same page for one trace line. So an access to any key but
 * the one at the cursor does not advance it; it only looks up that key's next use, which is always
 * at or after the cursor. Such repeats are therefore free, but the replay must reach every
 * position in order: a reference it skips holds the cursor until that key is accessed.
 *
 * <p>A unit the host could not reclaim ({@link #onSkip}) is treated as used now, the least
 * attractive victim, until its next access sets its true next use again.
 */
final class OptPolicy implements ReplacementPolicy {
    private static final int NEVER = Integer.MAX_VALUE;
    private static final int NOW = -1;

    private final long[] future;
    private final int[] nextAfter;
    private final LongIntHashMap nextUse;
    private final IndexedMaxHeap resident;
    private int cursor;

    OptPolicy(int capacity, long[] future) {
        if (future.length == 0) {
            throw new IllegalArgumentException(
                    "the opt policy needs the future sequence of unit keys; it is for trace replay only");
        }
        this.future = future;
        this.nextAfter = new int[future.length];
        this.nextUse = new LongIntHashMap();
        for (int i = future.length - 1; i >= 0; i--) {
            nextAfter[i] = nextUse.getIfAbsent(future[i], NEVER);
            nextUse.put(future[i], i);
        }
        this.resident = new IndexedMaxHeap(capacity);
    }

    @Override
    public void onResident(int slot, long key) {
        resident.insert(slot, advance(key));
    }

    @Override
    public void onAccess(int slot, long key) {
        resident.update(slot, advance(key));
    }

    @Override
    public void onRemove(int slot) {
        resident.remove(slot);
    }

    @Override
    public int victim() {
        return resident.top();
    }

    @Override
    public void onSkip(int slot) {
        resident.update(slot, NOW);
    }

    /** Consumes the cursor's position if {@code key} is the reference there; returns the key's next use. */
    private int advance(long key) {
        if (cursor < future.length && future[cursor] == key) {
            nextUse.put(key, nextAfter[cursor]);
            cursor++;
        }
        return nextUse.getIfAbsent(key, NEVER);
    }
}
