package org.cmmalab.harness.policy.registry;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.cmmalab.harness.InputError;
import org.cmmalab.harness.Registration;
import org.cmmalab.harness.policy.Composite;
import org.cmmalab.harness.policy.Policy;
import org.cmmalab.harness.policy.balloon.MomBalloon;
import org.cmmalab.harness.policy.balloon.SelfBalloonPolicy;
import org.cmmalab.harness.policy.balloon.VmrmBalloon;
import org.cmmalab.harness.policy.baseline.NoCooperation;
import org.cmmalab.harness.policy.cmma.CmmaPolicy;
import org.cmmalab.harness.policy.compressedswap.HostZswapPolicy;
import org.cmmalab.harness.policy.compressedswap.ZramPolicy;
import org.cmmalab.harness.policy.compressedswap.ZswapPolicy;
import org.cmmalab.harness.policy.damon.DamonReclaimPolicy;
import org.cmmalab.harness.policy.freepage.FreePageHintPolicy;
import org.cmmalab.harness.policy.freepage.FreePageReportingPolicy;
import org.cmmalab.harness.policy.ksm.KsmPolicy;
import org.cmmalab.harness.policy.ppr.PprPolicy;
import org.cmmalab.harness.policy.tmem.TmemPolicy;
import org.cmmalab.harness.policy.virtiomem.VirtioMemPolicy;
import org.cmmalab.harness.yaml.YamlMapping;

/**
 * The cooperation policies by name, as the Caffeine simulator registers its policies: adding one
 * is one class (against {@link Policy}) and one line here, and this map is the only list of their
 * names: help texts and errors are built from {@link #names()}. A name with {@code +} combines
 * policies ({@link Composite}).
 */
public final class Policies {
    private static final Map<String, Function<YamlMapping, Policy>> BY_NAME = new LinkedHashMap<>();

    static {
        register("none", NoCooperation::parse);
        register("cmma", CmmaPolicy::parse);
        register("balloon-vmrm", VmrmBalloon::parse);
        register("balloon-mom", MomBalloon::parse);
        register("free-page-reporting", FreePageReportingPolicy::parse);
        register("free-page-hint", FreePageHintPolicy::parse);
        register("ppr", PprPolicy::parse);
        register("tmem", TmemPolicy::parse);
        register("self-balloon", SelfBalloonPolicy::parse);
        register("ksm", KsmPolicy::parse);
        register("virtio-mem", VirtioMemPolicy::parse);
        register("damon-reclaim", DamonReclaimPolicy::parse);
        register("zram", ZramPolicy::parse);
        register("zswap", ZswapPolicy::parse);
        register("host-zswap", HostZswapPolicy::parse);
    }

    private Policies() {
    }

    /**
     * Registers policy {@code name}, whose parameters {@code parser} reads, after the others;
     * refuses a name already registered. Closing the registration takes it out again.
     */
    public static Registration register(String name, Function<YamlMapping, Policy> parser) {
        if (name.contains("+") || BY_NAME.putIfAbsent(name, parser) != null) {
            throw new IllegalArgumentException("cannot register a policy named '" + name + "'");
        }
        return () -> BY_NAME.remove(name);
    }

    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    /**
     * Checks a scenario's policy {@code spec} and its parameters
     * ({@link org.cmmalab.harness.scenario.ScenarioReader.PolicyCheck}): an error names the
     * scenario's {@code key} in {@code owner}.
     */
    public static void check(String spec, YamlMapping owner, String key, Map<String, YamlMapping> params) {
        create(spec, params, message -> owner.error(key, message));
    }

    /**
     * The policy {@code spec} (a name or names joined by {@code +}) with parameters from
     * {@code params} (by name; a missing entry means defaults). {@code unknown} makes the error
     * for a name that is not registered.
     */
    public static Policy create(String spec, Map<String, YamlMapping> params, Function<String, InputError> unknown) {
        List<Policy> parts = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String name : spec.split("\\+", -1)) {
            Function<YamlMapping, Policy> parser = BY_NAME.get(name);
            if (parser == null) {
                throw unknown.apply("unknown policy '" + name + "'; known policies: " + String.join(", ", names())
                        + " (combine them with +)");
            }
            if (!seen.add(name)) {
                throw unknown.apply("policy '" + spec + "' names " + name + " twice");
            }
            parts.add(parser.apply(params.getOrDefault(name, YamlMapping.empty())));
        }
        List<String> backends = parts.stream().filter(Policy::connectsFrontswap).map(Policy::name).toList();
        if (backends.size() > 1) {
            throw unknown.apply("policy '" + spec + "' combines " + String.join(" and ", backends)
                    + ", which each take the guest's swap-outs (its frontswap backend); a guest has one");
        }
        return parts.size() == 1 ? parts.get(0) : new Composite(parts);
    }
}
