package org.cmmalab.hostpager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link HostMemMap}' table of write-outs in flight against a plain map, through growth and deletions in any order. */
class HostMemMapWritingTest {
    @Test
    void writeOutsInFlightAreFoundUntilTheyEnd() {
        HostMemMap frames = new HostMemMap(4096);
        Map<Integer, Integer> model = new HashMap<>();
        SplittableRandom random = new SplittableRandom(7);
        int inFlightFrames = 0;
        for (int step = 0; step < 200_000; step++) {
            int slot = random.nextInt(4096);
            Integer ticket = model.get(slot);
            if (ticket == null && random.nextInt(3) > 0) {
                model.put(slot, frames.startWriting(slot, 1));
                inFlightFrames++;
            } else if (ticket != null) {
                assertFalse(frames.stopWriting(slot, ticket + 1, 1), "another write-out's ticket ends nothing");
                assertTrue(frames.stopWriting(slot, ticket, 1));
                model.remove(slot);
                inFlightFrames--;
            }
            int probe = random.nextInt(4096);
            assertEquals(model.getOrDefault(probe, 0), frames.writingTicket(probe), "slot " + probe + " at step " + step);
            assertEquals(inFlightFrames, frames.writingFrames());
        }
        int oldest = model.entrySet().stream().min(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(-1);
        assertEquals(oldest, frames.oldestWriting());
    }
}
