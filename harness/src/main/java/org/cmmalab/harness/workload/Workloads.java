package org.cmmalab.harness.workload;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.cmmalab.harness.scenario.Section;

/**
 * The workloads by name. Adding one is one class and one line here, as in the Caffeine
 * simulator's policy registry.
 */
public final class Workloads {
    private static final Map<String, Function<Section, WorkloadSpec>> BY_NAME = new LinkedHashMap<>();

    static {
        BY_NAME.put("web-farm", WebFarm.Spec::parse);
        BY_NAME.put("alloc-free", AllocFree.Spec::parse);
        BY_NAME.put("kernel-compile", KernelCompile.Spec::parse);
        BY_NAME.put("database", Database.Spec::parse);
        BY_NAME.put("idle", Idle.Spec::parse);
        BY_NAME.put("trace", TraceWorkload.Spec::parse);
    }

    private Workloads() {
    }

    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    /**
     * The workload {@code name} with the parameters in {@code params}; an error at {@code key} of
     * {@code owner} if there is no such workload.
     */
    public static WorkloadSpec parse(String name, Section params, Section owner, String key) {
        Function<Section, WorkloadSpec> parser = BY_NAME.get(name);
        if (parser == null) {
            throw owner.error(key, "unknown workload '" + name + "'; known workloads: " + String.join(", ", names()));
        }
        return parser.apply(params);
    }
}
