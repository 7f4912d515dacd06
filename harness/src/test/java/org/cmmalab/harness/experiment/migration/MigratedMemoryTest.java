package org.cmmalab.harness.experiment.migration;

import org.cmmalab.discardfault.HostedGuest;
import org.cmmalab.guestmm.GuestHinting;
import org.cmmalab.guestmm.GuestKernel;
import org.cmmalab.guestmm.KernelConfig;
import org.cmmalab.hostpager.Host;
import org.cmmalab.hostpager.HostConfig;
import org.cmmalab.hostpager.migration.MigrationSource;
import org.cmmalab.hostpager.migration.MigrationTarget;
import org.cmmalab.pagestates.FrameState;
import org.cmmalab.pagestates.Orc;
import org.cmmalab.pagestates.UsageState;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The destination check finds what is missing or stale, and nothing when all arrived. */
class MigratedMemoryTest {
    @Test
    void countsEveryHeldPageTheDestinationLacks() {
        Host host = new Host(HostConfig.of(1024, 1024));
        HostedGuest guest = HostedGuest.boot(host, 1024, KernelConfig.of(1, GuestHinting.NONE));
        GuestKernel kernel = guest.kernel();
        int pid = kernel.createProcess();
        int start = kernel.malloc(pid, 10);
        for (int i = 0; i < 10; i++) {
            kernel.touchAnon(pid, start + i, true);
        }
        MigrationSource source = MigrationSource.start(guest.space());
        MigrationTarget target = new MigrationTarget(1024);
        assertEquals(10, MigratedMemory.lostPages(kernel, source, target, false), "nothing sent yet");
        for (int f = 0; f < 1024; f++) {
            target.receivePage(f, source.content(f));
        }
        assertEquals(0, MigratedMemory.lostPages(kernel, source, target, false));
        kernel.touchAnon(pid, start, true);
        assertEquals(1, MigratedMemory.lostPages(kernel, source, target, false), "a store after the copy");
    }

    @Test
    void withAttributesAStateTheDestinationLacksIsLost() {
        Host host = new Host(HostConfig.of(64, 64));
        HostedGuest guest = HostedGuest.boot(host, 64, KernelConfig.of(1, GuestHinting.V7));
        MigrationSource source = MigrationSource.start(guest.space());
        MigrationTarget target = new MigrationTarget(64);
        for (int f = 0; f < 64; f++) {
            target.receiveAttribute(f, source.attribute(f));
        }
        assertEquals(0, MigratedMemory.lostPages(guest.kernel(), source, target, true));
        boolean unused = FrameState.usage(guest.space().table().state(5)) == UsageState.UNUSED;
        guest.space().essa(5, unused ? Orc.SET_STABLE : Orc.SET_UNUSED);
        assertEquals(1, MigratedMemory.lostPages(guest.kernel(), source, target, true));
    }
}
