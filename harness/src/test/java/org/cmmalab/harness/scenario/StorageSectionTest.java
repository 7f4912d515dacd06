package org.cmmalab.harness.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cmmalab.harness.InputError;
import org.cmmalab.harness.scenario.Storage.GuestDisks;
import org.junit.jupiter.api.Test;

/**
 * The {@code storage:} section and the expanded storage keys: good values read as written,
 * absent ones take the defaults, and each mistake is one message naming file, line, key and value.
 */
class StorageSectionTest {
    /** Host section on lines 4-5, storage appended from line 11. */
    private static final String BASE = String.join("\n",
            "name: small",
            "durationSeconds: 5",
            "overcommit: [2.0]",
            "host:",
            "  mode: zvm",
            "guests:",
            "  - name: web",
            "    count: 2",
            "    memoryMiB: 64",
            "    workload: web-farm",
            "");

    private static Scenario parse(String text) {
        return ScenarioFixtures.parse(text);
    }

    private static String message(String text) {
        return assertThrows(InputError.class, () -> parse(text)).getMessage();
    }

    @Test
    void withoutTheSectionGuestsShareOneDeviceOfOneChannel() {
        Scenario s = parse(BASE);
        assertEquals(Storage.DEFAULT, s.storage());
        assertEquals(new Storage(GuestDisks.SHARED, 1), s.storage());
        assertEquals(0, s.host().xstorMiB());
        assertEquals(10_000, s.costs().xstorPage());
    }

    @Test
    void everyLayoutAndChannelCountReadsAsWritten() {
        assertEquals(new Storage(GuestDisks.PER_GUEST, Storage.UNLIMITED),
                parse(BASE + "storage:\n  guestDisks: per-guest\n  channels: unlimited\n").storage());
        assertEquals(new Storage(GuestDisks.SHARED, 8), parse(BASE + "storage:\n  channels: 8\n").storage());
        Storage withPaging = parse(BASE + "storage:\n  guestDisks: with-paging\n").storage();
        assertEquals(GuestDisks.WITH_PAGING, withPaging.guestDisks());
        assertTrue(parse(BASE + "storage: {guestDisks: shared, channels: unlimited}\n").storage().unlimited());
    }

    @Test
    void anUnknownLayoutListsTheKnownOnes() {
        assertEquals("test.yaml:12: storage.guestDisks must be one of per-guest, shared, with-paging, was 'private'",
                message(BASE + "storage:\n  guestDisks: private\n"));
    }

    @Test
    void channelsMustBeAPositiveCountOrUnlimited() {
        assertEquals("test.yaml:12: storage.channels must be a whole number from 1 to 1024 or 'unlimited', was '0'",
                message(BASE + "storage:\n  channels: 0\n"));
        assertEquals("test.yaml:12: storage.channels must be a whole number from 1 to 1024 or 'unlimited', was 'many'",
                message(BASE + "storage:\n  channels: many\n"));
        assertEquals("test.yaml:12: storage.channels must be a whole number from 1 to 1024 or 'unlimited', was '2.5'",
                message(BASE + "storage:\n  channels: 2.5\n"));
    }

    @Test
    void withPagingTakesThePagingDevicesChannels() {
        String m = message(BASE + "storage:\n  guestDisks: with-paging\n  channels: 4\n");
        assertTrue(m.startsWith("test.yaml:13: storage.channels does not apply with guestDisks: with-paging"), m);
        assertTrue(m.contains("host.pagingChannels"), m);
    }

    @Test
    void anUnknownStorageKeyIsNamed() {
        String m = message(BASE + "storage:\n  guestDisk: shared\n");
        assertTrue(m.startsWith("test.yaml:12: unknown key 'guestDisk' in storage; known keys: channels, guestDisks"), m);
    }

    @Test
    void expandedStorageIsZvmsAndItsSizeAndCostAreChecked() {
        Scenario s = parse(BASE.replace("  mode: zvm", "  mode: zvm\n  xstorMiB: 512") + "costs:\n  xstorPageNs: 2000\n");
        assertEquals(512, s.host().xstorMiB());
        assertEquals(2000, s.costs().xstorPage());
        assertEquals("test.yaml:6: host.xstorMiB is z/VM's expanded storage; host.mode is kvm, which has none",
                message(BASE.replace("  mode: zvm", "  mode: kvm\n  xstorMiB: 512")));
        assertEquals("test.yaml:6: host.xstorMiB must be from 0 to 65536, was -1",
                message(BASE.replace("  mode: zvm", "  mode: zvm\n  xstorMiB: -1")));
        assertEquals("test.yaml:12: costs.xstorPageNs must be from 0 to 60000000000, was -5",
                message(BASE + "costs:\n  xstorPageNs: -5\n"));
    }
}
