package org.cmmalab.pagestates;

/**
 * How much of the architecture the host honours (spec section 7).
 *
 * <p>Both modes apply ESSA the same way; they differ in what host reclaim does with a resident
 * frame. Under {@link #KVM} a volatile or potentially volatile frame is treated like a stable one,
 * so a frame the host writes out becomes {@code Sp} (the only legal pair that says "the content
 * is on the paging device"), one it frees unchanged after a zero fill becomes {@code Sz}, and a
 * host reclaim never produces {@code Vz}: the guest's volatile hint is not honoured, and reading
 * the frame later gives its content back (or zeros) instead of a discard fault.
 */
public enum HostMode {
    /** The full architecture as z/VM runs it: U, V and clean P frames are discarded. */
    ZVM,
    /** Mainline KVM: only U frames are discarded ({@code mm/rmap.c} checks {@code pte_unused}). */
    KVM;

    /** The name used on the command line and in JSON: {@code zvm} or {@code kvm}. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses {@code zvm} or {@code kvm}; anything else is an {@link IllegalArgumentException}. */
    public static HostMode of(String id) {
        for (HostMode m : values()) {
            if (m.id().equals(id)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown host mode '" + id + "'; known modes: zvm, kvm");
    }
}
