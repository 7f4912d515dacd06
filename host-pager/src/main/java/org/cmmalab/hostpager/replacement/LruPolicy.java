package org.cmmalab.hostpager.replacement;

import org.cmmalab.guestmm.list.AgeList;

/**
 * Exact least-recently-used: the victim is the unit whose last access is oldest. The resident
 * units are on an {@link AgeList} by slot: a unit joins it as the newest, an access makes it the
 * newest again, and the victim is the oldest; every operation is a constant number of array stores.
 */
final class LruPolicy implements ReplacementPolicy {
    private final AgeList resident;

    LruPolicy(int capacity) {
        this.resident = new AgeList(capacity);
    }

    @Override
    public void onResident(int slot, long key) {
        resident.addNewest(slot);
    }

    @Override
    public void onAccess(int slot, long key) {
        resident.moveToNewest(slot);
    }

    @Override
    public void onRemove(int slot) {
        resident.remove(slot);
    }

    @Override
    public int victim() {
        return resident.oldest();
    }

    /** An unreclaimable unit goes back to the front, as if just used, so the scan moves on. */
    @Override
    public void onSkip(int slot) {
        resident.moveToNewest(slot);
    }
}
