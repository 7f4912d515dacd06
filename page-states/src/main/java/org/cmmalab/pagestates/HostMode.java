package org.cmmalab.pagestates;

/**
 * The real host a run models: each mode is a named system, with the guest that runs on it
 * (docs/state-model.md section 7).
 */
public enum HostMode {
    /**
     * The full CMMA architecture as z/VM runs it, with the 2009 guest page hinting series as the
     * guest: U, V and clean P frames are discarded, a discarded volatile frame faults.
     */
    ZVM(new ZvmRules()),
    /**
     * Mainline KVM of Linux 6.12 with a mainline Linux guest: only U frames are discarded
     * ({@code mm/rmap.c} checks {@code pte_unused}), usage survives swap-out, no discard fault.
     */
    KVM(new KvmRules());

    private final HostRules rules;

    HostMode(HostRules rules) {
        this.rules = rules;
    }

    HostRules rules() {
        return rules;
    }

    /** The name used on the command line and in JSON: {@code zvm} or {@code kvm}. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Every mode's name, for help texts and error messages. */
    public static java.util.List<String> ids() {
        return java.util.Arrays.stream(values()).map(HostMode::id).toList();
    }

    /** Parses a mode's {@link #id}; anything else is an {@link IllegalArgumentException} that lists them. */
    public static HostMode of(String id) {
        for (HostMode m : values()) {
            if (m.id().equals(id)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown host mode '" + id + "'; known modes: " + String.join(", ", ids()));
    }
}
