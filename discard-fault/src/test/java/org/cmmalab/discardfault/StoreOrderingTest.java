package org.cmmalab.discardfault;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.cmmalab.hostpager.GuestSpace;
import org.cmmalab.hostpager.ReclaimResult;
import org.cmmalab.pagestates.HostMode;
import org.cmmalab.pagestates.Orc;
import org.junit.jupiter.api.Test;

/**
 * Race 4 on real threads, where the model checker cannot look: Lincheck explores interleavings
 * under sequential consistency, but x86-TSO and the Java memory model also let a thread's load run
 * ahead of its own earlier store (StoreLoad reordering). A guest store to a frame whose change bits
 * are set already finds nothing to set; if its content were not ordered before that look, the
 * host could clear the bits, copy the older content and free the frame as clean, and the store
 * would be lost. This is the bug {@code cmma stress} found (about one short run in six).
 *
 * <p>One vCPU stores 1, 2, 3, ... to one frame and loads each back at once; the host thread
 * reclaims the frame in a loop. A load that does not see the vCPU's own last store means the host
 * wrote out a stale copy. {@code races.stores} sets the number of stores (default
 * {@value #DEFAULT_STORES}).
 */
class StoreOrderingTest {
    private static final int DEFAULT_STORES = 20_000_000;
    private static final int STORES = Integer.getInteger("races.stores", DEFAULT_STORES);

    @Test
    void storeToAChangedFrameIsNeverLostToAConcurrentWriteOut() throws InterruptedException {
        GuestSpace store = HostedGuest.threaded(2, HostMode.ZVM, 2);
        store.essa(0, Orc.SET_STABLE);
        store.store(0, 0);
        AtomicLong lost = new AtomicLong();
        AtomicLong firstLost = new AtomicLong(-1);
        Thread vcpu = new Thread(() -> {
            for (long v = 2; v <= STORES; v += 2) {
                store.store(0, v - 1); // sets the change bits
                store.store(0, v); // finds them set
                if (store.load(0) != v && lost.getAndIncrement() == 0) {
                    firstLost.set(v);
                }
            }
        }, "vcpu");
        AtomicLong writtenOut = new AtomicLong();
        Thread host = new Thread(() -> {
            while (vcpu.isAlive()) {
                if (store.reclaim(0) == ReclaimResult.WRITTEN) {
                    writtenOut.incrementAndGet();
                }
            }
        }, "host");
        vcpu.start();
        host.start();
        vcpu.join();
        host.join();
        assertEquals(0, lost.get(), "stores lost to a stale write-out, the first at version " + firstLost.get()
                + " (" + writtenOut.get() + " write-outs)");
    }
}
