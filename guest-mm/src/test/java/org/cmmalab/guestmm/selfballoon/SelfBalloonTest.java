package org.cmmalab.guestmm.selfballoon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cmmalab.guestmm.FlatMemory;
import org.cmmalab.guestmm.GuestHinting;
import org.cmmalab.guestmm.GuestKernel;
import org.cmmalab.guestmm.KernelConfig;
import org.junit.jupiter.api.Test;

/** xen-selfballoon.c's control law: an eighth of the excess down, all of the shortfall up, a floor. */
class SelfBalloonTest {
    private static final int FRAMES = 65_536; // 256 MiB

    @Test
    void theBalloonGrowsByAnEighthOfTheExcessAndStopsAtTheFloor() {
        GuestKernel k = new GuestKernel(new FlatMemory(FRAMES), KernelConfig.of(1, GuestHinting.NONE));
        SelfBalloon sb = new SelfBalloon(k, SelfBalloon.DOWN_HYSTERESIS, SelfBalloon.UP_HYSTERESIS, 0);
        int high = k.watermarks().high();
        assertEquals(high + 25 * 256, sb.goal(), "nothing committed: reserves and 10% of 256 MiB in whole MiB");
        long useful = FRAMES - high;
        assertEquals(high + 40 * 256 + ((useful - 40 * 256) >> 3), sb.floor(), "below 512 MiB: 40 MiB plus 1/8");
        long excess = FRAMES - sb.goal();
        assertEquals(excess / 8, sb.balloonTarget(0));
        long balloon = 0;
        for (int i = 0; i < 200; i++) {
            balloon = sb.balloonTarget(balloon);
        }
        assertEquals(FRAMES - sb.floor(), balloon, "never below the floor");
    }

    @Test
    void committedMemoryDeflatesTheBalloonAtOnce() {
        GuestKernel k = new GuestKernel(new FlatMemory(FRAMES), KernelConfig.of(1, GuestHinting.NONE));
        SelfBalloon sb = new SelfBalloon(k, 8, 1, 0);
        int pid = k.createProcess();
        int region = k.malloc(pid, 50_000);
        assertEquals(50_000, k.counters().committedPages(), "mapped, not yet touched, is committed");
        long goal = sb.goal();
        assertEquals(Math.max(0, FRAMES - goal), sb.balloonTarget(30_000), "up-hysteresis 1: the whole shortfall");
        k.free(pid, region);
        assertEquals(0, k.counters().committedPages());
        assertTrue(sb.balloonTarget(0) > 0);
        assertThrows(IllegalArgumentException.class, () -> new SelfBalloon(k, 0, 1, 0));
    }
}
