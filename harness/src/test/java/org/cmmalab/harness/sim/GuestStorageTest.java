package org.cmmalab.harness.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.cmmalab.harness.scenario.Storage;
import org.cmmalab.harness.scenario.Storage.GuestDisks;
import org.junit.jupiter.api.Test;

/**
 * The guests' storage layouts: private devices isolate the guests, a shared one does not, and
 * with-paging puts them behind the host's paging; unlimited channels never wait.
 */
class GuestStorageTest {
    private static final long READ = 100;
    private static final long WRITE = 150;

    private static GuestStorage storage(GuestDisks disks, int channels, DeviceQueue paging) {
        return GuestStorage.of(new Storage(disks, channels), 3, paging);
    }

    @Test
    void perGuestDevicesIsolateTheGuests() {
        GuestStorage s = storage(GuestDisks.PER_GUEST, 1, DeviceQueue.of(1));
        assertEquals(10 * READ, s.sync(1, 0, 10, READ, 0, WRITE));
        assertEquals(2 * READ + WRITE, s.sync(2, 0, 2, READ, 1, WRITE), "guest 1's reads are on another device");
        assertEquals(READ + READ, s.sync(1, 900, 1, READ, 0, WRITE), "its own earlier reads are in its way");
    }

    @Test
    void aSharedDeviceMakesGuestsWaitForEachOther() {
        GuestStorage s = storage(GuestDisks.SHARED, 1, DeviceQueue.of(1));
        assertEquals(10 * READ, s.sync(1, 0, 10, READ, 0, WRITE));
        assertEquals(10 * READ + READ + WRITE, s.sync(2, 0, 1, READ, 1, WRITE), "behind guest 1's ten reads");
        assertEquals(READ, storage(GuestDisks.SHARED, 2, DeviceQueue.of(1)).sync(3, 0, 1, READ, 0, WRITE));
        GuestStorage two = storage(GuestDisks.SHARED, 2, DeviceQueue.of(1));
        two.sync(1, 0, 4, READ, 0, WRITE);
        assertEquals(READ, two.sync(2, 0, 1, READ, 0, WRITE), "two channels: the second guest takes the other");
    }

    @Test
    void withPagingTheGuestsQueueBehindTheHostsPageOuts() {
        DeviceQueue paging = DeviceQueue.of(1);
        GuestStorage s = storage(GuestDisks.WITH_PAGING, 1, paging);
        paging.async(0, 5, 1_000);
        assertEquals(5_000 + READ, s.sync(1, 0, 1, READ, 0, WRITE));
        assertEquals(5_000 + READ + 1_000, paging.sync(0, 1, 1_000), "and the host's page-ins behind the guest");
    }

    @Test
    void unlimitedChannelsChargeTheServiceOnly() {
        for (GuestDisks disks : new GuestDisks[] {GuestDisks.PER_GUEST, GuestDisks.SHARED}) {
            GuestStorage s = storage(disks, Storage.UNLIMITED, DeviceQueue.of(1));
            for (int g = 1; g <= 3; g++) {
                assertEquals(7 * READ + 2 * WRITE, s.sync(g, 0, 7, READ, 2, WRITE), disks + " guest " + g);
            }
        }
    }
}
