package org.cmmalab.guestmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Guests booted from one disk image share file content; what a guest wrote or owns stays its own. */
class SharedImageTokensTest {
    private static final int IMAGE = 4;

    private static GuestKernel kernel(SimulatedMemory mem, int guest, int image) {
        return new GuestKernel(mem, KernelConfig.of(guest, GuestHinting.NONE).withImage(image));
    }

    @Test
    void guestsOfOneImageReadTheSameFileContentUntilTheyWriteIt() {
        GuestKernel a = kernel(new SimulatedMemory(256), 1, IMAGE);
        GuestKernel b = kernel(new SimulatedMemory(256), 2, IMAGE);
        int fa = a.createFile(8);
        int fb = b.createFile(8);
        long ta = a.read(fa, 3);
        assertEquals(ta, b.read(fb, 3), "the same file page of the same image");
        assertTrue(ContentToken.isShared(ta));
        assertEquals(IMAGE, ContentToken.image(ta));
        assertEquals(ContentToken.imageFile(IMAGE, fa, 3), ta);
        assertNotEquals(ta, a.read(fa, 4), "another page, other content");

        long written = a.write(fa, 3, 0);
        assertFalse(ContentToken.isShared(written), "a page the guest wrote is its own");
        assertEquals(ContentToken.file(1, fa, 3, 1), written);
        assertEquals(ta, b.read(fb, 3), "the other guest still sees the image's content");

        int pa = a.createProcess();
        int pb = b.createProcess();
        long anonA = a.touchAnon(pa, a.malloc(pa, 1), true);
        long anonB = b.touchAnon(pb, b.malloc(pb, 1), true);
        assertNotEquals(anonA, anonB, "anonymous pages are never shared content");
        assertEquals(0, a.counters().lostPages() + b.counters().lostPages());
    }

    @Test
    void withoutAnImageEveryTokenCarriesTheGuest() {
        GuestKernel a = new GuestKernel(new SimulatedMemory(256), KernelConfig.of(1, GuestHinting.NONE));
        GuestKernel b = new GuestKernel(new SimulatedMemory(256), KernelConfig.of(2, GuestHinting.NONE));
        long ta = a.read(a.createFile(4), 0);
        long tb = b.read(b.createFile(4), 0);
        assertNotEquals(ta, tb);
        assertEquals(1, ContentToken.guest(ta));
        assertFalse(ContentToken.isShared(ta));
    }

    @Test
    void foreignContentIsAnotherGuestsOwnOrAnotherImagesOnly() {
        long mine = ContentToken.anon(1, 0, 5, 2);
        long theirs = ContentToken.anon(2, 0, 5, 2);
        long ourImage = ContentToken.imageFile(IMAGE, 3, 0);
        long otherImage = ContentToken.imageFile(IMAGE + 1, 3, 0);
        assertFalse(ContentToken.isForeign(mine, 1, IMAGE));
        assertTrue(ContentToken.isForeign(theirs, 1, IMAGE));
        assertFalse(ContentToken.isForeign(ourImage, 1, IMAGE));
        assertTrue(ContentToken.isForeign(otherImage, 1, IMAGE));
        assertTrue(ContentToken.isForeign(ourImage, 1, KernelConfig.NO_IMAGE), "a guest without that image");
        assertFalse(ContentToken.isForeign(ContentToken.ZERO, 1, IMAGE), "zeros belong to nobody");
        assertThrows(IllegalArgumentException.class, () -> KernelConfig.of(1, GuestHinting.NONE).withImage(ContentToken.MAX_GUEST + 1));
    }

    @Test
    void aPrivatePageShowingAnythingButItsOwnContentIsLostAndForeignContentIsALeak() {
        SimulatedMemory mem = new SimulatedMemory(256);
        GuestKernel k = kernel(mem, 1, IMAGE);
        int file = k.createFile(8);
        long[] found = {
            ContentToken.file(2, file, 2, 1),   // another guest's write: lost and leaked
            ContentToken.imageFile(IMAGE, file, 5), // our image, another page: lost, not leaked
            ContentToken.imageFile(IMAGE + 1, file, 2), // another image: lost and leaked
        };
        long[] leaks = {1, 1, 2};
        for (int i = 0; i < found.length; i++) {
            k.write(file, 2, 0);
            int frame = KernelParts.fileFrame(k, file, 2);
            mem.content[frame] = found[i];
            k.read(file, 2);
            assertEquals(i + 1, k.counters().lostPages(), "case " + i);
            assertEquals(leaks[i], k.counters().leaks(), "case " + i);
        }
        assertTrue(k.lostPages().get(1).toString().contains("(image " + IMAGE + "'s)"), k.lostPages().get(1).toString());
    }

    @Test
    void anUnwrittenImagePageShowingAnotherGuestsContentIsALeak() {
        SimulatedMemory mem = new SimulatedMemory(256);
        GuestKernel k = kernel(mem, 1, IMAGE);
        int file = k.createFile(8);
        k.read(file, 0);
        int frame = KernelParts.fileFrame(k, file, 0);
        mem.content[frame] = ContentToken.anon(3, 1, 1, 2);
        k.read(file, 0);
        assertEquals(1, k.counters().lostPages());
        assertEquals(1, k.counters().leaks());
        assertTrue(k.lostPages().get(0).toString().contains("(guest 3's)"), k.lostPages().get(0).toString());
    }
}
