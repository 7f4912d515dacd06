package org.cmmalab.harness.scenario;

import java.util.List;
import org.cmmalab.hostpager.replacement.ReplacementConfig;
import org.cmmalab.hostpager.replacement.ReplacementPolicies;

/**
 * The host replacement policies' names, all from host-pager's registry
 * ({@link ReplacementPolicies}). A policy that needs the run's future references to be built
 * (OPT) serves a trace replay, which knows them; a scenario's host can name only the others.
 */
public final class ReplacementNames {
    private ReplacementNames() {
    }

    /** Every registered name: what {@code cmma replay --policy} takes. */
    public static List<String> all() {
        return List.copyOf(ReplacementPolicies.names());
    }

    /** The names a scenario's {@code host.replacement} takes: those built without future references. */
    public static List<String> withoutFuture() {
        return all().stream().filter(name -> !needsFuture(name)).toList();
    }

    /** Whether the policy {@code name} is built from the run's future references (the registry refuses it without). */
    public static boolean needsFuture(String name) {
        try {
            ReplacementPolicies.create(name, new ReplacementConfig(1, new long[0]));
            return false;
        } catch (IllegalArgumentException e) {
            return true;
        }
    }
}
