package org.cmmalab.hostpager.migration;

/**
 * The destination of a live migration of one guest: the guest memory the destination host builds
 * from what the source sends, a content token per frame (QEMU's {@code ram_load}; a zero-page
 * flag writes nothing, and fresh destination memory reads as zeros) and, when storage attributes
 * are migrated, an attribute per frame ({@link MigrationSource#attribute}). An attribute that says
 * unused or logically zero drops the frame's content, as KVM's {@code KVM_S390_SET_CMMA_BITS}
 * lets the destination discard such pages; a frame's content is then zero until a page arrives and
 * an attribute with content follows it.
 */
public final class MigrationTarget {
    private final long[] tokens;
    private final byte[] attributes;

    public MigrationTarget(int frames) {
        this.tokens = new long[frames];
        this.attributes = new byte[frames];
    }

    public int frames() {
        return tokens.length;
    }

    /** A page arrives: its content ({@code 0} for QEMU's zero-page flag). */
    public void receivePage(int frame, long token) {
        tokens[frame] = token;
    }

    /** A storage attribute arrives. */
    public void receiveAttribute(int frame, int attribute) {
        attributes[frame] = (byte) attribute;
        if (!MigrationSource.needsContent(attribute)) {
            tokens[frame] = 0;
        }
    }

    /** The content the migrated guest finds in the frame. */
    public long content(int frame) {
        return MigrationSource.needsContent(attributes[frame] & 0xFF) ? tokens[frame] : 0;
    }

    /** The frame's attribute as the destination holds it (0, stable with content, if none arrived). */
    public int attribute(int frame) {
        return attributes[frame] & 0xFF;
    }
}
