package org.cmmalab.hostpager.replacement;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The replacement policies by name, in the manner of the Caffeine simulator's policy registry: a
 * new policy is one class and one {@code register} line here, or, from outside host-pager, one
 * call to {@link #register(String, Function)} (docs/extending.md).
 */
public final class ReplacementPolicies {
    /** The policy a host uses unless its configuration names another. */
    public static final String DEFAULT = "lru";

    private static final Map<String, Function<ReplacementConfig, ReplacementPolicy>> FACTORIES = new LinkedHashMap<>();

    static {
        register("lru", context -> new LruPolicy(context.capacity()));
        register("clock", context -> new ClockPolicy(context.capacity()));
        register("opt", context -> new OptPolicy(context.capacity(), context.future()));
    }

    private ReplacementPolicies() {
    }

    /**
     * Registers policy {@code name}, made by {@code factory} for each host, after the others.
     * Refuses a name already registered. Closing the returned registration takes it out again.
     */
    public static AutoCloseable register(String name, Function<ReplacementConfig, ReplacementPolicy> factory) {
        if (FACTORIES.putIfAbsent(name, factory) != null) {
            throw new IllegalArgumentException("a replacement policy named '" + name + "' is registered already");
        }
        return () -> FACTORIES.remove(name);
    }

    /** The registered names, in registration order. */
    public static Set<String> names() {
        return Collections.unmodifiableSet(FACTORIES.keySet());
    }

    /** A new policy {@code name}; an {@link IllegalArgumentException} naming the known ones for any other name. */
    public static ReplacementPolicy create(String name, ReplacementConfig context) {
        Function<ReplacementConfig, ReplacementPolicy> factory = FACTORIES.get(name);
        if (factory == null) {
            throw new IllegalArgumentException("unknown replacement policy '" + name + "'; known policies: "
                    + String.join(", ", FACTORIES.keySet()));
        }
        return factory.apply(context);
    }
}
