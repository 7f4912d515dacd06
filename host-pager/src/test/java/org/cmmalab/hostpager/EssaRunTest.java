package org.cmmalab.hostpager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.cmmalab.pagestates.FrameTable;
import org.cmmalab.pagestates.HostMode;
import org.cmmalab.pagestates.Orc;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A block freed at once ({@link GuestSpace#essaRun}, SET_UNUSED on each of its frames) ends as
 * its frames freed one by one ({@link GuestSpace#essa}): the same states, contents, host frames,
 * device slots, collection-buffer zaps and counts, whatever each frame held (resident, on the
 * device, zero, never touched), while whole chunks that are uniform take one frame-table step.
 */
class EssaRunTest {
    private static final int FRAMES = 8 * FrameTable.FRAMES_PER_CHUNK;

    @ParameterizedTest
    @EnumSource(HostMode.class)
    void aRunIsItsFramesOneByOne(HostMode mode) {
        SplittableRandom random = new SplittableRandom(5);
        Host[] hosts = new Host[2];
        GuestSpace[] guests = new GuestSpace[2];
        for (int i = 0; i < 2; i++) {
            hosts[i] = new Host(HostConfig.of(600, FRAMES).withMode(mode));
            guests[i] = hosts[i].attach(1, FRAMES);
        }
        Orc[] orcs = {Orc.SET_UNUSED, Orc.SET_STABLE, Orc.SET_VOLATILE, Orc.SET_STABLE_RESIDENT};
        int wholeChunks = 0;
        boolean fewerArrays = false;
        for (int round = 0; round < 60; round++) {
            for (int i = 0; i < 60; i++) {
                // mostly in the first three chunks, so that the others stay uniform for a while
                int frame = random.nextInt(200) == 0 ? random.nextInt(FRAMES) : random.nextInt(3 * FrameTable.FRAMES_PER_CHUNK);
                int what = random.nextInt(4);
                Orc orc = orcs[random.nextInt(orcs.length)];
                for (GuestSpace g : guests) {
                    switch (what) {
                        case 0 -> g.essa(frame, Orc.SET_STABLE); // a frame allocated: stable first, then used
                        case 1 -> g.essa(frame, orc);
                        default -> {
                            if (isStable(g, frame)) {
                                g.store(frame, 1000 + frame); // a small host: stores page others out
                            }
                        }
                    }
                }
            }
            // a block of one or more whole chunks, or any run: what the buddy allocator frees
            boolean whole = random.nextBoolean();
            int first = whole ? random.nextInt(8) * FrameTable.FRAMES_PER_CHUNK : random.nextInt(3 * FrameTable.FRAMES_PER_CHUNK);
            int count = whole ? FrameTable.FRAMES_PER_CHUNK * random.nextInt(1, 8 - first / FrameTable.FRAMES_PER_CHUNK + 1)
                    : random.nextInt(1, Math.max(2, 3 * FrameTable.FRAMES_PER_CHUNK - first + 1));
            count = Math.min(count, FRAMES - first);
            for (int c = first; whole && c < first + count; c += FrameTable.FRAMES_PER_CHUNK) {
                wholeChunks += guests[0].table().uniformState(c) != FrameTable.MIXED ? 1 : 0;
            }
            guests[0].essaRun(first, count, Orc.SET_UNUSED);
            for (int f = first; f < first + count; f++) {
                guests[1].essa(f, Orc.SET_UNUSED);
            }
            fewerArrays |= guests[0].table().chunksAllocated() < guests[1].table().chunksAllocated();
            String where = mode.id() + " round " + round + ", run " + first + " of " + count;
            assertEquals(hosts[1].freeFrames(), hosts[0].freeFrames(), where);
            assertEquals(hosts[1].counters().slotsFreed, hosts[0].counters().slotsFreed, where);
            assertEquals(hosts[1].counters().collectionBuffersZapped(), hosts[0].counters().collectionBuffersZapped(), where);
            assertEquals(hosts[1].counters().pageOuts(), hosts[0].counters().pageOuts(), where);
            assertEquals(guests[1].residentFrames(), guests[0].residentFrames(), where);
            for (int f = 0; f < FRAMES; f++) {
                assertEquals(guests[1].table().state(f), guests[0].table().state(f), where + ": frame " + f);
                assertEquals(hosts[1].device().holds(1, f), hosts[0].device().holds(1, f), where + ": frame " + f);
                assertEquals(guests[1].hostRead(f), guests[0].hostRead(f), where + ": frame " + f);
            }
        }
        assertTrue(wholeChunks > 20, "runs over uniform chunks must occur: " + wholeChunks);
        assertTrue(fewerArrays, "uniform chunks hold no array of their own");
        if (mode == HostMode.KVM) {
            assertTrue(hosts[0].counters().collectionBuffersZapped() > 5, "the collection buffer must fill");
        }
    }

    private static boolean isStable(GuestSpace g, int frame) {
        return org.cmmalab.pagestates.FrameState.usage(g.table().state(frame)) == org.cmmalab.pagestates.UsageState.STABLE;
    }
}
